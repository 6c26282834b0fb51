"""`--executor ray` given what users get wrong: one line, exit 2, nothing written."""
from __future__ import annotations

import pytest

from tests.conftest import SEEDS, run_cli

try:
    import ray  # noqa: F401
    HAVE_RAY = True
except ImportError:
    HAVE_RAY = False


@pytest.mark.skipif(not HAVE_RAY, reason="ray not installed (pip install '.[cluster]')")
def test_unreachable_ray_address_fails_fast(tmp_path):
    # Port 1 on loopback: nothing listens. Ray alone would retry for minutes, logging each try.
    proc = run_cli("translate", str(SEEDS), "-e", "apertium", "-o", str(tmp_path / "out"),
                   "--executor", "ray", cwd=tmp_path, env={"RAY_ADDRESS": "127.0.0.1:1"}, timeout=120)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(
        "error: ray: cannot reach the Ray cluster at RAY_ADDRESS=127.0.0.1:1"), proc.stderr
    assert not (tmp_path / "out").exists()


def test_negative_worker_count(tmp_path):
    proc = run_cli("translate", str(SEEDS), "-e", "apertium", "-o", str(tmp_path / "out"),
                   "--executor", "ray", "--workers", "-1", cwd=tmp_path)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and "--workers" in lines[0]
    assert not (tmp_path / "out").exists()
