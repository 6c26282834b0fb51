"""QA checks on hostile sentences: a check never takes down a segment, a document or a run."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

import pipeline.numbers as numbers
from pipeline import qa
from pipeline.memory import Memory
from pipeline.translate import Run

from ..conftest import FakeEngine

CHECKS = (qa._number_checks, qa._untranslated_checks, qa._ratio_checks, qa._repetition_checks,
          qa._leftover_checks)


def test_may_and_mai_no_longer_crash_the_number_check():
    cases = [("La Mayo Clinic a publié une étude.", "The May Clinic published a study."),
             ("Les événements de Mai 68 ont marqué la France.", "The events of May 68 marked France."),
             ("Le 3 mai 2024.", "On 3 March 2024."),
             ("Mai est un mois.", "June is a month.")]
    for source, target in cases:
        for check in CHECKS:
            check(source, target)   # raises on a bug: not hidden by the fail-safe wrapper
    flags = qa._number_checks("Le 3 mai 2024.", "On 3 March 2024.")
    assert "May" in flags[0].message and "March" in flags[0].message


def test_every_month_and_quantity_token_can_be_described():
    for month in range(1, 13):
        assert numbers.describe(("month", month)) in numbers.EN_MONTHS


# Sentences built from the tokens the checks parse (months, French and English numbers,
# percentages, separators) mixed with arbitrary text.
TOKENS = st.sampled_from(sorted(set(numbers.FR_MONTHS) | set(numbers.EN_MONTHS)) + [
    "Mai", "May", "MAI", "1er", "3 000", "91 370", "91.370", "91,370", "2,75", "1.5", "%", "pour cent",
    "milliards", "billion", "million", "vingt", "twenty", "1 000,5", "½", "٣", "²", "10e", "1,000.000",
    "0,0", "1e9", "Mars", "12h30", "XVIe", "n°3", "−4", "1/2", "10 %", "-", ",", ".", "1" * 40, "9" * 400])
SENTENCE = st.lists(st.one_of(TOKENS, st.text(max_size=6)), max_size=14).map(" ".join)


@given(SENTENCE, SENTENCE)
@settings(max_examples=500, deadline=None)
def test_no_check_raises_on_any_sentence(source, target):
    for check in CHECKS:
        check(source, target)
    assert all(f.code != "internal-check" for f in qa.check_segment({"source": source, "target": target}))


def test_a_failing_check_flags_the_segment_and_the_run_goes_on(tmp_path, monkeypatch):
    """Whatever the next bug in a check, it costs one flag, not the document or the run."""
    real = qa._ratio_checks

    def broken(source, target):
        if "piège" in source:
            raise StopIteration("a bug")
        return real(source, target)
    monkeypatch.setattr(qa, "_ratio_checks", broken)
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("Une phrase piège. Une phrase normale.\n", encoding="utf-8")
    (src / "b.txt").write_text("Une autre phrase.\n", encoding="utf-8")
    out = tmp_path / "out"
    with Memory(out / "memory.sqlite") as memory:
        summary = Run(FakeEngine(), memory, out).run(sorted(src.glob("*.txt")))
    assert not summary.failed and summary.documents == 2
    import json
    segs = json.loads((out / "a.json").read_text(encoding="utf-8"))["segments"]
    codes = [{f["code"] for f in s["flags"]} for s in segs]
    assert "internal-check" in codes[0] and "internal-check" not in codes[1]
    # The other checks still ran on the trapped segment (the fake engine upper-cases: untranslated).
    assert codes[0] - {"internal-check"} == codes[1]
    assert (out / "b.json").exists()


def test_non_text_fields_do_not_crash_check_segment():
    assert qa.check_segment({"source": None, "target": None}) == []
    flags = qa.check_segment({"source": 3, "target": ["x"]})
    assert [f.code for f in flags] == ["internal-check"]
    assert qa.check_segment({"source": "Bonjour.", "target": "Hello.", "terms": [None, 3, "x"]})[0].code \
        == "internal-check"
