"""The Argos engine: an installed Argos fr→en package driven through CTranslate2.

We use the package's files (its tokenizer, ``sentencepiece.model`` or
``bpe.model``, + the CTranslate2 model in ``model/``) directly instead of
``argostranslate.translate``: argos translates
one paragraph per ``translate_batch`` call with a 32-token batch limit, and its
import pulls in stanza and torch (seconds of start-up, GBs of RAM) for sentence
splitting, which the pipeline does itself. Here all sentences of a run go
through batches of inputs padded to the same bucket length, shortest first
(an output never depends on the batch: see ``_groups``). Tokenizing, the CTranslate2
options and decoding are argostranslate's (``apply_packaged_translation``),
so a sentence comes out as argostranslate would translate it alone
(tests/test_argos_parity.py; differences in README "Argos packages").

Run-time imports are ctranslate2, sentencepiece, ``argostranslate.package``
(metadata) and, for BPE packages, ``argostranslate.tokenizer`` + sacremoses;
none of them imports torch or stanza (tests/test_argos_engine.py checks
``sys.modules`` in a subprocess).
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional, Sequence

from pipeline.engines.argos.models import FROM_CODE, TO_CODE, describe, find_fr_en_package, load_package
from pipeline.engines.argos.tokenizer import load_tokenizer, tokenizer_file
from pipeline.engines.base import ProgressCallback, Translation
from pipeline.errors import EngineError, ModelError

__all__ = ["ArgosEngine", "find_fr_en_package", "split_pieces"]

NO_MODEL_MESSAGE = (
    "no French→English Argos model installed in {dir}; run "
    "`pipeline models install PATH.argosmodel` (or `pipeline models install` when online)"
)
# Above this many cells, the block-diagonal attention of a chunked sentence is
# dropped (None) rather than materialised as Python lists (30k-char inputs).
MAX_ATTENTION_CELLS = 2_000_000


def split_pieces(pieces: list[str], limit: int, starts_word=None) -> list[list[str]]:
    """Cut a token sequence into chunks of at most ``limit`` pieces.

    Prefers to cut before a word-initial piece (SentencePiece "▁…" by default;
    ``starts_word(pieces, i)`` for other tokenizers) in the second half of the
    window so words are not split; falls back to a hard cut. Never drops pieces.
    """
    if limit < 1:
        raise ValueError("limit must be >= 1")
    chunks, start = [], 0
    while len(pieces) - start > limit:
        end = start + limit
        for cut in range(end, start + limit // 2, -1):
            if (starts_word(pieces, cut) if starts_word else pieces[cut].startswith("▁")):
                end = cut
                break
        chunks.append(pieces[start:end])
        start = end
    chunks.append(pieces[start:])
    return chunks


class ArgosEngine:
    """Engine over an installed (or explicitly given) Argos fr→en package."""

    name = "argos"

    def __init__(
        self,
        package_dir: Optional[Path] = None,
        *,
        beam_size: int = 4,
        max_batch_size: int = 2048,
        group_size: int = 128,
        max_input_tokens: int = 250,
        max_decoding_length: int = 256,
        length_penalty: float = 0.2,
        inter_threads: int = 1,
        intra_threads: int = 0,
        compute_type: str = "auto",
        device: str = "cpu",
        pad_free: bool = True,
        length_bucket: int = 8,
    ):
        """
        Args:
          package_dir: an unzipped Argos package; default: the installed fr→en one.
          beam_size, length_penalty: as argos (4, 0.2) so quality matches.
          max_batch_size: tokens per CTranslate2 batch (``batch_type="tokens"``).
          group_size: sentences-pieces per ``translate_batch`` call; between
            calls the progress callback fires. Groups are cut from the
            length-sorted input, so each is still homogeneous in length.
          max_input_tokens: longer inputs are split into chunks of this size.
          max_decoding_length: cap on output pieces per chunk (CTranslate2's
            default, 256, which is what argos uses).
          intra_threads: 0 = CTranslate2 picks (all cores).
          pad_free: batch only inputs of the same padded length (see ``_groups``).
          length_bucket: with pad_free, every input is padded to the next
            multiple of this many pieces, whatever its batch (1: no padding,
            so batches of equal lengths only: many small calls, up to 3x
            slower on a 1.9-size model; 8: 1 of 114 seed sentences differs from
            argostranslate's unpadded output on 2 of 4 test layouts).
        """
        if package_dir is None:
            pkg = find_fr_en_package()
            if pkg is None:
                from pipeline.engines.argos.models import packages_dir

                raise EngineError(NO_MODEL_MESSAGE.format(dir=packages_dir()))
        else:
            pkg = load_package(Path(package_dir))
            if (pkg.from_code, pkg.to_code) != (FROM_CODE, TO_CODE):
                raise ModelError(
                    f"{package_dir}: package translates {pkg.from_code}→{pkg.to_code}, not fr→en"
                )
        self.package = describe(pkg)
        self.path = Path(pkg.package_path)
        self.version = self.package.label
        self.target_prefix = getattr(pkg, "target_prefix", "") or ""
        if not (self.path / "model" / "model.bin").is_file():
            raise ModelError(f"{self.path / 'model' / 'model.bin'}: missing from the Argos package")
        tokenizer_file(self.path)  # fails now, naming the file, rather than mid-run
        self._codes = (pkg.from_code, pkg.to_code)
        self.beam_size = beam_size
        self.max_batch_size = max_batch_size
        self.group_size = max(1, group_size)
        self.pad_free = pad_free
        self.length_bucket = max(1, length_bucket)
        self.max_input_tokens = max_input_tokens
        self.max_decoding_length = max_decoding_length
        self.length_penalty = length_penalty
        self._translator_args = dict(device=device, compute_type=compute_type,
                                     inter_threads=inter_threads, intra_threads=intra_threads)
        self._tokenizer = None
        self._translator = None

    # -- lazy loading: constructing the engine (e.g. to show its version) is cheap
    @property
    def tokenizer(self):
        if self._tokenizer is None:
            self._tokenizer = load_tokenizer(self.path, *self._codes)
        return self._tokenizer

    @property
    def translator(self):
        if self._translator is None:
            import ctranslate2

            try:
                self._translator = ctranslate2.Translator(str(self.path / "model"),
                                                          **self._translator_args)
            except (RuntimeError, ValueError, OSError, IndexError, KeyError) as err:
                raise ModelError(f"{self.path / 'model'}: cannot load CTranslate2 model ({_short(err)})") from None
        return self._translator

    #: ``translate`` takes ``attention=``: the pipeline asks only for what it uses
    selective_attention = True
    sorts_by_length = True  # batches of similar lengths waste no padding

    def translate(self, sentences: Sequence[str],
                  progress: Optional[ProgressCallback] = None,
                  attention: Optional[Sequence[bool]] = None) -> list[Translation]:
        """``attention[i]``: whether sentence i's attention is wanted (default:
        all). Returning it costs a second encoder pass per batch (see
        ``_fix_first_attention_rows``) plus CTranslate2 keeping every step's
        attention; glossary alignment only needs it for sentences with
        placeholders. It never changes the output pieces or text."""
        if attention is not None and len(attention) != len(sentences):
            raise ValueError("attention: one flag per sentence")
        tok = self.tokenizer
        # Units = (sentence index, chunk pieces); long sentences give several.
        units: list[tuple[int, list[str]]] = []
        source_pieces: list[list[str]] = []
        for i, sentence in enumerate(sentences):
            pieces = tok.encode(sentence) if sentence.strip() else []
            source_pieces.append(pieces)
            chunks = split_pieces(pieces, self.max_input_tokens, tok.starts_word) if pieces else []
            for chunk in chunks:
                units.append((i, chunk))

        results: list[list] = [[] for _ in sentences]  # per sentence: [(chunk, hyp, attn)]
        pending = [0] * len(sentences)
        for i, _ in units:
            pending[i] += 1
        if progress is not None:
            empty = sum(1 for n in pending if n == 0)
            if empty:
                progress(empty)

        for group in self._groups([len(chunk) for _, chunk in units]):
            wanted = [attention is None or bool(attention[units[u][0]]) for u in group]
            batch = [units[u][1] for u in group]
            if self.pad_free:  # pad to the bucket's length, as any batch would
                width = self._bucket(len(batch[-1]))
                if len(batch[-1]) < width:
                    batch.append(_filler(batch[-1], width))  # dropped below
                    wanted.append(False)
            out = self._translate_pieces(batch, wanted)[:len(group)]
            done = 0
            for u, (hyp, attn) in zip(group, out):
                i, chunk = units[u]
                results[i].append((u, chunk, hyp, attn))
                pending[i] -= 1
                done += pending[i] == 0
            if progress is not None and done:
                progress(done)

        return [self._assemble(source_pieces[i], sorted(results[i], key=lambda r: r[0]))
                for i in range(len(sentences))]

    def _groups(self, lengths: list[int]) -> list[list[int]]:
        """Unit indices per ``translate_batch`` call, shortest first; progress fires between.

        pad_free: one *padded* length per call. CTranslate2 pads shorter
        inputs of a batch to the longest, and a padded row's results differ in
        the last bits with the padded length, which can flip a beam-search
        choice. So every input is padded to the same length whatever its
        batch: the next multiple of ``length_bucket`` (a filler row of that
        length joins a call that has none); then a sentence's output does not
        depend on its neighbours, the batch size or the order (README "Argos
        packages"), and a call holds all inputs of a bucket rather than of one
        exact length. Otherwise: length-sorted slices, padded to their longest.
        """
        order = sorted(range(len(lengths)), key=lambda u: lengths[u])
        if not self.pad_free:
            return [order[g:g + self.group_size] for g in range(0, len(order), self.group_size)]
        groups: list[list[int]] = []
        for u in order:
            width = self._bucket(lengths[u])
            # one CTranslate2 batch per call (+1 for a filler row): a split by
            # max_batch_size would pad each part to its own longest input
            limit = min(self.group_size, max(1, self.max_batch_size // width - 1))
            if groups and self._bucket(lengths[groups[-1][0]]) == width and len(groups[-1]) < limit:
                groups[-1].append(u)
            else:
                groups.append([u])
        return groups

    def _bucket(self, length: int) -> int:
        """The padded length of an input of ``length`` pieces (pad_free); never
        above the chunk size unless the input itself is."""
        width = -(-length // self.length_bucket) * self.length_bucket
        return max(length, min(width, self.max_input_tokens))

    def _translate_pieces(self, batch: list[list[str]], wanted: list[bool]):
        """Hypothesis and attention (None unless ``wanted``) per input."""
        prefix = [[self.target_prefix]] * len(batch) if self.target_prefix else None
        try:
            out = self.translator.translate_batch(
                batch,
                target_prefix=prefix,
                max_batch_size=self.max_batch_size,
                batch_type="tokens",
                beam_size=self.beam_size,
                length_penalty=self.length_penalty,
                max_decoding_length=self.max_decoding_length,
                replace_unknowns=True,
                return_attention=any(wanted),
            )
        except (RuntimeError, ValueError) as err:
            raise EngineError(f"{self.path / 'model'}: translation failed ({_short(err)})") from None
        results = [(r.hypotheses[0], r.attention[0] if want and r.attention else None)
                   for r, want in zip(out, wanted)]
        if self.beam_size > 1 and len(batch) > 1 and not self.target_prefix:
            self._fix_first_attention_rows(batch, results)
        return results

    def _fix_first_attention_rows(self, batch, results) -> None:
        """Recompute attention row 0 of each hypothesis.

        With beam search over a batch of more than one input, CTranslate2
        (4.x) returns a first attention row that belongs to another input
        (rows 1… are right; greedy and single inputs are right). Forcing the
        first target token as a prefix and decoding one greedy step yields the
        correct row for the price of one extra encoder pass.
        """
        todo = [k for k, (hyp, attn) in enumerate(results) if hyp and attn]
        if not todo:
            return
        inputs, prefixes = [batch[k] for k in todo], [results[k][0][:1] for k in todo]
        width = max(len(x) for x in batch)
        if max(len(x) for x in inputs) < width:  # the same padding as the main pass
            inputs.append(_filler(inputs[-1], width))
            prefixes.append(prefixes[-1])
        fixed = self.translator.translate_batch(
            inputs,
            target_prefix=prefixes,
            max_batch_size=self.max_batch_size, batch_type="tokens",
            beam_size=1, max_decoding_length=1, return_attention=True,
        )
        for k, r in zip(todo, fixed):
            if r.attention and r.attention[0]:
                results[k][1][0] = r.attention[0][0]

    def _assemble(self, source: list[str], parts: list) -> Translation:
        """Join a sentence's chunk outputs; attention becomes block-diagonal."""
        if not parts:
            return Translation("", source_tokens=source, target_tokens=[], attention=[])
        target: list[str] = []
        blocks = []  # (source offset, chunk length, attention rows)
        offset = 0
        for _, chunk, hyp, attn in parts:
            rows = [list(r) for r in attn] if attn is not None else None
            if self.target_prefix and hyp[:1] == [self.target_prefix]:
                if rows is not None and len(rows) == len(hyp):
                    rows = rows[1:]
                hyp = hyp[1:]
            target.extend(hyp)
            blocks.append((offset, len(chunk), rows))
            offset += len(chunk)
        text = self.tokenizer.decode(target)
        if text.startswith(" "):  # argostranslate drops the one space decoding leaves
            text = text[1:]
        if any(rows is None for _, _, rows in blocks):
            attention = None
        elif len(blocks) == 1:
            attention = blocks[0][2]
        elif len(source) * len(target) <= MAX_ATTENTION_CELLS:
            attention = [[0.0] * off + row + [0.0] * (len(source) - off - n)
                         for off, n, rows in blocks for row in rows or ()]  # no None here: checked above
        else:
            attention = None
        return Translation(text, source_tokens=source, target_tokens=target,
                           attention=attention)


def _filler(pieces: list[str], width: int) -> list[str]:
    """An input of exactly ``width`` pieces: CTranslate2 pads a batch to its
    longest input, so adding one fixes the padded length of every row."""
    return (pieces * width)[:width]


def _short(err: BaseException) -> str:
    return " ".join(str(err).split())[:300] or type(err).__name__
