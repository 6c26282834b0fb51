"""The Argos test packages' layouts and a helper to compare a packages folder.

The fixtures that build and install these packages (``tiny_argosmodel``,
``argos_home``, ``installed_tiny``…) are in conftest.py.
"""
from __future__ import annotations

from pathlib import Path

__all__ = ["packages_snapshot", "LAYOUT_PACKAGES"]

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


def packages_snapshot(directory: Path) -> dict[str, int]:
    """Every file (relative path → size) under ``directory``, to compare before/after."""
    return {
        str(p.relative_to(directory)): p.stat().st_size if p.is_file() else -1
        for p in sorted(Path(directory).rglob("*"))
    }

