"""`--engine auto`: argos when a fr→en package is installed, else apertium with a hint."""
from __future__ import annotations

import json

from .conftest import requires_apertium, run_cli


def isolated_argos(tmp_path) -> dict:
    home = tmp_path / "argos-home"
    env = {"ARGOS_PACKAGES_DIR": str(home / "packages")}
    for var, sub in (("XDG_DATA_HOME", "data"), ("XDG_CACHE_HOME", "cache"), ("XDG_CONFIG_HOME", "config")):
        (home / sub).mkdir(parents=True)
        env[var] = str(home / sub)
    (home / "packages").mkdir()
    return env


@requires_apertium
def test_auto_falls_back_to_apertium_with_a_hint(tmp_path):
    env = isolated_argos(tmp_path)
    (tmp_path / "a.txt").write_text("Le drone vole.\n")
    proc = run_cli("translate", "a.txt", cwd=tmp_path, env=env)
    assert proc.returncode == 0, proc.stderr
    warnings = [line for line in proc.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and "pipeline models install" in warnings[0]
    assert json.loads((tmp_path / "out" / "a.json").read_text())["segments"][0]["engine"] == "apertium"


def test_auto_uses_an_installed_argos_package_end_to_end(tmp_path, tiny_argosmodel):
    env = isolated_argos(tmp_path)
    install = run_cli("models", "install", str(tiny_argosmodel), cwd=tmp_path, env=env)
    assert install.returncode == 0, install.stderr
    listed = run_cli("models", "list", cwd=tmp_path, env=env)
    assert "fr" in listed.stdout and "en" in listed.stdout
    (tmp_path / "a.txt").write_text("La coalition des drones. Le ministre letton de la Défense.\n\nKiev.\n")
    proc = run_cli("translate", "a.txt", "--no-glossary", cwd=tmp_path, env=env)
    assert proc.returncode == 0, proc.stderr
    assert "warning" not in proc.stderr
    segments = json.loads((tmp_path / "out" / "a.json").read_text())["segments"]
    assert [s["engine"] for s in segments] == ["argos"] * 3
    assert all(s["target"] for s in segments)  # gibberish, but produced by the real path
    assert segments[0]["model"].startswith("translate-fr_en")


def test_argos_requested_but_not_installed_is_an_actionable_error(tmp_path):
    env = isolated_argos(tmp_path)
    (tmp_path / "a.txt").write_text("Le drone vole.\n")
    proc = run_cli("translate", "a.txt", "--engine", "argos", cwd=tmp_path, env=env)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "pipeline models install" in proc.stderr
