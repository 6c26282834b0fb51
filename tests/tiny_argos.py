"""Build small, random-weight Argos Translate packages in every layout found in the wild.

Real Argos models cannot be downloaded here, so we make packages the way the
real ones are made, with random Transformer weights (ctranslate2.specs + numpy,
no torch). Translations are gibberish, but tokenising, decoding, batching,
attention, chunking and install/validation run exactly as with a real model.

Layouts (``layout=``):

* ``"test"``: the original test package: ``translate-fr_en-1_0/`` with one
  SentencePiece model shared by source and target, float32, deflated zip.
* ``"1.9"``: the current index package, an OPUS-MT port made by LibreTranslate
  Locomotive's ``opus_mt_convert.py``: ``sentencepiece.model`` is the French
  *source* model only; ``model/`` is what ``ct2-marian-converter`` writes
  (Marian vocabulary ``</s>``=0, ``<unk>``=1, post-norm, swish,
  ``add_source_eos``, decoder starting from a zero embedding) quantized int8,
  here with separate source/target vocabularies, so the English pieces it
  emits are unknown to ``sentencepiece.model``; ``stanza/``, ``README.md``, the
  6-field metadata; a ZIP_STORED archive written file by file (no directory
  entries).
* ``"1.0"``: argos-train: top folder ``fr_en/``, one SentencePiece model
  trained on both languages (OpenNMT-py shared vocabulary), ``stanza/``, an
  archive made by ``zip -r`` (deflated, with directory entries).
* ``"bpe"``: Locomotive on an older OPUS-MT release: ``bpe.model`` (subword-nmt
  codes) instead of ``sentencepiece.model``; argostranslate tokenises with
  sacremoses + its ``apply_bpe`` copy and joins ``@@`` continuations.
* any layout + ``target_prefix=`` in the metadata (the token is added to the
  target vocabulary).

Deterministic: SentencePiece/BPE are trained single-threaded on fixed text and
the weights come from a seeded numpy generator.
"""
from __future__ import annotations

import io
import json
import sys
import zipfile
from collections import Counter
from pathlib import Path
from typing import Optional

import numpy as np
import sentencepiece as spm

REPO = Path(__file__).resolve().parent.parent
SEEDS_DIR = REPO / "seeds"
LAYOUTS = ("test", "1.9", "1.0", "bpe")


def _import_specs():
    """Import ``ctranslate2.specs`` without importing torch.

    ``ctranslate2.specs.model_spec`` does ``import torch`` when it is installed
    (only to accept torch tensors as weights). We only use numpy, and importing
    torch costs seconds and would pollute ``sys.modules`` in test processes that
    check the pipeline stays torch-free, so we hide it for the duration of the
    import only.
    """
    if "ctranslate2.specs" in sys.modules:
        return sys.modules["ctranslate2.specs"]
    hidden = "torch" not in sys.modules
    if hidden:
        sys.modules["torch"] = None  # makes `import torch` raise ImportError
    try:
        import ctranslate2.specs as specs
    finally:
        if hidden:
            del sys.modules["torch"]
    return specs


def corpus_lines(corpus_dir: Path = SEEDS_DIR) -> list[str]:
    """Non-empty lines of the seed articles, in a stable order."""
    lines: list[str] = []
    for path in sorted(Path(corpus_dir).glob("*.txt")):
        lines += [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    if not lines:
        raise FileNotFoundError(f"{corpus_dir}: no *.txt corpus to train SentencePiece on")
    return lines


def english_lines() -> list[str]:
    """English prose to train target-side tokenizers on (frozen: the project's READMEs as of
    this fixture, so fixtures do not change when the README does)."""
    path = Path(__file__).resolve().parent / "data" / "english.txt"
    return [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]


def train_sentencepiece(lines: list[str], vocab_size: int = 600, **options) -> bytes:
    """Train a unigram SentencePiece model in memory and return its bytes."""
    buf = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=buf,
        vocab_size=vocab_size,
        hard_vocab_limit=False,  # the corpus is small; accept a smaller vocab
        model_type="unigram",
        character_coverage=1.0,
        input_sentence_size=4000,
        num_threads=1,  # determinism
        unk_id=0, bos_id=1, eos_id=2, pad_id=-1,  # ids CTranslate2 expects
        minloglevel=2,
        **options,
    )
    return buf.getvalue()


def _pieces(sp_bytes: bytes) -> list[str]:
    sp = spm.SentencePieceProcessor(model_proto=sp_bytes)
    return [sp.id_to_piece(i) for i in range(sp.get_piece_size())]


# ----------------------------------------------------------------- BPE (subword-nmt codes)


def learn_bpe_codes(words: Counter, merges: int) -> list[tuple[str, str]]:
    """subword-nmt's algorithm (version 0.2, ``</w>`` end marker), small and exact enough."""
    vocab = {tuple(w[:-1]) + (w[-1] + "</w>",): c for w, c in words.items() if w}
    codes: list[tuple[str, str]] = []
    for _ in range(merges):
        pairs: Counter = Counter()
        for symbols, count in vocab.items():
            for pair in zip(symbols, symbols[1:]):
                pairs[pair] += count
        if not pairs:
            break
        best = max(pairs, key=lambda p: (pairs[p], p))  # stable tie-break
        if pairs[best] < 2:
            break
        codes.append(best)
        merged = {}
        for symbols, count in vocab.items():
            out, i = [], 0
            while i < len(symbols):
                if i + 1 < len(symbols) and (symbols[i], symbols[i + 1]) == best:
                    out.append(symbols[i] + symbols[i + 1])
                    i += 2
                else:
                    out.append(symbols[i])
                    i += 1
            merged[tuple(out)] = count
        vocab = merged
    return codes


def _moses_words(lines: list[str], lang: str) -> list[list[str]]:
    from sacremoses.normalize import MosesPunctNormalizer
    from sacremoses.tokenize import MosesTokenizer

    tok, norm = MosesTokenizer(lang), MosesPunctNormalizer(lang)
    return [tok.tokenize(norm.normalize(ln)) for ln in lines]


def _bpe_tokens(codes_text: str, sentences: list[list[str]]) -> list[str]:
    from argostranslate.apply_bpe import BPE

    bpe = BPE(io.StringIO(codes_text))
    seen: dict[str, None] = {}
    for words in sentences:
        for t in bpe.segment_tokens(words):
            seen.setdefault(t, None)
    return list(seen)


# ----------------------------------------------------------------- random Transformer


def _random_transformer(source_vocab: list[str], target_vocab: list[str], *, layers: int,
                        d_model: int, heads: int, ffn: int, seed: int, eos_bias: float,
                        marian: bool = False):
    """A TransformerSpec with every weight filled from a seeded generator."""
    specs = _import_specs()
    from ctranslate2.specs import common_spec

    rng = np.random.default_rng(seed)

    def w(*shape):
        return (rng.standard_normal(shape) / np.sqrt(shape[-1])).astype(np.float32)

    def zeros(n):
        return np.zeros(n, dtype=np.float32)

    def norm(ln):
        ln.gamma = np.ones(d_model, dtype=np.float32)
        ln.beta = zeros(d_model)

    def linear(lin, out_dim, in_dim):
        lin.weight = w(out_dim, in_dim)
        lin.bias = zeros(out_dim)

    def ffn_layer(f):
        norm(f.layer_norm)
        linear(f.linear_0, ffn, d_model)
        linear(f.linear_1, d_model, ffn)

    if marian:  # what ct2-marian-converter builds for OPUS-MT (post-norm, swish)
        spec = specs.TransformerSpec.from_config(layers, heads, pre_norm=False,
                                                 activation=common_spec.Activation.SWISH)
    else:  # OpenNMT-py (argos-train)
        spec = specs.TransformerSpec.from_config(layers, heads, pre_norm=True)
    enc, dec = spec.encoder, spec.decoder
    enc.embeddings[0].weight = w(len(source_vocab), d_model)
    if not marian:
        norm(enc.layer_norm)
    for layer in enc.layer:
        norm(layer.self_attention.layer_norm)
        linear(layer.self_attention.linear[0], 3 * d_model, d_model)  # fused QKV
        linear(layer.self_attention.linear[1], d_model, d_model)
        ffn_layer(layer.ffn)

    vocab = len(target_vocab)
    dec.embeddings.weight = w(vocab, d_model)
    if marian:
        dec.start_from_zero_embedding = True
    else:
        norm(dec.layer_norm)
    dec.projection.weight = w(vocab, d_model)
    bias = zeros(vocab)
    # Never emit <unk>/<s>/<pad> (they decode to nothing or "⁇"); optionally
    # favour </s> so random outputs have realistic lengths.
    for special in ("<unk>", "<s>", "<pad>", "<blank>"):
        if special in target_vocab:
            bias[target_vocab.index(special)] = -20.0
    bias[target_vocab.index("</s>")] = eos_bias
    dec.projection.bias = bias
    for layer in dec.layer:
        norm(layer.self_attention.layer_norm)
        linear(layer.self_attention.linear[0], 3 * d_model, d_model)
        linear(layer.self_attention.linear[1], d_model, d_model)
        norm(layer.attention.layer_norm)
        linear(layer.attention.linear[0], d_model, d_model)  # query
        linear(layer.attention.linear[1], 2 * d_model, d_model)  # fused KV over the source
        linear(layer.attention.linear[2], d_model, d_model)
        ffn_layer(layer.ffn)

    spec.register_source_vocabulary(source_vocab)
    spec.register_target_vocabulary(target_vocab)
    if marian:
        spec.config.add_source_eos = True
    return spec


def _marian_vocab(pieces: list[str]) -> list[str]:
    """Marian's vocabulary order: </s>=0, <unk>=1, the pieces, then <pad>."""
    specials = {"<unk>", "<s>", "</s>", "<pad>"}
    return ["</s>", "<unk>"] + [p for p in pieces if p not in specials] + ["<pad>"]


def _padded(vocab: list[str], size: int, stem: str) -> list[str]:
    return vocab + [f"{stem}{i}" for i in range(max(0, size - len(vocab)))]


def _write_stanza(top: Path) -> None:
    """Stand-in for the Stanza tokenizer folder (only its presence matters here)."""
    (top / "stanza" / "fr" / "tokenize").mkdir(parents=True, exist_ok=True)
    (top / "stanza" / "fr" / "tokenize" / "combined.pt").write_bytes(b"not read by the pipeline")
    (top / "stanza" / "resources.json").write_text('{"fr": {"default_processors": {}}}')


def build_package_dir(parent: Path, *, layout: str = "test", version: Optional[str] = None,
                      from_code: str = "fr", to_code: str = "en", layers: int = 2,
                      d_model: int = 64, heads: int = 4, ffn: Optional[int] = None,
                      vocab_size: int = 600, seed: int = 1234, eos_bias: float = 0.0,
                      corpus_dir: Path = SEEDS_DIR, target_prefix: Optional[str] = None,
                      quantization: Optional[str] = None, model_vocab_size: int = 0,
                      extra_metadata: Optional[dict] = None) -> Path:
    """Write an unzipped Argos package under ``parent`` in the given layout; return its top dir."""
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r} (one of {', '.join(LAYOUTS)})")
    version = version or {"1.9": "1.9", "1.0": "1.0"}.get(layout, "1.0")
    if layout == "1.0":
        top = Path(parent) / f"{from_code}_{to_code}"
    else:
        top = Path(parent) / f"translate-{from_code}_{to_code}-{version.replace('.', '_')}"
    (top / "model").mkdir(parents=True, exist_ok=True)
    french = corpus_lines(corpus_dir)
    marian = layout in ("1.9", "bpe")
    quantization = quantization or ("int8" if marian else "float32")

    if layout == "1.9":
        source_sp = train_sentencepiece(french, vocab_size)
        target_sp = train_sentencepiece(english_lines(), vocab_size)
        (top / "sentencepiece.model").write_bytes(source_sp)
        source_vocab = _marian_vocab(_pieces(source_sp))
        target_vocab = _marian_vocab(_pieces(target_sp))
    elif layout == "bpe":
        fr_words, en_words = _moses_words(french, "fr"), _moses_words(english_lines(), "en")
        counts = Counter(w for ws in fr_words + en_words for w in ws)
        codes = learn_bpe_codes(counts, merges=vocab_size)
        codes_text = "#version: 0.2\n" + "".join(f"{a} {b}\n" for a, b in codes)
        (top / "bpe.model").write_text(codes_text, encoding="utf-8")
        source_vocab = _marian_vocab(_bpe_tokens(codes_text, fr_words))
        target_vocab = _marian_vocab(_bpe_tokens(codes_text, en_words))
    else:  # one SentencePiece model for both sides
        lines = french + english_lines() if layout == "1.0" else french
        sp_bytes = train_sentencepiece(lines, vocab_size)
        (top / "sentencepiece.model").write_bytes(sp_bytes)
        source_vocab = target_vocab = _pieces(sp_bytes)
    if model_vocab_size:  # benchmark size (OPUS-MT: ~60k): pad with synthetic pieces
        source_vocab = _padded(source_vocab, model_vocab_size, "▁src")
        target_vocab = _padded(target_vocab, model_vocab_size, "▁tgt")
    if target_prefix and target_prefix not in target_vocab:
        target_vocab = target_vocab + [target_prefix]

    spec = _random_transformer(source_vocab, target_vocab, layers=layers, d_model=d_model,
                               heads=heads, ffn=ffn or 4 * d_model, seed=seed,
                               eos_bias=eos_bias, marian=marian)
    spec.validate()
    spec.optimize(quantization=quantization)
    spec.save(str(top / "model"))

    names = {"fr": "French", "en": "English"}
    metadata = {
        "package_version": version,
        "argos_version": "1.9.0" if layout != "1.0" else "1.0",
        "from_code": from_code, "from_name": names.get(from_code, from_code),
        "to_code": to_code, "to_name": names.get(to_code, to_code),
    }
    if layout == "test":
        metadata.update(type="translate", links=[],
                        description="tiny random-weight test model (gibberish output)")
    if target_prefix:
        metadata["target_prefix"] = target_prefix
    metadata.update(extra_metadata or {})
    (top / "metadata.json").write_text(json.dumps(metadata, indent=None if marian else 2),
                                       encoding="utf-8")
    if layout != "test":
        _write_stanza(top)
        (top / "README.md").write_text(f"# {names.get(from_code)} - {names.get(to_code)} "
                                       f"version {version}\n\nRandom weights (tests).\n")
    return top


def zip_package(top: Path, out_dir: Path, *, layout: str = "test") -> Path:
    """Zip an unzipped package dir as ``<out_dir>/translate-<from>_<to>-<version>.argosmodel``.

    ``1.9``/``bpe``: ZIP_STORED, files only (Locomotive's ``zipf.write`` per
    file); ``1.0``: deflated with directory entries, as ``zip -r``.
    """
    meta = json.loads((top / "metadata.json").read_text(encoding="utf-8"))
    name = f"translate-{meta['from_code']}_{meta['to_code']}-{meta['package_version']}.argosmodel"
    out = Path(out_dir) / name
    stored = layout in ("1.9", "bpe")
    with_dirs = layout == "1.0"
    compression = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(out, "w", compression) as zf:
        if with_dirs:
            zf.write(top, top.name + "/")
        for path in sorted(top.rglob("*")):
            if path.is_dir() and not with_dirs:
                continue
            zf.write(path, path.relative_to(top.parent).as_posix() + ("/" if path.is_dir() else ""))
    return out


def build_argosmodel(out_dir: Path, **kwargs) -> Path:
    """Build a package and return the path of its ``.argosmodel`` zip."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    work = out_dir / "_build"
    top = build_package_dir(work, **kwargs)
    return zip_package(top, out_dir, layout=kwargs.get("layout", "test"))


if __name__ == "__main__":  # python -m tests.tiny_argos OUT_DIR [LAYOUT]
    print(build_argosmodel(Path(sys.argv[1] if len(sys.argv) > 1 else "."),
                           layout=sys.argv[2] if len(sys.argv) > 2 else "test"))
