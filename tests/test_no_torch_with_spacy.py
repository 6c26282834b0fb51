"""spaCy stays out of a translation run, and torch out of spaCy.

Enforcing the glossary reads part of speech and number from the text
(pipeline/glossary/usage.py): loading spaCy's French model cost ~6 s and
~360 MB on every run. `glossary suggest` still uses spaCy's entities; its
thinc imports torch when installed, which the pipeline must never pay for."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

ENFORCE_PROBE = """
import sys
from pipeline.engines.base import Translation
from pipeline.glossary.enforce import GlossaryPolicy
from pipeline.glossary.schema import Entry, Glossary
g = Glossary([Entry(fr="américain", en="American", kind="term", note="n", pos="adjective"),
              Entry(fr="vaccin", en="vaccine", kind="term", note="n")], [], [])
policy = GlossaryPolicy(g)
prepared = policy.prepare("Les Américains et des soldats américains testent les vaccins.")
text, terms = policy.finish(prepared, Translation("The Americans and American soldiers test the vaccin."))
print([t["target"] for t in terms], "spacy" in sys.modules, "torch" in sys.modules)
"""

SUGGEST_PROBE = """
import sys
from pipeline.glossary.discover import _spacy_candidates
found = _spacy_candidates(["Emmanuel Macron a rencontré Olaf Scholz à Berlin."])
print(found is not None, "torch" in sys.modules, "stanza" in sys.modules)
import torch  # still importable afterwards, for code that really needs it
print("torch importable")
"""


def _run(probe: str) -> list[str]:
    proc = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.splitlines()


def test_glossary_enforcement_never_imports_spacy():
    (line,) = _run(ENFORCE_PROBE)
    # the noun "Américains" is not the adjective entry; the adjective and the plural are rendered
    assert line == "['American', 'vaccines'] False False"


def test_spacy_entities_for_suggest_do_not_import_torch():
    first, second = _run(SUGGEST_PROBE)
    assert first == "True False False"  # spaCy ran, and neither torch nor stanza came with it
    assert second == "torch importable"
