"""Which programs make Apertium's fr → es → en pipe, and starting them.

Apart from the engine (apertium.py) so that a run can start the pipe before it
imports anything else (pipeline/early.py): this module needs only the standard
library's process modules (no sqlite3, no threads, no typer).
"""
from __future__ import annotations

import shutil
import subprocess
from functools import lru_cache
from pathlib import Path
from typing import Optional

PAIRS = ("fr-es", "spa-eng")
DEBIAN_PACKAGES = ("apertium-fr-es", "apertium-eng-spa")
INSTALL_HINT = "apt-get install apertium apertium-fr-es apertium-eng-spa"
MODES_DIR = Path("/usr/share/apertium/modes")


def _unavailable() -> Optional[str]:
    """Why Apertium cannot run here, or None."""
    if shutil.which("apertium") is None:
        return f"the `apertium` command is not installed ({INSTALL_HINT})"
    # The mode files are what `apertium -l` lists and what we run; reading the
    # folder spares a shell script per start (it counts in a no-op re-run).
    missing = [p for p in PAIRS if not (MODES_DIR / f"{p}.mode").is_file()]
    if missing:
        return f"Apertium lacks the {', '.join(missing)} mode(s) ({INSTALL_HINT})"
    return None


@lru_cache(maxsize=1)
def null_flush_command() -> str:
    """The shell pipe of both pairs in null-flush mode, as the wrapper would run it
    for `apertium -u` ($1 = -n: no unknown-word marks; $2 = no tagger option),
    less the word-bound-blank programs.

    apertium-wblank-attach/-detach carry inline formatting (``[[…]]`` blanks,
    which only the HTML/RTF deformatters make) past the transfer. ``deformat``
    never makes one: it escapes every bracket of the text and its own blanks
    are single ``[…]``. Without those four programs the output is byte for byte
    the same (newstest, FLORES, both TICO-19 splits: 5,583 lines) and the chain
    uses 3.5% less CPU, which the run's own Python needs on two cores."""
    stages: list[str] = []
    for pair in PAIRS:
        try:
            mode = subprocess.run(["apertium-wblank-mode", "-z", str(MODES_DIR / f"{pair}.mode")],
                                  capture_output=True, text=True, check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError) as err:
            from ..errors import EngineError  # (imports sqlite3: not on the early path)

            raise EngineError(f"apertium: cannot read the {pair} mode file ({err})") from None
        stages.extend(stage.strip() for stage in mode.replace("$1", "-n").replace("$2", "").split(" | ")
                      if not stage.strip().startswith("apertium-wblank-"))
    return " | ".join(stages)


def open_pipe(command: str) -> subprocess.Popen:
    """The pipe's programs, started: they load their models at once. A session of
    their own, so that closing kills every program of the pipe (os.killpg)."""
    return subprocess.Popen(["bash", "-c", command], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, start_new_session=True)
