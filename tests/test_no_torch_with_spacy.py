"""The glossary's part-of-speech checks load spaCy, whose thinc imports torch when
it is installed; the pipeline must never pay for torch (seconds, hundreds of MB)."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PROBE = """
import sys
from pipeline.glossary.enforce import pos_at
pos = pos_at("Les Américains ont dit non.", 4, 14)
print(pos, "torch" in sys.modules, "stanza" in sys.modules)
import torch  # still importable afterwards, for code that really needs it
print("torch importable")
"""


def test_spacy_pos_tagging_does_not_import_torch():
    proc = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    first, second = proc.stdout.splitlines()
    assert first == "NOUN False False"  # spaCy ran (a noun here), and neither torch nor stanza came with it
    assert second == "torch importable"
