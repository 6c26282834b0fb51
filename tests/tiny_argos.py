"""Build a tiny, random-weight Argos Translate package for tests and benchmarks.

Real Argos models cannot be downloaded here, so we make one with the same
layout argos uses (``<top>/metadata.json``, ``<top>/sentencepiece.model``,
``<top>/model/`` = a CTranslate2 Transformer) and zip it as ``.argosmodel``.
The translations are gibberish, but every code path (tokenising, batching,
attention, chunking, install/validation) runs exactly as with a real model.

Deterministic: SentencePiece is trained single-threaded on fixed text and the
weights come from a seeded numpy generator.
"""
from __future__ import annotations

import io
import json
import sys
import zipfile
from pathlib import Path
from typing import Optional

import numpy as np
import sentencepiece as spm

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"


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


def train_sentencepiece(lines: list[str], vocab_size: int = 600) -> bytes:
    """Train a unigram SentencePiece model in memory and return its bytes."""
    buf = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=buf,
        vocab_size=vocab_size,
        hard_vocab_limit=False,  # the corpus is small; accept a smaller vocab
        model_type="unigram",
        character_coverage=1.0,
        input_sentence_size=2000,
        num_threads=1,  # determinism
        unk_id=0, bos_id=1, eos_id=2, pad_id=-1,  # ids CTranslate2 expects
        minloglevel=2,
    )
    return buf.getvalue()


def _random_transformer(pieces: list[str], *, layers: int, d_model: int, heads: int,
                        ffn: int, seed: int, eos_bias: float):
    """A TransformerSpec with every weight filled from a seeded generator."""
    specs = _import_specs()
    rng = np.random.default_rng(seed)
    vocab = len(pieces)

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

    spec = specs.TransformerSpec.from_config(layers, heads, pre_norm=True)
    enc, dec = spec.encoder, spec.decoder
    enc.embeddings[0].weight = w(vocab, d_model)
    norm(enc.layer_norm)
    for layer in enc.layer:
        norm(layer.self_attention.layer_norm)
        linear(layer.self_attention.linear[0], 3 * d_model, d_model)  # fused QKV
        linear(layer.self_attention.linear[1], d_model, d_model)
        ffn_layer(layer.ffn)

    dec.embeddings.weight = w(vocab, d_model)
    norm(dec.layer_norm)
    dec.projection.weight = w(vocab, d_model)
    bias = zeros(vocab)
    # Never emit <unk>/<s> (they decode to nothing or "⁇"); optionally favour
    # </s> so random outputs have realistic lengths instead of the max length.
    bias[0] = bias[1] = -20.0
    bias[2] = eos_bias
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

    spec.register_source_vocabulary(pieces)
    spec.register_target_vocabulary(pieces)
    return spec


def build_package_dir(parent: Path, *, version: str = "1.0", from_code: str = "fr",
                      to_code: str = "en", layers: int = 2, d_model: int = 64, heads: int = 4,
                      ffn: Optional[int] = None, vocab_size: int = 600, seed: int = 1234,
                      eos_bias: float = 0.0, corpus_dir: Path = SEEDS_DIR,
                      extra_metadata: Optional[dict] = None) -> Path:
    """Write an unzipped Argos package ``parent/translate-<from>_<to>-<ver>/``."""
    top = Path(parent) / f"translate-{from_code}_{to_code}-{version.replace('.', '_')}"
    (top / "model").mkdir(parents=True, exist_ok=True)

    sp_bytes = train_sentencepiece(corpus_lines(corpus_dir), vocab_size)
    (top / "sentencepiece.model").write_bytes(sp_bytes)
    sp = spm.SentencePieceProcessor(model_proto=sp_bytes)
    pieces = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]

    spec = _random_transformer(pieces, layers=layers, d_model=d_model, heads=heads,
                               ffn=ffn or 4 * d_model, seed=seed, eos_bias=eos_bias)
    spec.validate()
    spec.optimize(quantization="float32")
    spec.save(str(top / "model"))

    metadata = {
        "package_version": version,
        "argos_version": "1.9.0",
        "from_code": from_code,
        "from_name": {"fr": "French", "en": "English"}.get(from_code, from_code),
        "to_code": to_code,
        "to_name": {"fr": "French", "en": "English"}.get(to_code, to_code),
        "type": "translate",
        "links": [],
        "description": "tiny random-weight test model (gibberish output)",
    }
    metadata.update(extra_metadata or {})
    (top / "metadata.json").write_text(json.dumps(metadata, indent=2), encoding="utf-8")
    return top


def zip_package(top: Path, out_dir: Path) -> Path:
    """Zip an unzipped package dir as ``<out_dir>/<top name with dots>.argosmodel``."""
    meta = json.loads((top / "metadata.json").read_text(encoding="utf-8"))
    name = f"translate-{meta['from_code']}_{meta['to_code']}-{meta['package_version']}.argosmodel"
    out = Path(out_dir) / name
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(top.rglob("*")):
            zf.write(path, path.relative_to(top.parent).as_posix())
    return out


def build_argosmodel(out_dir: Path, **kwargs) -> Path:
    """Build a package and return the path of its ``.argosmodel`` zip."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    work = out_dir / "_build"
    top = build_package_dir(work, **kwargs)
    return zip_package(top, out_dir)


if __name__ == "__main__":  # python -m tests.tiny_argos OUT_DIR
    print(build_argosmodel(Path(sys.argv[1] if len(sys.argv) > 1 else ".")))
