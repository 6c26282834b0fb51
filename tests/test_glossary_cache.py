"""The compiled glossary kept between runs (pipeline/glossary/cache.py)."""
import shutil
from pathlib import Path

import pytest

from pipeline.errors import UsageError
from pipeline.glossary import cache, load_policy, schema

ROOT = Path(__file__).resolve().parents[1]
SENTENCE = "Le ministre letton a parlé à l’OTAN de la coalition des drones."


@pytest.fixture
def glossary(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("PIPELINE_CACHE_DIR", str(tmp_path / "cache"))
    target = tmp_path / "glossary"
    shutil.copytree(ROOT / "glossary", target)
    return target


def _summary(policy):
    return [(m.entry.id, m.surface, m.start) for m in policy.matches(SENTENCE)], policy.version


def _no_reading(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the YAML was read again")
    monkeypatch.setattr(schema, "read_file", refuse)


def test_second_load_comes_from_the_cache_and_is_the_same(glossary, monkeypatch):
    first = load_policy(glossary)
    assert list((glossary.parent / "cache").glob("glossary-*.pickle"))
    _no_reading(monkeypatch)
    second = load_policy(glossary)
    assert _summary(second) == _summary(first)
    # every field, the file and line too (the cache keeps entries as rows of their fields)
    assert [vars(e) for e in second.glossary.entries] == [vars(e) for e in first.glossary.entries]
    assert second.glossary.issues == first.glossary.issues and second.glossary.files == first.glossary.files


def test_an_edit_is_never_served_stale(glossary):
    before = load_policy(glossary)
    terms = glossary / "terms.yaml"
    terms.write_text(terms.read_text(encoding="utf-8").replace("en: Latvian\n", "en: Lettish\n"), encoding="utf-8")
    after = load_policy(glossary)
    assert after.version != before.version
    assert [m.entry.en for m in after.matches(SENTENCE) if m.entry.id == "letton"] == ["Lettish"]


def test_a_moved_folder_reports_its_own_files(glossary, tmp_path):
    load_policy(glossary)
    moved = tmp_path / "moved"
    shutil.copytree(glossary, moved)
    policy = load_policy(moved)
    assert all(Path(e.file).parent == moved for e in policy.glossary.entries)


def test_a_broken_cache_file_is_rebuilt(glossary):
    first = load_policy(glossary)
    (pickled,) = (glossary.parent / "cache").glob("glossary-*.pickle")
    pickled.write_bytes(b"not a pickle")
    assert _summary(load_policy(glossary)) == _summary(first)


def test_an_unwritable_cache_only_costs_time(glossary, monkeypatch, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv("PIPELINE_CACHE_DIR", str(blocker / "cache"))  # cannot be created
    assert load_policy(glossary).matches(SENTENCE)


def test_an_invalid_glossary_is_refused_every_time(glossary):
    (glossary / "zz_bad.yaml").write_text("- fr: de\n  en: of\n  kind: term\n  note: a function word\n",
                                          encoding="utf-8")
    for _ in range(2):
        with pytest.raises(UsageError, match="zz_bad.yaml:1"):
            load_policy(glossary)
    assert not list((glossary.parent / "cache").glob("glossary-*.pickle"))


def test_only_the_newest_compiled_glossaries_are_kept(glossary, monkeypatch):
    monkeypatch.setattr(cache, "KEEP", 2)
    extra = glossary / "zz_extra.yaml"
    for n in range(4):
        extra.write_text(f"- fr: Nom{n}\n  en: Name{n}\n  kind: person\n  note: t\n", encoding="utf-8")
        load_policy(glossary)
    assert len(list((glossary.parent / "cache").glob("glossary-*.pickle"))) == 2


def test_the_fast_yaml_loader_keeps_line_numbers_and_strings(tmp_path):
    path = tmp_path / "g.yaml"
    path.write_text("- fr: 2024\n  en: yes\n  kind: term\n  note: null\n\n- fr: Oui\n  en: Yes\n  kind: person\n"
                    "  note: x\n  variants: [true, 1.5]\n", encoding="utf-8")
    entries, issues = schema.read_file(path, "g.yaml")
    assert not issues
    assert [(e.fr, e.en, e.note, e.line) for e in entries] == [("2024", "yes", "null", 1), ("Oui", "Yes", "x", 6)]
    assert entries[1].variants == ["true", "1.5"]


def test_after_an_edit_only_the_edited_file_is_read_again(glossary, monkeypatch, tmp_path):
    load_policy(glossary)
    terms = glossary / "terms.yaml"
    terms.write_text(terms.read_text(encoding="utf-8").replace("en: Latvian\n", "en: Lettish\n"), encoding="utf-8")
    read: list[str] = []
    real_read = schema.read_file
    monkeypatch.setattr(schema, "read_file",
                        lambda path, display: read.append(Path(path).name) or real_read(path, display))
    after = load_policy(glossary)
    assert read == ["terms.yaml"]
    assert [m.entry.en for m in after.matches(SENTENCE) if m.entry.id == "letton"] == ["Lettish"]
    # the same glossary as read from scratch, lint issues (a warning here) included
    (glossary / "zz_clause.yaml").write_text(
        "- fr: le ministre a été reçu.\n  en: the minister was received\n  kind: term\n  note: t\n",
        encoding="utf-8")
    monkeypatch.setenv("PIPELINE_CACHE_DIR", str(tmp_path / "empty-cache"))
    fresh = schema.load_glossary(glossary, warnings=True)
    monkeypatch.setenv("PIPELINE_CACHE_DIR", str(tmp_path / "cache"))
    schema.load_glossary(glossary, warnings=True)  # fills the file cache with warnings on
    cached = schema.load_glossary(glossary, warnings=True)
    assert [e.canonical() for e in cached.entries] == [e.canonical() for e in fresh.entries]
    assert cached.issues == fresh.issues and fresh.issues  # the curated glossary has warnings


def test_the_lint_data_installed_is_part_of_every_key(glossary, monkeypatch):
    """spaCy's stop words decide lint errors: another install is another key."""
    files = sorted(glossary.glob("*.yaml"))
    before = cache.glossary_key(files), cache.file_key(files[0], str(files[0]), False)
    monkeypatch.setattr(cache, "_lint_data", lambda: b"spacy=none;wordfreq=none")
    after = cache.glossary_key(files), cache.file_key(files[0], str(files[0]), False)
    assert before[0] != after[0] and before[1] != after[1]
