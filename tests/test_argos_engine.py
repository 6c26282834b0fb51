"""ArgosEngine on the tiny random-weight package: batching, order, chunking, attention."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.engines.argos import ArgosEngine, split_pieces
from pipeline.engines.base import Engine
from pipeline.errors import EngineError, ModelError
from tests.tiny_argos import build_package_dir, corpus_lines

REPO = Path(__file__).resolve().parent.parent


def corpus_sentences(n: int = 40) -> list[str]:
    """Rough sentences from the seed articles (the engine does not care how they were cut)."""
    text = " ".join(corpus_lines())
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]
    return sentences[:n]


class SpyTranslator:
    """Wraps a ctranslate2.Translator and records every translate_batch call."""

    def __init__(self, real):
        self.real = real
        self.calls: list[dict] = []

    def translate_batch(self, batch, **kwargs):
        self.calls.append({"batch": [list(x) for x in batch], **kwargs})
        return self.real.translate_batch(batch, **kwargs)


def spy_on(engine: ArgosEngine) -> SpyTranslator:
    spy = SpyTranslator(engine.translator)
    engine._translator = spy
    return spy


def test_no_model_installed_is_actionable(argos_home):
    with pytest.raises(EngineError) as exc:
        ArgosEngine()
    message = str(exc.value)
    assert "no French→English Argos model installed" in message
    assert "pipeline models install" in message and str(argos_home) in message
    assert "\n" not in message


def test_engine_identity(installed_tiny):
    engine = ArgosEngine()
    assert isinstance(engine, Engine)
    assert engine.name == "argos"
    assert engine.version == "translate-fr_en-1.0"
    assert engine.path == installed_tiny.path


def test_translates_corpus_batch_in_order_with_attention(installed_tiny):
    engine = ArgosEngine(max_decoding_length=24, length_bucket=1)
    sentences = corpus_sentences(40)
    spy = spy_on(engine)
    out = engine.translate(sentences)
    assert len(out) == len(sentences)
    tok = engine.tokenizer
    for sentence, t in zip(sentences, out):
        assert isinstance(t.text, str) and t.text.strip()
        assert t.source_tokens == tok.encode(sentence)
        assert t.target_tokens and len(t.attention) == len(t.target_tokens)
        assert all(len(row) == len(t.source_tokens) for row in t.attention)
        assert all(abs(sum(row) - 1.0) < 1e-3 for row in t.attention)  # softmax rows
    # length_bucket=1: one input length per call, shortest first, CTranslate2
    # batching by tokens, attention requested (a one-step call after a batch of
    # several re-derives attention row 0: see test below)
    main = [c for c in spy.calls if c["max_decoding_length"] != 1]
    assert all(c["batch_type"] == "tokens" and c["return_attention"] is True for c in main)
    assert all(c["beam_size"] == 4 and c["max_decoding_length"] == 24 for c in main)
    assert all(len({len(x) for x in c["batch"]}) == 1 for c in main)
    firsts = [len(c["batch"][0]) for c in main]
    assert firsts == sorted(firsts) and len(set(firsts)) == len(firsts)
    assert sorted(map(tuple, sum((c["batch"] for c in main), []))) == sorted(
        tuple(t.source_tokens) for t in out)
    assert any(len(c["batch"]) > 1 for c in main)


def test_length_buckets_pad_every_call_to_a_multiple(installed_tiny):
    """length_bucket=8: a call holds the inputs of one bucket, padded (with a
    filler row when none has the bucket's length) to the multiple of 8 above."""
    engine = ArgosEngine(max_decoding_length=10, length_bucket=8)
    sentences = corpus_sentences(40)
    spy = spy_on(engine)
    out = engine.translate(sentences)
    main = [c for c in spy.calls if c["max_decoding_length"] != 1]
    widths = [max(len(x) for x in c["batch"]) for c in main]
    assert all(w % 8 == 0 for w in widths) and widths == sorted(widths)
    assert all(len(x) > w - 8 for c, w in zip(main, widths) for x in c["batch"])
    fillers = sum(len(c["batch"]) for c in main) - len(sentences)
    assert 0 < fillers <= len(main)
    assert len(main) < len({len(t.source_tokens) for t in out})  # fewer calls than lengths
    # the filler never leaks into an output; attention rows stay per sentence
    tok = engine.tokenizer
    for sentence, t in zip(sentences, out):
        assert t.source_tokens == tok.encode(sentence)
        assert len(t.attention) == len(t.target_tokens)
        assert all(len(row) == len(t.source_tokens) for row in t.attention)


def test_padded_mode_sorts_once_and_cuts_groups(installed_tiny):
    engine = ArgosEngine(max_decoding_length=8, pad_free=False, group_size=16, beam_size=1)
    spy = spy_on(engine)
    engine.translate(corpus_sentences(40))
    lengths = [len(x) for c in spy.calls for x in c["batch"]]
    assert len(spy.calls) == 3 and lengths == sorted(lengths)


def test_sorting_does_not_mix_up_outputs(installed_tiny):
    """Batch output i must be the translation of input i, as if translated alone."""
    engine = ArgosEngine(beam_size=1, max_decoding_length=16)
    sentences = corpus_sentences(12)[::-1]  # arbitrary, unsorted lengths
    batched = engine.translate(sentences)
    alone = [engine.translate([s])[0] for s in sentences]
    assert [t.target_tokens for t in batched] == [t.target_tokens for t in alone]
    assert len({len(t.source_tokens) for t in batched}) > 3  # lengths really differ


def test_batched_attention_matches_single_sentence(installed_tiny):
    """Term alignment needs each row to be about *this* sentence, first row included."""
    engine = ArgosEngine(max_decoding_length=12)  # beam 4: the case CTranslate2 gets wrong
    sentences = corpus_sentences(10)
    batched = engine.translate(sentences)
    for sentence, t in zip(sentences, batched):
        alone = engine.translate([sentence])[0]
        assert t.target_tokens == alone.target_tokens
        for row_b, row_a in zip(t.attention, alone.attention):
            assert max(abs(a - b) for a, b in zip(row_a, row_b)) < 5e-3


def test_attention_only_where_asked_and_output_unchanged(installed_tiny):
    """Skipping attention (the pipeline asks only for sentences with placeholders)
    must not change any translation, and the rows asked for stay right."""
    engine = ArgosEngine(max_decoding_length=12)
    sentences = corpus_sentences(30)
    full = engine.translate(sentences)
    wanted = [i % 3 == 0 for i in range(len(sentences))]
    spy = spy_on(engine)
    some = engine.translate(sentences, attention=wanted)
    calls_some = len(spy.calls)
    none = engine.translate(sentences, attention=[False] * len(sentences))
    for f, s, n, want in zip(full, some, none, wanted):
        assert f.text == s.text == n.text and f.target_tokens == s.target_tokens == n.target_tokens
        assert n.attention is None
        assert (s.attention == f.attention) if want else s.attention is None
    # the second, attention-fixing pass only for sentences that want it; none
    # at all (and no attention requested) when no sentence does
    fixes = [c for c in spy.calls[:calls_some] if c["max_decoding_length"] == 1]
    assert 0 < sum(len(c["batch"]) for c in fixes) <= sum(wanted) + len(fixes)  # + fillers
    assert spy.calls[calls_some:] and not any(c["return_attention"] for c in spy.calls[calls_some:])
    with pytest.raises(ValueError):
        engine.translate(sentences, attention=[True])


def test_empty_and_blank_inputs(installed_tiny):
    engine = ArgosEngine(max_decoding_length=8)
    out = engine.translate(["", "Bonjour.", "   "])
    assert [t.text for t in out][0] == "" and out[2].text == ""
    assert out[1].text
    assert engine.translate([]) == []


def test_long_input_is_chunked_not_truncated(installed_tiny):
    words = " ".join(corpus_lines()).replace(".", " ").replace(",", " ").split()
    words = [re.sub(r"[^\w’'-]", "", w) for w in words]
    long_text = " ".join(w for w in words if w)
    while len(long_text) < 30_000:
        long_text += " " + long_text
    long_text = long_text[:30_000]
    # length_bucket=1: no filler rows among the inputs counted below
    engine = ArgosEngine(max_input_tokens=250, max_decoding_length=6, beam_size=1, length_bucket=1)
    spy = spy_on(engine)
    out = engine.translate(["Court.", long_text, "Aussi court."])
    pieces = engine.tokenizer.encode(long_text)
    assert len(pieces) > 1000
    sent = [x for call in spy.calls for x in call["batch"]]
    assert all(len(x) <= 250 for x in sent)
    # every piece of the long sentence went to the model exactly once, in order
    chunks = [x for x in sent if x != engine.tokenizer.encode("Court.")
              and x != engine.tokenizer.encode("Aussi court.")]
    assert sum(len(c) for c in chunks) == len(pieces)
    assert sorted(map(tuple, chunks)) == sorted(map(tuple, split_pieces(pieces, 250)))
    long = out[1]
    assert long.source_tokens == pieces
    assert len(long.target_tokens) > 6  # more than one chunk's output (cap is 6 per chunk)
    assert long.text
    assert len(out) == 3 and out[0].text and out[2].text


def test_split_pieces():
    pieces = ["▁a", "b", "c", "▁d", "e", "▁f", "g", "h", "i"]
    chunks = split_pieces(pieces, 4)
    assert sum(chunks, []) == pieces
    assert all(len(c) <= 4 for c in chunks)
    assert chunks[0] == ["▁a", "b", "c"]  # cut before a word start
    no_spaces = ["x"] * 10
    assert split_pieces(no_spaces, 3) == [["x"] * 3] * 3 + [["x"]]
    assert split_pieces([], 5) == [[]]


def test_chunked_attention_is_block_diagonal(installed_tiny):
    engine = ArgosEngine(max_input_tokens=8, max_decoding_length=5, beam_size=1)
    sentence = corpus_sentences(1)[0]
    t = engine.translate([sentence])[0]
    n = len(t.source_tokens)
    assert n > 16
    assert len(t.attention) == len(t.target_tokens)
    assert all(len(row) == n for row in t.attention)
    # the first target rows attend only to the first chunk
    assert all(v == 0.0 for v in t.attention[0][8:])


def test_progress_reports_every_sentence(installed_tiny):
    engine = ArgosEngine(group_size=5, max_decoding_length=8, beam_size=1)
    sentences = corpus_sentences(23) + [""]
    calls: list[int] = []
    out = engine.translate(sentences, progress=calls.append)
    assert len(out) == 24
    assert sum(calls) == 24 and len(calls) >= 5


def test_explicit_package_dir_and_wrong_direction(tmp_path, argos_home):
    fr_en = build_package_dir(tmp_path / "a")
    assert ArgosEngine(fr_en, max_decoding_length=4).translate(["Oui."])[0].text
    en_fr = build_package_dir(tmp_path / "b", from_code="en", to_code="fr")
    with pytest.raises(ModelError, match="en→fr"):
        ArgosEngine(en_fr)


def test_broken_model_file_is_a_one_line_model_error(tmp_path, argos_home):
    pkg = build_package_dir(tmp_path / "a")
    (pkg / "model" / "model.bin").write_bytes(b"\x06\x00")
    with pytest.raises(ModelError) as exc:
        ArgosEngine(pkg).translate(["Oui."])
    assert str(pkg / "model") in str(exc.value) and "\n" not in str(exc.value)


@pytest.mark.parametrize("layout", ["1.9", "bpe"])
def test_no_torch_or_stanza_at_run_time(layout, layout_argosmodel, argos_home):
    """Whatever the package's tokenizer (BPE goes through argostranslate.tokenizer + sacremoses)."""
    from pipeline.engines.argos.models import install_file

    install_file(layout_argosmodel(layout))
    code = (
        "import sys, json\n"
        "from pipeline.engines.argos import ArgosEngine\n"
        "out = ArgosEngine(max_decoding_length=8).translate(['Bonjour le monde.'])\n"
        "heavy = [m for m in ('torch', 'stanza', 'spacy') if m in sys.modules]\n"
        "print(json.dumps({'text': out[0].text, 'heavy': heavy}))\n"
    )
    env = dict(os.environ, ARGOS_PACKAGES_DIR=str(argos_home),
               PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["text"]
    assert result["heavy"] == []
