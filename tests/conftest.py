"""Shared fixtures: the corpus, a deterministic fake engine, and CLI runners."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest

from pipeline.engines.base import Translation

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


class FakeEngine:
    """The tests' one engine: deterministic, instant, and easy to check.

    Sentences in ``table`` get its translation (what a good engine would say);
    every other sentence goes through ``transform``: upper-cased by default, so
    a test sees at a glance what was machine-translated. It records every batch
    so tests can assert what was (not) sent, and can be told to raise
    KeyboardInterrupt on a given call to simulate Ctrl-C, or to fail when an
    input is longer than ``max_chars``. ``name`` matters to the glossary
    (apertium is repaired, other engines get placeholders).
    """

    name = "fake"

    def __init__(self, version: str = "1", interrupt_on_call: int | None = None, max_chars: int | None = None, *,
                 name: str | None = None, table: dict[str, str] | None = None,
                 transform: Callable[[str], str] = str.upper, workers: int = 0):
        if name is not None:
            self.name = name
        self.version = version
        self.workers = workers  # recorded only: what the registry passed
        self.calls: list[list[str]] = []
        self.interrupt_on_call = interrupt_on_call
        self.max_chars = max_chars
        self.table = table or {}
        self.transform = transform

    @property
    def sentences_seen(self) -> list[str]:
        return [s for call in self.calls for s in call]

    def translate(self, sentences, progress=None):
        if self.interrupt_on_call is not None and len(self.calls) == self.interrupt_on_call:
            raise KeyboardInterrupt
        self.calls.append(list(sentences))
        if self.max_chars is not None:
            too_long = [s for s in sentences if len(s) > self.max_chars]
            assert not too_long, f"engine got {len(too_long)} inputs over {self.max_chars} chars"
        if progress:
            progress(len(sentences))
        return [Translation(text=self.table.get(s) or self.transform(s)) for s in sentences]


@pytest.fixture
def fake_engine():
    return FakeEngine()


@pytest.fixture
def corpus(tmp_path) -> Path:
    """A private copy of seeds/ (tests may modify it)."""
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


def run_cli(*args: str, cwd: Path, env: dict | None = None, timeout: int = 600) -> subprocess.CompletedProcess:
    """Run `python -m pipeline` for real: exit codes and stderr as a user sees them."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    full_env.pop("PIPELINE_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd, env=full_env,
                          capture_output=True, text=True, timeout=timeout)


def has_apertium() -> bool:
    return shutil.which("apertium") is not None


requires_apertium = pytest.mark.skipif(
    not has_apertium() and not os.environ.get("CI"),
    reason="Apertium not installed (./run test installs it; CI requires it)",
)



@pytest.fixture
def register_fake(monkeypatch):
    """``register_fake(name)``: FakeEngine registered as engine ``name`` for this test.

    A registered name goes through the same path as argos or apertium
    (registry, executor, run), so the CLI and the API are tested end to end
    without a real engine; its options are FakeEngine's constructor's.
    """
    from pipeline.engines import registry

    def register(name: str = "fake") -> type:
        engine_class = type(f"FakeEngine_{name}", (FakeEngine,), {"name": name})
        monkeypatch.setitem(registry.ENGINES, name,
                            registry.EngineEntry(name, "the tests' engine", lambda: engine_class, "workers"))
        return engine_class

    return register
