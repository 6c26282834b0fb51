"""The document model: paragraphs, sentences, metadata, ids and decoding errors."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from pipeline.document import parse_document, read_document
from pipeline.errors import DocumentError
from pipeline.segmenter import split_sentences

from .conftest import SEEDS


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("text, expected", [
    ("M. Macron a parlé. Mme Dupont aussi.", ["M. Macron a parlé.", "Mme Dupont aussi."]),
    ("Le Dr Martin est venu. Il est reparti.", ["Le Dr Martin est venu.", "Il est reparti."]),
    ("Le budget atteint 2,75 milliards d’euros. Il y a 3\u00a0000 soldats.",
     ["Le budget atteint 2,75 milliards d’euros.", "Il y a 3\u00a0000 soldats."]),
    ("Il hésita... Puis il partit.", ["Il hésita...", "Puis il partit."]),
    ("Il a dit « Bonjour. Ça va ? » puis est parti.", ["Il a dit « Bonjour. Ça va ? » puis est parti."]),
    ("“Nous ne supposons plus”, a-t-il déclaré. Ensuite il est parti.",
     ["“Nous ne supposons plus”, a-t-il déclaré.", "Ensuite il est parti."]),
    # a photo caption run into the text without punctuation (corpus article 000)
    ("Huit pays l'ont déjà rejointe Le ministre ukrainien de la Défense, Rustem Umerov",
     ["Huit pays l'ont déjà rejointe", "Le ministre ukrainien de la Défense, Rustem Umerov"]),
])
def test_french_sentence_splitting(text, expected):
    assert split_sentences(text) == expected


@pytest.mark.parametrize("text", [
    "Il a lu le journal Le Monde hier.",          # a title, not a new sentence
    "Marine Le Pen a parlé.",
    "Pour repousser L’invasion de la Russie.",   # stray capital in the corpus
])
def test_capitalised_words_mid_sentence_do_not_split(text):
    assert split_sentences(text) == [text]


def test_metadata_token_is_lifted_out_of_the_text():
    doc = parse_document(" date 2024-02 La fameuse coalition. Huit pays.\n", "x", "x.txt")
    assert doc.metadata == {"date": "2024-02"}
    assert [s.text for s in doc.sentences()] == ["La fameuse coalition.", "Huit pays."]


def test_paragraphs_are_lines_and_ids_are_stable():
    doc = parse_document("Un. Deux.\n\nTrois.\nQuatre. Cinq.\n", "x", "x.txt")
    assert [p.index for p in doc.paragraphs] == [1, 2, 3]
    assert [s.id for s in doc.sentences()] == ["p1.s1", "p1.s2", "p2.s1", "p3.s1", "p3.s2"]
    # Editing one paragraph does not renumber the others.
    doc2 = parse_document("Un. Deux. Deux bis.\n\nTrois.\nQuatre. Cinq.\n", "x", "x.txt")
    assert {s.id: s.text for s in doc2.sentences()}["p3.s2"] == "Cinq."


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_corpus_round_trips(path: Path):
    """Every character of every paragraph is in exactly one sentence, in order."""
    doc = read_document(path)
    text = path.read_text(encoding="utf-8")
    if doc.metadata:
        text = text.replace(f"date {doc.metadata['date']}", "", 1)
    assert squash("".join(s.text for s in doc.sentences())) == squash(text)
    for paragraph in doc.paragraphs:
        assert squash("".join(s.text for s in paragraph.sentences)) == squash(paragraph.text)
    assert len(doc) > 5


def test_corpus_headline_repeated_is_kept_twice():
    doc = read_document(next(SEEDS.glob("004_*.txt")))
    assert doc.paragraphs[0].text == doc.paragraphs[1].text  # nothing deduplicated


_french_chars = st.sampled_from(list("abcdeéèàùç ABCÉ.,;:!?«»“”’'-–…0123456789\u00a0\u202f"))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(_french_chars, min_size=0, max_size=120), min_size=0, max_size=6))
def test_generated_text_round_trips(lines):
    text = "\n".join(lines)
    doc = parse_document(text, "gen", "gen.txt")
    assert squash("".join(s.text for s in doc.sentences())) == squash(text)
    assert all(s.text.strip() == s.text and s.text for s in doc.sentences())


def test_latin1_file_names_the_byte_offset(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Le café est chaud.".encode("latin-1"))
    with pytest.raises(DocumentError) as err:
        read_document(path)
    assert str(path) in str(err.value) and "byte offset 6" in str(err.value) and "0xe9" in str(err.value)


def test_binary_file_with_nul_bytes(tmp_path):
    path = tmp_path / "blob.txt"
    path.write_bytes(b"abc\x00\x01\x02")
    with pytest.raises(DocumentError, match=r"blob\.txt: not a text file \(NUL byte at byte offset 3\)"):
        read_document(path)


def test_bom_and_crlf_are_normalised(tmp_path):
    path = tmp_path / "win.txt"
    path.write_bytes("\ufeffUn. Deux.\r\n\r\nTrois.\r\n".encode("utf-8"))
    doc = read_document(path)
    assert [s.text for s in doc.sentences()] == ["Un.", "Deux.", "Trois."]


def test_whitespace_only_file_is_an_empty_document(tmp_path):
    path = tmp_path / "blank.txt"
    path.write_text(" \n\n\t\n", encoding="utf-8")
    doc = read_document(path)
    assert doc.paragraphs == [] and len(doc) == 0
