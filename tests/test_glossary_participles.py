"""English participles built for a French participle matched by a glossary entry."""
from __future__ import annotations

import pytest

from pipeline.glossary.enforce import english_participle


@pytest.mark.parametrize("rendering, want", [
    ("hospitalize", "hospitalized"),
    ("quarantine", "quarantined"),
    ("test", "tested"),
    ("spread", "spread"),              # irregular: not "spreaded"
    ("infection", "infected"),         # "infectées" imported as a variant of the noun entry
    ("exposure", "exposed"),
    ("vaccination", "vaccinated"),
    ("hospitalization", "hospitalized"),
    ("transmission", "transmitted"),
    ("treatment", "treatment"),        # a noun with no regular verb stays a noun, never "treatmented"
    ("community spread", "community spread"),
    ("infected", "infected"),
])
def test_english_participle(rendering, want):
    assert english_participle(rendering) == want
