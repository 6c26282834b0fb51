"""Matching: one test per case the issue lists."""
import pytest

from pipeline.glossary.matcher import Matcher
from pipeline.glossary.schema import Entry


def E(fr, en, kind="term", **kw):
    return Entry(fr=fr, en=en, kind=kind, note="t", **kw)


ENTRIES = [
    E("OTAN", "NATO", "acronym", variants=["Otan"]),
    E("Ukraine", "Ukraine", "place"),
    E("Est", "East", "place"),
    E("drone", "drone"),
    E("letton", "Latvian", pos="adjective"),
    E("États-Unis", "the United States", "place"),
    E("Royaume-Uni", "Britain", "place"),
    E("coalition des drones", "drone coalition", variants=["coalition drones"]),
    E("Kiev", "Kyiv", "place", variants=["Kyiv"]),
]
M = Matcher(ENTRIES)


def found(text):
    return [(m.entry.id, m.surface) for m in M.find(text)]


@pytest.mark.parametrize("text,surface", [("l'OTAN", "OTAN"), ("l’OTAN", "OTAN"), ("d'Ukraine", "Ukraine"),
                                          ("d’Ukraine", "Ukraine")])
def test_elision_straight_and_curly(text, surface):
    assert [s for _, s in found(text)] == [surface]


@pytest.mark.parametrize("text", ["l'Ukraine", "l'ukraine", "L'UKRAINE VAINCRA"])
def test_case_insensitive_names_and_headlines(text):
    assert [i for i, _ in found(text)] == ["ukraine"]


def test_acronyms_match_exact_case_only():
    assert found("LES DRONES DE L'OTAN")[-1] == ("otan", "OTAN")
    assert found("l'Otan") == [("otan", "Otan")]  # a listed variant
    assert found("un otan quelconque") == []


@pytest.mark.parametrize("text,surface", [("un drone", "drone"), ("des drones", "drones"),
                                          ("DES DRONES", "DRONES")])
def test_plural(text, surface):
    assert found(text) == [("drone", surface)]


@pytest.mark.parametrize("word", ["letton", "lettone", "lettons", "lettones"])
def test_gender_and_number(word):
    assert found(f"le ministre {word} parle") == [("letton", word)]


def test_plural_flag_only_for_generated_plural_nouns():
    assert [m.plural for m in M.find("un drone, des drones")] == [False, True]
    assert [m.plural for m in M.find("les médias lettons")] == [False]


@pytest.mark.parametrize("text", ["les Etats-Unis", "les États-Unis", "les ETATS-UNIS", "les Etats Unis"])
def test_accents_optional(text):
    assert [i for i, _ in found(text)] == ["etats-unis"]


@pytest.mark.parametrize("text", ["le Royaume-Uni", "le Royaume Uni", "le Royaume\u00a0Uni", "le Royaume\u2011Uni"])
def test_hyphen_space_nbsp(text):
    assert [i for i, _ in found(text)] == ["royaume-uni"]


@pytest.mark.parametrize("text", ["la « coalition des drones »", "la «\u00a0coalition des drones\u00a0»",
                                  "la “coalition des drones”", 'la "coalition drones"'])
def test_inside_quotes_and_variants(text):
    ids = [i for i, _ in found(text)]
    assert ids == ["coalition-des-drones"]


def test_longest_match_first_no_overlap():
    # "drones" alone must not also be reported inside "coalition des drones"
    assert found("la coalition des drones et des drones") == [
        ("coalition-des-drones", "coalition des drones"), ("drone", "drones")]


@pytest.mark.parametrize("order", [1, -1])
def test_an_entry_listing_the_form_wins_over_another_entrys_inflection(order):
    """A glossary with ``pneumonie → pneumonia`` and ``pneumonies → pneumonias``
    (as an imported CSV has them): "pneumonies" is the second entry's, whichever
    comes first; the singular is still the first's."""
    entries = [E("pneumonie", "pneumonia"), E("pneumonies", "pneumonias")][::order]
    matcher = Matcher(entries)
    assert [m.entry.en for m in matcher.find("d'autres pneumonies")] == ["pneumonias"]
    assert [m.entry.en for m in matcher.find("une pneumonie")] == ["pneumonia"]


@pytest.mark.parametrize("text", ["l'Estonie", "Estonie", "Kievskaya", "dronesque"])
def test_never_inside_a_longer_word(text):
    assert found(text) == []


def test_word_boundaries_still_find_the_short_one():
    assert found("à l'Est de l'Estonie") == [("est", "Est")]


def test_offsets_point_into_the_original_text():
    text = "Huit pays l’ont rejointe, dont les Etats\u00a0Unis."
    (m,) = M.find(text)
    assert text[m.start:m.end] == "Etats\u00a0Unis"


@pytest.mark.parametrize("text", [
    "  d’ incubation", "œuvre  Œ", "ΣΑΣ", "İstanbul", "e\u0301te\u0301", "\u0301seul", "a - - b",
    " \u00a0x\u202fy\u2009z", "l' 'x", "Les États-Unis et l’OTAN", "",
])
def test_fast_normalisation_equals_the_per_character_one(text):
    from pipeline.glossary.normalize import _normalize_per_char, normalize

    fast, slow = normalize(text), _normalize_per_char(text)
    assert (fast.lower, fast.cased, fast.offsets) == (slow.lower, slow.cased, slow.offsets)
