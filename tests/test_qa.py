"""QA checks: each flag fires on the bad case and stays quiet on the good one."""
from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from pipeline.model import Segment, Status
from pipeline.numbers import compare, english_quantities, french_quantities
from pipeline.qa import check_segment, max_repeat, unresolved


def seg(source, target, status="machine", **extra):
    return {"id": "p1.s1", "paragraph": 1, "source": source, "target": target,
            "status": status, "terms": [], **extra}


def codes(segment):
    return [f.code for f in check_segment(segment)]


@pytest.mark.parametrize("fr,en", [
    ("Près de 2,75 milliards d’euros.", "Nearly 2.75 billion euros."),
    ("Il y a 3 000 drones.", "There are 3,000 drones."),
    ("Il y a 3\u202f000 drones.", "There are 3000 drones."),
    ("Ils allouent 20 millions d’euros.", "They allocate 20 million euros."),
    ("Lancée ce jeudi 15 février.", "Launched on Thursday, February 15."),
    ("Une hausse de 12,5 % en 2024.", "A 12.5% rise in 2024."),
    ("Une hausse de 7 pour cent.", "A rise of 7 percent."),
    ("Lors de la 19e réunion.", "At the 19th meeting."),
    ("Le 1er mars 2024.", "On 1 March 2024."),
    ("Vingt pays ont signé.", "20 countries signed."),
    ("13 alliés ont signé.", "Thirteen allies signed."),
    ("Produire 1 million de drones.", "To produce a million drones."),
    ("Le type Shahed-136.", "The Shahed-136 type."),
    ("Environ 1,8 milliard.", "About 1.8 bn."),
])
def test_numbers_that_match(fr, en):
    assert compare(fr, en).missing == [] and compare(fr, en).extra == []
    assert "number-mismatch" not in codes(seg(fr, en))


@pytest.mark.parametrize("fr,en,missing", [
    ("Près de 2,75 milliards d’euros.", "Near of 2,75 millardos of euros.", "2,750,000,000"),
    ("Il y a 3 000 drones.", "There are 300 drones.", "3,000"),
    ("Ils allouent 20 millions d’euros.", "They allocate 20 euros.", "20,000,000"),
    ("Lancée ce jeudi 15 février.", "Launched on Thursday 15 March.", "February"),
    ("Une hausse de 12,5 %.", "A rise of 12.5.", "12.5%"),
    ("En mars 2024, la coalition.", "In Marches 2024, the coalition.", "March"),
])
def test_numbers_that_differ(fr, en, missing):
    flags = check_segment(seg(fr, en))
    mism = [f for f in flags if f.code == "number-mismatch"]
    assert mism and mism[0].severity == "error"
    assert missing in mism[0].message


def test_french_decimal_comma_left_in_english():
    flags = check_segment(seg("Environ 1,8 milliard d’euros.", "About 1,8 billion euros."))
    assert "number-format" in [f.code for f in flags]
    assert "number-mismatch" not in [f.code for f in flags]  # value understood as 1.8e9


def test_quantities_parse():
    assert french_quantities("2,75 milliards").tokens == {("num", Decimal("2750000000")): 1}
    assert english_quantities("3,000 and 2.5%").tokens == {("num", Decimal(3000)): 1, ("pct", Decimal("2.5")): 1}
    assert french_quantities("la planète Mars").tokens == {}


def test_untranslated_copy_and_still_french():
    assert "untranslated" in codes(seg("Les drones jouent un rôle clé.", "Les drones jouent un rôle clé."))
    assert "untranslated" in codes(seg("Les drones jouent un rôle clé dans la guerre.",
                                       "The drones jouent un rôle clé dans la guerre."))
    assert "untranslated" not in codes(seg("Les drones jouent un rôle clé.", "Drones play a key role."))
    # names only are the same in both languages
    assert codes(seg("Rustem Umerov", "Rustem Umerov")) == []


def test_passthrough_is_not_untranslated():
    assert codes(seg("Leave a Comment", "Leave a Comment", status="passthrough")) == []
    assert "untranslated" in codes(seg("Leave a Comment here now", "Leave a Comment here now"))


def test_french_words_left_in_english():
    flags = check_segment(seg("Les forces ukrainiennes ont frappé des cibles.",
                              "The ukrainiennes forces struck targets."))
    assert [f.code for f in flags] == ["untranslated-word"]
    assert "ukrainiennes" in flags[0].message


def test_empty_target():
    assert codes(seg("Bonjour tout le monde.", "  ")) == ["empty-target"]


def test_length_ratio():
    fr = "Les deux camps utilisent des milliers de petits drones bon marché."
    assert "length-ratio" in codes(seg(fr, "Drones."))
    assert "length-ratio" in codes(seg(fr, "Both sides use thousands of small cheap drones. " * 4))
    assert "length-ratio" not in codes(seg(fr, "Both sides use thousands of small, cheap drones."))


def test_repetition():
    fr = "La guerre des drones continue."
    assert "repetition" in codes(seg(fr, "The war of the drones of the drones of the drones continues."))
    assert "repetition" in codes(seg(fr, "The the the war of drones continues."))
    assert "repetition" not in codes(seg(fr, "The drone war goes on and on."))
    assert "repetition" not in codes(seg("Non, non, non et non !", "No, no, no and no!"))
    assert max_repeat("a b c a b c".split()) == (3, 2, ["a", "b", "c"])


@pytest.mark.parametrize("target", [
    "The __TERM0__ coalition.", "The {0} coalition.", "The <b>coalition</b>.",
    "The coalition &amp; allies.", "The *coalición coalition.", "The ▁coalition.", "The <unk> coalition.",
])
def test_leftover_markup(target):
    assert "leftover-markup" in codes(seg("La coalition des alliés.", target))


def test_markup_in_source_too_is_fine():
    assert "leftover-markup" not in codes(seg("La <b>coalition</b> des alliés.", "The <b>coalition</b> of allies."))


def test_terms_missing_and_forbidden():
    terms = [{"entry": "drone-coalition", "source": "coalition des drones", "target": "drone coalition",
              "status": "missing", "forbidden": ["coalition of the drones"]}]
    flags = check_segment(seg("La coalition des drones.", "The coalition of the drones.", terms=terms))
    assert {"term-missing", "term-forbidden"} <= {f.code for f in flags}
    ok = [{"entry": "x", "source": "coalition des drones", "target": "drone coalition", "status": "ok",
           "forbidden": ["coalition of the drones"]}]
    assert codes(seg("La coalition des drones.", "The drone coalition.", terms=ok)) == []


def test_stale_edit_flag_kept():
    s = seg("La coalition.", "The coalition.", stale_edit={"source": "x", "target": "y", "status": "edited"})
    assert codes(s) == ["stale-edit"]


def test_approval_resolves_flags():
    s = Segment.from_dict(seg("Les drones.", "", status="approved"))
    s.flags = check_segment(s)
    assert s.flags and unresolved(s) == []
    s.status = Status.EDITED
    assert unresolved(s) == s.flags


@given(st.integers(min_value=0, max_value=10**12))
def test_any_integer_in_french_format_matches_english_format(n):
    fr = f"{n:,}".replace(",", "\u00a0")
    en = f"{n:,}"
    assert compare(f"Il y a {fr} drones.", f"There are {en} drones.").missing == []


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=1, max_value=99))
def test_any_decimal_billions(units, cents):
    fr = f"{units},{cents:02d} milliards"
    en = f"{units}.{cents:02d} billion"
    m = compare(fr, en)
    assert m.missing == [] and m.extra == []


def test_segment_checks_reuse_flags_only_for_the_same_content(monkeypatch):
    import pipeline.qa as qa
    from pipeline.model import Segment, TermReport
    from pipeline.qa import SegmentChecks, check_segment

    checks = SegmentChecks()
    copied = Segment(id="", paragraph=0, source="Le ministre a parlé longuement.",
                     target="Le ministre a parlé longuement.")
    checks.precheck(copied)
    ran: list[str] = []
    monkeypatch.setattr(qa, "check_segment", lambda seg: ran.append(seg.target) or check_segment(seg))
    # The run's segment: same content, another id: the flags checked early are taken.
    written = Segment(id="p1.s1", paragraph=1, source=copied.source, target=copied.target)
    assert [f.code for f in checks.check(written)] == ["untranslated"]
    assert ran == []
    # Changed since (a reviewer's English, a term report, a stale edit): checked anew.
    edited = Segment(id="p1.s1", paragraph=1, source=copied.source, target="The minister spoke at length.")
    assert checks.check(edited) == check_segment(edited) == []
    missing = Segment(id="p1.s1", paragraph=1, source=copied.source, target=copied.target,
                      terms=[TermReport(entry="x", source="ministre", target="minister", status="missing")])
    assert "term-missing" in [f.code for f in checks.check(missing)]
    stale = Segment(id="p1.s1", paragraph=1, source=copied.source, target=copied.target,
                    stale_edit={"source": "Le ministre a parlé.", "target": "The minister spoke."})
    assert "stale-edit" in [f.code for f in checks.check(stale)]
    assert len(ran) == 3


@pytest.mark.parametrize("source", [
    "« Le directeur général a déclaré que la situation économique était préoccupante » , a-t-il dit.",
    "Les pratiques scientifiques et les caractéristiques sérologiques des patients infectés ont été étudiées.",
    "Le 2 juin 2014, 2,5 millions d'euros ont été versés à M. Dupont pour les écoles de la région.",
])
def test_a_copied_source_is_untranslated_even_after_finishing(source):
    """The prefilter that spares QA re-finishing every source never hides a copy."""
    from pipeline.english import finish_english

    finished = finish_english(source)
    assert finished != source  # the finishing did change it
    seg = Segment(id="p1.s1", paragraph=1, source=source, target=finished)
    assert "the target is the French source, untranslated" in [f.message for f in check_segment(seg)]
