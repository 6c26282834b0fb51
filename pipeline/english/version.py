"""The finishing rules' version, without loading (compiling) the rules: a re-run
with nothing to translate needs the version for its fingerprints, not the rules."""
from __future__ import annotations

import hashlib
from pathlib import Path


def _rules_version() -> str:
    """A hash of the rule modules' source: part of the memory key, so editing a
    rule re-finishes the cached translations instead of reusing old targets."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


FINISH_VERSION = _rules_version()
