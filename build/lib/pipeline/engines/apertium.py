"""Apertium, Debian's rule-based engine: French → Spanish → English, offline.

There is no direct fr→en pair in Debian, so we pivot through Spanish with two
processes in a pipe. One process call translates many sentences. They are
separated by BLANK lines, not single newlines: Apertium's transfer rules read
across a single newline when a line has no final punctuation (a headline, a
caption), moving words from one sentence into the next while keeping the line
count. A blank line is a paragraph break, which ends the transfer window, so no
word crosses into another sentence. (The statistical tagger still sees the
previous sentence, so an ambiguous word's inflection can differ from a
one-sentence call; `-z` null-flush would reset it but the Debian wrapper does
not honour it for text input.) The structure is checked on every call; if it
ever differs, the batch is re-done one sentence per call, so output never lands
on the wrong sentence.
"""
from __future__ import annotations

import shutil
import subprocess
from functools import lru_cache
from typing import Optional, Sequence

from ..errors import EngineError
from .base import ProgressCallback, Translation

PAIRS = ("fr-es", "spa-eng")
DEBIAN_PACKAGES = ("apertium-fr-es", "apertium-eng-spa")
INSTALL_HINT = "apt-get install apertium apertium-fr-es apertium-eng-spa"


def _clean(sentence: str) -> str:
    # A newline inside a sentence would break the one-line-per-sentence contract.
    return " ".join(sentence.split())


@lru_cache(maxsize=1)
def apertium_version() -> str:
    """Package versions of the two language pairs, part of the memory key."""
    try:
        out = subprocess.run(
            ["dpkg-query", "-W", "-f", "${Package} ${Version}\n", *DEBIAN_PACKAGES],
            capture_output=True, text=True, check=True,
        ).stdout.split("\n")
        return "+".join(line.replace(" ", "=") for line in out if line)
    except (OSError, subprocess.CalledProcessError):
        return "apertium=unknown"


def apertium_available() -> tuple[bool, str]:
    if shutil.which("apertium") is None:
        return False, f"the `apertium` command is not installed ({INSTALL_HINT})"
    try:
        modes = subprocess.run(["apertium", "-l"], capture_output=True, text=True, timeout=30).stdout.split()
    except (OSError, subprocess.SubprocessError) as err:
        return False, f"`apertium -l` failed: {err}"
    missing = [p for p in PAIRS if p not in modes]
    if missing:
        return False, f"Apertium lacks the {', '.join(missing)} mode(s) ({INSTALL_HINT})"
    return True, "apertium " + apertium_version()


class ApertiumEngine:
    name = "apertium"

    def __init__(self, lines_per_call: int = 400):
        ok, detail = apertium_available()
        if not ok:
            raise EngineError(f"apertium engine unavailable: {detail}")
        self.version = apertium_version()
        self.lines_per_call = lines_per_call

    def _run(self, lines: Sequence[str]) -> list[str]:
        """Translate ``lines``; returns the output lines (blank separators included)."""
        text = "\n\n".join(lines) + "\n"
        try:
            first = subprocess.run(["apertium", "-u", PAIRS[0]], input=text, capture_output=True,
                                   text=True, check=True)
            second = subprocess.run(["apertium", "-u", PAIRS[1]], input=first.stdout,
                                    capture_output=True, text=True, check=True)
        except subprocess.CalledProcessError as err:
            detail = (err.stderr or "").strip().splitlines()
            raise EngineError(f"apertium failed: {detail[-1] if detail else err}") from None
        out = second.stdout
        if out.endswith("\n"):
            out = out[:-1]
        return out.split("\n")

    def translate(self, sentences: Sequence[str],
                  progress: Optional[ProgressCallback] = None) -> list[Translation]:
        results: list[Translation] = []
        for start in range(0, len(sentences), self.lines_per_call):
            batch = [_clean(s) for s in sentences[start:start + self.lines_per_call]]
            out = self._run(batch)
            if len(out) == 2 * len(batch) - 1 and not any(out[1::2]):
                out = out[0::2]
            else:
                out = [" ".join(self._run([s])) for s in batch]
            results.extend(Translation(text=line.strip()) for line in out)
            if progress:
                progress(len(batch))
        return results
