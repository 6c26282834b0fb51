"""The tokenizers of Argos packages, encoding and decoding as argostranslate does.

An Argos package tokenizes with ``sentencepiece.model`` or, failing that,
``bpe.model`` (subword-nmt codes + Moses), exactly the choice
``argostranslate.package.Package`` makes. Decoding follows
``argostranslate.tokenizer`` too, with one deliberate difference (README,
"Argos packages"): argostranslate turns every ``_`` of the output into a
space; we keep real underscores (``@Le_Monde``, ``fichier_final.pdf``) and
only turn the SentencePiece marker ``▁`` (U+2581) into a space.

The ``▁`` replacement matters for OPUS-MT ports (the index's fr→en 1.9):
their ``sentencepiece.model`` is the French *source* model, so the English
pieces the model emits are unknown to it and ``decode_pieces`` copies them
verbatim, ``▁`` included.
"""
from __future__ import annotations

from pathlib import Path

from pipeline.errors import ModelError

SPM_FILE, BPE_FILE = "sentencepiece.model", "bpe.model"
WORD_MARK = "▁"


class SentencePieceTokenizer:
    kind = "sentencepiece"

    def __init__(self, model_file: Path):
        import sentencepiece as spm

        self.model_file = Path(model_file)
        try:
            self.processor = spm.SentencePieceProcessor(model_file=str(model_file))
        except (RuntimeError, OSError) as err:
            raise ModelError(f"{model_file}: not a readable SentencePiece model "
                             f"({_short(err)})") from None

    def encode(self, text: str) -> list[str]:
        return self.processor.encode(text, out_type=str)

    def decode(self, pieces: list[str]) -> str:
        return self.processor.decode_pieces(pieces).replace(WORD_MARK, " ")

    @staticmethod
    def starts_word(pieces: list[str], i: int) -> bool:
        return pieces[i].startswith(WORD_MARK)


class BPETokenizer:
    """argostranslate's own BPETokenizer (sacremoses + its apply_bpe copy), checked up front."""

    kind = "bpe"

    def __init__(self, model_file: Path, from_code: str, to_code: str):
        from argostranslate.tokenizer import BPETokenizer as ArgosBPE

        self.model_file = Path(model_file)
        check_bpe_codes(self.model_file)
        self._argos = ArgosBPE(self.model_file, from_code, to_code)
        try:
            self._argos.lazy_load()
        except (OSError, UnicodeDecodeError, ValueError, IndexError) as err:
            raise ModelError(f"{model_file}: not readable BPE codes ({_short(err)})") from None

    def encode(self, text: str) -> list[str]:
        return self._argos.encode(text)

    def decode(self, pieces: list[str]) -> str:
        return self._argos.decode(pieces)

    @staticmethod
    def starts_word(pieces: list[str], i: int) -> bool:
        return i == 0 or not pieces[i - 1].endswith("@@")


def check_bpe_codes(path: Path) -> None:
    """A subword-nmt codes file: optional ``#version`` line, then at least one ``a b`` merge."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise ModelError(f"{path}: cannot read BPE codes ({_short(err)})") from None
    merges = 0
    for number, line in enumerate(lines, start=1):
        if (number == 1 and line.startswith("#version")) or not line.strip():
            continue
        if len(line.strip("\r\n ").split(" ")) != 2:
            raise ModelError(f"{path}: line {number}: not a BPE merge (expected two symbols)")
        merges += 1
    if not merges:
        raise ModelError(f"{path}: BPE model has no merge codes")


def tokenizer_file(package_dir: Path) -> Path:
    """The tokenizer file argostranslate would use, or ModelError naming what is missing."""
    for name in (SPM_FILE, BPE_FILE):
        if (Path(package_dir) / name).is_file():
            return Path(package_dir) / name
    raise ModelError(f"{Path(package_dir) / SPM_FILE}: missing from the Argos package "
                     f"(and no {BPE_FILE} either)")


def load_tokenizer(package_dir: Path, from_code: str = "fr", to_code: str = "en"):
    path = tokenizer_file(package_dir)
    if path.name == SPM_FILE:
        return SentencePieceTokenizer(path)
    return BPETokenizer(path, from_code, to_code)


def _short(err: BaseException) -> str:
    return " ".join(str(err).split())[:300] or type(err).__name__
