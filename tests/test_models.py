"""Model management: install/validate/list .argosmodel files, offline index, CLI."""
from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli.models import app
from pipeline.engines.argos import models
from pipeline.errors import ModelError
from tests.argos_fixtures import packages_snapshot


def test_install_then_list(argos_home, tiny_argosmodel):
    assert models.list_installed() == []
    installed = models.install_file(tiny_argosmodel)
    assert installed.path == argos_home / "translate-fr_en-1_0"
    listed = models.list_installed()
    assert [(m.name, m.from_code, m.to_code, m.version, m.path) for m in listed] == [
        ("translate-fr_en", "fr", "en", "1.0", argos_home / "translate-fr_en-1_0")
    ]
    assert listed[0].label == "translate-fr_en-1.0"
    assert (installed.path / "model" / "model.bin").is_file()
    # no staging directory left behind
    assert [p.name for p in argos_home.iterdir()] == ["translate-fr_en-1_0"]
    pkg = models.find_fr_en_package()
    assert pkg is not None and Path(pkg.package_path) == installed.path


def test_reinstall_replaces_in_place(installed_tiny, argos_home, tiny_argosmodel):
    marker = installed_tiny.path / "stale-file"
    marker.write_text("from the previous install")
    models.install_file(tiny_argosmodel)
    assert not marker.exists()
    assert [p.name for p in argos_home.iterdir()] == ["translate-fr_en-1_0"]


def test_packages_dir_follows_env_at_call_time(argos_home, tmp_path, monkeypatch):
    other = tmp_path / "elsewhere"
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(other))
    assert models.packages_dir() == other


def test_list_skips_broken_dirs(installed_tiny, argos_home):
    (argos_home / "not-a-package").mkdir()
    broken = argos_home / "broken"
    broken.mkdir()
    (broken / "metadata.json").write_text("{not json")
    assert [m.path for m in models.list_installed()] == [installed_tiny.path]


def test_find_prefers_highest_version(argos_home, tiny_argosmodel, tmp_path):
    models.install_file(tiny_argosmodel)
    newer = argos_home / "translate-fr_en-1_10"
    shutil.copytree(argos_home / "translate-fr_en-1_0", newer)
    meta = json.loads((newer / "metadata.json").read_text())
    meta["package_version"] = "1.10"
    (newer / "metadata.json").write_text(json.dumps(meta))
    assert models.find_fr_en_package().package_version == "1.10"


# ---------------------------------------------------------------- bad archives


def _rezip(src: Path, dest: Path, *, drop=(), add=None, rename_top=None) -> Path:
    """Copy an .argosmodel, dropping/adding members, to build broken variants."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w") as zout:
        for item in zin.infolist():
            if any(item.filename.endswith(d) for d in drop):
                continue
            name = item.filename
            if rename_top:
                name = rename_top + name[name.index("/"):]
            zout.writestr(name, zin.read(item.filename))
        for name, data in (add or {}).items():
            zout.writestr(name, data)
    return dest


def _corrupt(src: Path, dest: Path) -> Path:
    data = bytearray(src.read_bytes())
    mid = len(data) // 2
    data[mid:mid + 64] = bytes(64)  # zero a run inside a compressed member
    dest.write_bytes(bytes(data))
    return dest


def _write(dest: Path, data: bytes) -> Path:
    dest.write_bytes(data)
    return dest


BAD_ARCHIVES = {
    "text file renamed": lambda src, d: _write(d, b"hello, I am text\n"),
    "truncated": lambda src, d: _write(d, src.read_bytes()[:5000]),
    "corrupt bytes": _corrupt,
    "no metadata": lambda src, d: _rezip(src, d, drop=("metadata.json",)),
    "no model.bin": lambda src, d: _rezip(src, d, drop=("model.bin",)),
    "no sentencepiece": lambda src, d: _rezip(src, d, drop=("sentencepiece.model",)),
    "two top dirs": lambda src, d: _rezip(src, d, add={"other/readme.txt": "x"}),
    "file at root": lambda src, d: _rezip(src, d, add={"README.md": "x"}),
    "unsafe path": lambda src, d: _rezip(src, d, add={"translate-fr_en-1_0/../../evil": "x"}),
    "garbage sentencepiece": lambda src, d: _rezip(
        src, d, drop=("sentencepiece.model",),
        add={"translate-fr_en-1_0/sentencepiece.model": b"\x00garbage" * 10}),
    "garbage model.bin": lambda src, d: _rezip(
        src, d, drop=("model/config.json", "model.bin"),
        add={"translate-fr_en-1_0/model/model.bin": b""}),
}


@pytest.mark.parametrize("kind", sorted(BAD_ARCHIVES))
def test_bad_archive_is_refused_and_changes_nothing(kind, installed_tiny, argos_home,
                                                    tiny_argosmodel, tmp_path):
    bad = BAD_ARCHIVES[kind](tiny_argosmodel, tmp_path / f"bad-{kind.replace(' ', '_')}.argosmodel")
    before = packages_snapshot(argos_home)
    with pytest.raises(ModelError) as exc:
        models.install_file(bad)
    message = str(exc.value)
    assert str(bad) in message and "\n" not in message
    assert packages_snapshot(argos_home) == before


def test_en_fr_package_is_refused(argos_home, en_fr_argosmodel):
    with pytest.raises(ModelError, match=r"en→fr; the pipeline needs fr→en") as exc:
        models.install_file(en_fr_argosmodel)
    assert str(en_fr_argosmodel) in str(exc.value)
    assert list(argos_home.iterdir()) == []


def test_missing_file(argos_home, tmp_path):
    with pytest.raises(ModelError, match="no such file"):
        models.install_file(tmp_path / "nope.argosmodel")


# ---------------------------------------------------------------- index, offline


def test_index_install_offline_without_index(argos_home, no_network):
    with pytest.raises(ModelError) as exc:
        models.install_from_index()
    assert str(exc.value) == models.OFFLINE_MESSAGE
    assert no_network, "the real argos index code path must have been exercised"
    assert list(argos_home.iterdir()) == []


def test_index_install_offline_with_stale_index(argos_home, no_network):
    from argostranslate import settings

    Path(settings.local_package_index).write_text(json.dumps([{
        "package_version": "1.9", "argos_version": "1.9.0", "from_code": "fr",
        "to_code": "en", "type": "translate",
        "links": ["https://example.invalid/translate-fr_en-1_9.argosmodel"],
    }]))
    with pytest.raises(ModelError) as exc:
        models.install_from_index()
    assert str(exc.value) == models.OFFLINE_MESSAGE
    assert list(argos_home.iterdir()) == []


def fake_index(monkeypatch, entries: list[dict], files: dict[str, Path]) -> list[list[str]]:
    """Replace the network: the index refresh writes ``entries``; a link serves ``files[link]``."""
    from argostranslate import networking, package as argos_package, settings

    def update():
        Path(settings.local_package_index).write_text(json.dumps(entries))

    fetched: list[list[str]] = []

    def get_from(urls, retry_count=3):
        fetched.append(list(urls))
        return files[urls[0]].read_bytes() if urls and urls[0] in files else None

    monkeypatch.setattr(argos_package, "update_package_index", update)
    monkeypatch.setattr(networking, "get_from", get_from)
    return fetched


def index_entry(version: str, link: str, pair=("fr", "en")) -> dict:
    return {"package_version": version, "argos_version": "1.9.0", "from_code": pair[0],
            "to_code": pair[1], "type": "translate", "links": [link]}


def test_index_install_downloads_and_installs(argos_home, layout_argosmodel, monkeypatch):
    """The online path with the network replaced: the version the index lists is installed."""
    fetched = fake_index(monkeypatch, [
        index_entry("1.0", "https://example.invalid/old"),
        index_entry("1.9", "https://example.invalid/new"),
        index_entry("1.9", "https://example.invalid/enfr", pair=("en", "fr")),
    ], {"https://example.invalid/new": layout_argosmodel("1.9"),
        "https://example.invalid/old": layout_argosmodel("1.0")})
    installed = models.install_from_index()
    assert fetched == [["https://example.invalid/new"]]
    assert (installed.from_code, installed.to_code, installed.version) == ("fr", "en", "1.9")
    assert models.list_installed() == [installed]
    # nothing left beside or inside the packages dir
    assert not models.staging_root(argos_home).exists()


def test_index_install_ignores_a_stale_cached_download(argos_home, layout_argosmodel,
                                                       monkeypatch):
    """argos caches downloads as translate-fr_en.argosmodel and would reuse a 1.0 file."""
    from argostranslate import settings

    stale = Path(settings.downloads_dir) / "translate-fr_en.argosmodel"
    stale.write_bytes(layout_argosmodel("1.0").read_bytes())
    fake_index(monkeypatch, [index_entry("1.9", "https://example.invalid/new")],
               {"https://example.invalid/new": layout_argosmodel("1.9")})
    assert models.install_from_index().version == "1.9"
    assert [m.version for m in models.list_installed()] == ["1.9"]


def test_index_install_refuses_a_download_of_another_version(argos_home, layout_argosmodel,
                                                             monkeypatch):
    fake_index(monkeypatch, [index_entry("1.9", "https://example.invalid/new")],
               {"https://example.invalid/new": layout_argosmodel("1.0")})
    with pytest.raises(ModelError, match=r"lists fr→en 1\.9 but the download is 1\.0; nothing installed"):
        models.install_from_index()
    assert list(argos_home.iterdir()) == []


def test_index_install_download_fails(argos_home, monkeypatch):
    fake_index(monkeypatch, [index_entry("1.9", "https://example.invalid/new")], {})
    with pytest.raises(ModelError) as exc:
        models.install_from_index()
    assert str(exc.value) == models.OFFLINE_MESSAGE
    assert list(argos_home.iterdir()) == []


def test_cli_install_from_index_says_what_it_replaced(argos_home, layout_argosmodel,
                                                     monkeypatch):
    models.install_file(layout_argosmodel("1.0"))
    fake_index(monkeypatch, [index_entry("1.9", "https://example.invalid/new")],
               {"https://example.invalid/new": layout_argosmodel("1.9")})
    result = runner.invoke(app, ["install"])
    assert result.exit_code == 0, result.output
    assert "installed translate-fr_en-1.9" in result.output
    assert "replaced translate-fr_en-1.0" in result.output


# ---------------------------------------------------------------- layouts, upgrade, remove


@pytest.mark.parametrize("key", ["1.9", "1.0", "bpe", "1.9+target_prefix"])
def test_every_real_layout_installs(key, argos_home, layout_argosmodel):
    installed = models.install_file(layout_argosmodel(key))
    top = {"1.0": "fr_en"}.get(key, "translate-fr_en-1_9" if key.startswith("1.9")
                               else "translate-fr_en-1_0")
    assert installed.path == argos_home / top
    assert [m.path for m in models.list_installed()] == [installed.path]
    assert models.find_fr_en_package() is not None


def test_upgrade_from_argos_train_1_0_leaves_one_package(argos_home, layout_argosmodel):
    old = models.install_file(layout_argosmodel("1.0"))
    assert old.path.name == "fr_en"
    new = models.install_file(layout_argosmodel("1.9"))
    assert new.replaced == ("translate-fr_en-1.0",)
    assert [p.name for p in argos_home.iterdir()] == ["translate-fr_en-1_9"]
    from argostranslate.package import get_installed_packages

    assert [p.package_version for p in get_installed_packages()] == ["1.9"]


def test_failed_upgrade_keeps_the_old_package(argos_home, layout_argosmodel, tmp_path):
    models.install_file(layout_argosmodel("1.0"))
    before = packages_snapshot(argos_home)
    bad = _rezip(layout_argosmodel("1.9"), tmp_path / "bad.argosmodel", drop=("model.bin",),
                 add={"translate-fr_en-1_9/model/model.bin": b"\x00" * 10})
    with pytest.raises(ModelError):
        models.install_file(bad)
    assert packages_snapshot(argos_home) == before


def test_killed_install_leaves_nothing_in_the_packages_dir(argos_home, layout_argosmodel,
                                                          monkeypatch):
    """Whatever exists while an install runs lives beside the packages dir, not in it."""
    from argostranslate.package import get_installed_packages

    seen = {}

    def killed(path, staged, top, metadata):
        seen["staged"] = staged
        seen["inside"] = sorted(p.name for p in argos_home.iterdir())
        get_installed_packages()  # argostranslate must still work mid-install
        raise KeyboardInterrupt  # the user's Ctrl-C / a kill during the checks

    monkeypatch.setattr(models, "_check_extracted", killed)
    with pytest.raises(KeyboardInterrupt):
        models.install_file(layout_argosmodel("1.9"))
    assert seen["inside"] == []
    assert argos_home not in seen["staged"].parents
    assert list(argos_home.iterdir()) == []
    assert get_installed_packages() == []


def test_remove(argos_home, layout_argosmodel):
    models.install_file(layout_argosmodel("1.0"))
    result = runner.invoke(app, ["remove", "translate-fr_en-1.0"])
    assert result.exit_code == 0, result.output
    assert "removed translate-fr_en-1.0" in result.output
    assert list(argos_home.iterdir()) == []
    with pytest.raises(ModelError, match=r"^nope: no such installed Argos package \(none installed\)$"):
        models.remove("nope")


# ---------------------------------------------------------------- CLI

runner = CliRunner()


def test_cli_install_and_list(argos_home, tiny_argosmodel):
    result = runner.invoke(app, ["list"])
    assert result.exit_code == 0 and "no Argos models installed" in result.output
    result = runner.invoke(app, ["install", str(tiny_argosmodel)])
    assert result.exit_code == 0, result.output
    assert "translate-fr_en-1.0" in result.output
    result = runner.invoke(app, ["list"])
    assert result.exit_code == 0
    assert "translate-fr_en" in result.output and "fr→en" in result.output
    assert str(argos_home / "translate-fr_en-1_0") in result.output


def test_cli_install_offline_is_one_line_error(argos_home, no_network):
    result = runner.invoke(app, ["install"])
    assert result.exit_code != 0
    assert isinstance(result.exception, ModelError)
    assert str(result.exception) == models.OFFLINE_MESSAGE
    assert "Traceback" not in result.output


def test_cli_install_bad_file(argos_home, tmp_path):
    bad = tmp_path / "notes.argosmodel"
    bad.write_text("not a zip")
    result = runner.invoke(app, ["install", str(bad)])
    assert result.exit_code != 0
    assert isinstance(result.exception, ModelError)
    assert str(bad) in str(result.exception) and "\n" not in str(result.exception)
