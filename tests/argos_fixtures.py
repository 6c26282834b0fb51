"""Pytest fixtures for the Argos side: tiny packages and an isolated argos home.

Use with ``from tests.argos_fixtures import *``.
"""
from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.tiny_argos import build_argosmodel

__all__ = ["tiny_argosmodel", "en_fr_argosmodel", "argos_home", "installed_tiny",
           "no_network", "packages_snapshot", "layout_argosmodel", "LAYOUT_PACKAGES"]

# The real layouts (tests/tiny_argos.py) as test packages. eos_bias is chosen
# so that, under the tests' output cap, some outputs end early and some run
# to the cap (random weights: the bias is what makes </s> likely).
LAYOUT_PACKAGES = {
    "1.9": dict(layout="1.9", eos_bias=4.5),
    "1.0": dict(layout="1.0", eos_bias=2.0),
    "bpe": dict(layout="bpe", eos_bias=1.0),
    "1.9+target_prefix": dict(layout="1.9", eos_bias=1.0, target_prefix=">>eng<<"),
    "1.0+target_prefix": dict(layout="1.0", eos_bias=1.5, target_prefix="<2en>"),
}


@pytest.fixture(scope="session")
def tiny_argosmodel(tmp_path_factory) -> Path:
    """A tiny fr→en ``.argosmodel`` (2 layers, d_model 64, random weights)."""
    return build_argosmodel(tmp_path_factory.mktemp("tiny_argos"))


@pytest.fixture(scope="session")
def en_fr_argosmodel(tmp_path_factory) -> Path:
    """The same kind of package, but declared en→fr (must be refused)."""
    return build_argosmodel(tmp_path_factory.mktemp("tiny_argos_enfr"),
                            from_code="en", to_code="fr")


@pytest.fixture(scope="session")
def layout_argosmodel(tmp_path_factory):
    """``layout_argosmodel(key)``: the ``.argosmodel`` of LAYOUT_PACKAGES[key], built once."""
    built: dict[str, Path] = {}

    def get(key: str) -> Path:
        if key not in built:
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
    tried: list[str] = []

    def offline(url, *args, **kwargs):
        tried.append(getattr(url, "full_url", url))
        raise urllib.error.URLError("[Errno -3] Temporary failure in name resolution")

    monkeypatch.setattr(urllib.request, "urlopen", offline)
    return tried


def packages_snapshot(directory: Path) -> dict[str, int]:
    """Every file (relative path → size) under ``directory``, to compare before/after."""
    return {
        str(p.relative_to(directory)): p.stat().st_size if p.is_file() else -1
        for p in sorted(Path(directory).rglob("*"))
    }

