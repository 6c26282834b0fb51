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


@pytest.fixture(autouse=True, scope="session")
def _glossary_cache(tmp_path_factory):
    """Compiled glossaries (pipeline/glossary/cache.py) go to a folder of this
    session, never the user's ~/.cache; subprocesses inherit it."""
    os.environ["PIPELINE_CACHE_DIR"] = str(tmp_path_factory.mktemp("glossary-cache"))


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
                            registry.EngineEntry(name, lambda: engine_class, "workers"))
        return engine_class

    return register


# -- the Argos side: tiny packages (tests/tiny_argos.py) and an isolated argos home --
@pytest.fixture(scope="session")
def tiny_argosmodel(tmp_path_factory) -> Path:
    """A tiny fr→en ``.argosmodel`` (2 layers, d_model 64, random weights)."""
    from tests.tiny_argos import build_argosmodel

    return build_argosmodel(tmp_path_factory.mktemp("tiny_argos"))


@pytest.fixture(scope="session")
def en_fr_argosmodel(tmp_path_factory) -> Path:
    """The same kind of package, but declared en→fr (must be refused)."""
    from tests.tiny_argos import build_argosmodel

    return build_argosmodel(tmp_path_factory.mktemp("tiny_argos_enfr"),
                            from_code="en", to_code="fr")


@pytest.fixture(scope="session")
def layout_argosmodel(tmp_path_factory):
    """``layout_argosmodel(key)``: the ``.argosmodel`` of LAYOUT_PACKAGES[key], built once."""
    built: dict[str, Path] = {}

    def get(key: str) -> Path:
        if key not in built:
            from tests.argos_fixtures import LAYOUT_PACKAGES
            from tests.tiny_argos import build_argosmodel

            out = tmp_path_factory.mktemp("layout_" + key.replace(".", "_").replace("+", "_"))
            built[key] = build_argosmodel(out, **LAYOUT_PACKAGES[key])
        return built[key]

    return get


@pytest.fixture
def argos_home(tmp_path, monkeypatch) -> Path:
    """Point every argos directory at a fresh tmp dir; returns the packages dir.

    Env vars cover code that resolves paths at call time (pipeline.engines.argos.models);
    ``argostranslate.settings`` computed its paths at first import, so those
    module attributes are patched too.
    """
    home = tmp_path / "argos-home"
    packages = home / "packages"
    for var, sub in (("XDG_DATA_HOME", "data"), ("XDG_CACHE_HOME", "cache"),
                     ("XDG_CONFIG_HOME", "config")):
        (home / sub).mkdir(parents=True)
        monkeypatch.setenv(var, str(home / sub))
    packages.mkdir()
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(packages))

    from argostranslate import settings

    data = home / "data" / "argos-translate"
    cache = home / "cache" / "argos-translate"
    (cache / "downloads").mkdir(parents=True, exist_ok=True)  # exists if settings
    data.mkdir(parents=True, exist_ok=True)  # was first imported just above
    monkeypatch.setattr(settings, "data_dir", data)
    monkeypatch.setattr(settings, "cache_dir", cache)
    monkeypatch.setattr(settings, "downloads_dir", cache / "downloads")
    monkeypatch.setattr(settings, "package_data_dir", packages)
    monkeypatch.setattr(settings, "package_dirs", [packages])
    monkeypatch.setattr(settings, "local_package_index", data / "index.json")
    monkeypatch.setattr(settings, "settings_file", home / "config" / "settings.json")
    return packages


@pytest.fixture
def installed_tiny(argos_home, tiny_argosmodel):
    """The tiny fr→en package installed into ``argos_home``; an InstalledModel."""
    from pipeline.engines.argos.models import install_file

    return install_file(tiny_argosmodel)


@pytest.fixture
def no_network(monkeypatch):
    """Make every urllib request fail as it does offline; returns the list of URLs tried."""
    import urllib.error
    import urllib.request

    tried: list[str] = []

    def offline(url, *args, **kwargs):
        tried.append(getattr(url, "full_url", url))
        raise urllib.error.URLError("[Errno -3] Temporary failure in name resolution")

    monkeypatch.setattr(urllib.request, "urlopen", offline)
    return tried


# -- the review app: a small translated project served on an ephemeral port, a browser --
@pytest.fixture
def review_project(tmp_path):
    """(seeds, out, server): tests/review_fixtures.py's project, served; shut down after the test."""
    from tests.review_fixtures import review_server

    with review_server(tmp_path) as project:
        yield project


@pytest.fixture
def review_app(review_project):
    """The served review app of ``review_project``."""
    return review_project[2]


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run"]


@pytest.fixture
def page():
    """A page of Debian's headless chromium driven by Playwright (skips without them, except on CI)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists() and not os.environ.get("CI"):
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        pg = browser.new_page()
        pg.set_default_timeout(15000)
        yield pg
        browser.close()
