"""Quality checks on one finished segment; each finding is a ``model.Flag``.

``check_segment`` is called by the run for every segment before it is written,
and again by the review tools whenever a reviewer changes a segment. Codes:

========================  ========  ==================================================
code                      severity  meaning
========================  ========  ==================================================
``term-missing``          error     a glossary term is not rendered as the glossary says
``term-forbidden``        error     a rendering the glossary forbids is in the target
``number-mismatch``       error     numbers, percentages or dates differ (French formats understood)
``number-format``         warning   a French decimal comma (``2,75``) left in the English
``untranslated``          error     target equals the source, or is still French
``untranslated-word``     warning   French words copied into the English
``empty-target``          error     nothing in the target
``length-ratio``          warning   target/source length far outside the norm (error if extreme)
``repetition``            error     a word or phrase repeated in a loop (neural hallucination)
``leftover-markup``       error     a placeholder, tag or engine marker left in the target
``stale-edit``            warning   the source changed since a reviewer edited the segment
``internal-check``        warning   a check failed on this segment (a bug): it did not run, the others did
========================  ========  ==================================================

A flag is *resolved* when a reviewer approved the segment (see ``unresolved``):
an approval is the reviewer's word that the flagged text is right.
Passthrough segments (already English in the source) are never flagged as
untranslated.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache
from typing import Mapping, Union

from .english import finish_english
from .english.cognates import strip_accents
from .model import Flag, Segment, Severity, Status, TermReport
from .numbers import EN_MONTHS, FR_MONTHS, compare, describe

ERROR = Severity.ERROR
WARNING = Severity.WARNING

# FR→EN: English is usually 0.8–1.1× the French length (in characters).
RATIO_WARN = (0.45, 1.8)
RATIO_ERROR = (0.2, 3.0)
RATIO_MIN_CHARS = 25

_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# Words that are French and not English (elisions included).
FRENCH_ONLY = frozenset(
    "le la les l' l’ un une des du d' d’ et est sont était étaient à au aux ce cette ces qui que qu' "
    "qu’ dans pour par sur avec pas ne n' n’ il elle ils elles nous vous leur leurs son sa ses "
    "mais ou où donc car très aussi été être avoir ont a déjà selon lors entre depuis sous "
    "c' c’ s' s’ j' j’ y".split()
)
_ACCENTED = re.compile(r"[éèêëàâîïôûùüçœÉÈÊÀÂÎÔÛÇŒ]")
_FRENCH_SUFFIX = re.compile(r"(?:iens?|iennes?|eux|euses?|ées?|aient|èrent|ements?)$")

_LEFTOVERS = [
    (re.compile(r"\{\{?\s*[\w.]*\s*\}\}?"), "placeholder"),
    (re.compile(r"__+[A-Za-z0-9]+__+"), "placeholder"),
    (re.compile(r"[⟦⟧«»]?\s*\b(?:TERM|PH|GLOSS|TAG)_?\d+\b"), "placeholder"),
    (re.compile(r"[⟦⟧]"), "placeholder bracket"),
    (re.compile(r"%(?:\d+\$)?[sdif]\b"), "format placeholder"),
    (re.compile(r"\$\{\w+\}"), "placeholder"),
    (re.compile(r"</?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>"), "markup tag"),
    (re.compile(r"&(?:[a-z]+|#\d+|#x[0-9a-f]+);", re.I), "HTML entity"),
    (re.compile(r"<unk>|\u2047|\ufffd"), "unknown-token marker"),
    (re.compile(r"▁"), "subword marker"),
    (re.compile(r"(?<![\w@#*])[*#@~](?=[^\W\d_])"), "engine unknown-word marker"),
]
# Any of them, in one scan: most targets have none, and 22 scans per segment
# were a tenth of QA's time.
_ANY_LEFTOVER = re.compile("|".join(
    f"(?{'i' if p.flags & re.I else ''}:{p.pattern})" if p.flags & re.I else f"(?:{p.pattern})"
    for p, _ in _LEFTOVERS))


def flag(code: str, severity: str, message: str) -> Flag:
    return Flag(code, severity, message)


def unresolved(segment: Segment) -> list[Flag]:
    """The segment's flags that still need a reviewer (approval resolves them)."""
    if segment.status == Status.APPROVED:
        return []
    return list(segment.flags)


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD_RE.findall(unicodedata.normalize("NFC", text))]


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


def french_share(text: str) -> tuple[int, int]:
    """(French-only function words, words) in ``text``."""
    words = _words(text)
    french = 0
    for w in words:
        if w in FRENCH_ONLY:
            french += 1
        else:
            head = w.replace("’", "'").split("'", 1)[0]  # "l'" of "l'avion"
            if head != w and (head + "'") in FRENCH_ONLY:
                french += 1
    return french, len(words)


def looks_french(text: str) -> bool:
    french, total = french_share(text)
    return total > 0 and french >= 2 and french / total >= 0.2


def _term_checks(segment: Segment, target: str) -> list[Flag]:
    flags = []
    low = target.casefold()
    for term in segment.terms:
        if not isinstance(term, TermReport):
            raise TypeError(f"a term report is {type(term).__name__}, not an object")
        if term.missing:
            flags.append(flag("term-missing", ERROR,
                              f"glossary term “{term.source}” should be “{term.target}”"
                              + (f" (entry {term.entry})" if term.entry else "")))
        # The enforcer and the reviewer's re-check both report the entry's forbidden renderings.
        for bad in term.forbidden:
            if bad and re.search(rf"(?<!\w){re.escape(bad.casefold())}(?!\w)", low):
                flags.append(flag("term-forbidden", ERROR,
                                  f"“{bad}” is a forbidden rendering of “{term.source}”;"
                                  f" use “{term.target}”"))
    return flags


def _number_checks(source: str, target: str) -> list[Flag]:
    if not (_DIGIT.search(target) or _DIGIT.search(source) or _EN_MONTH.search(target)
            or _FR_MONTH.search(unicodedata.normalize("NFC", source))):
        return []  # nothing either side could count (most sentences of prose)
    flags = []
    mismatch = compare(source, target)
    if mismatch.missing or mismatch.extra:
        parts = []
        if mismatch.missing:
            parts.append("missing in English: " + ", ".join(describe(t) for t in mismatch.missing))
        if mismatch.extra:
            parts.append("not in the French: " + ", ".join(describe(t) for t in mismatch.extra))
        flags.append(flag("number-mismatch", ERROR, "numbers or dates differ (" + "; ".join(parts) + ")"))
    if mismatch.french_decimal:
        flags.append(flag("number-format", WARNING,
                          "French decimal comma in the English: " + ", ".join(mismatch.french_decimal)
                          + " (English uses a decimal point)"))
    return flags


_DIGIT = re.compile(r"\d")
# A superset of the months numbers.compare counts (it reads whole words only).
_FR_MONTH = re.compile("|".join(FR_MONTHS), re.I)
_EN_MONTH = re.compile("|".join(EN_MONTHS))


_STEM_WORD_RE = re.compile(r"[^\W\d_]{3,}")


@lru_cache(maxsize=1 << 16)
def _stem(word: str) -> str:
    return strip_accents(word.casefold())[:4]


def _stems(text: str) -> set[str]:
    return {_stem(w) for w in _STEM_WORD_RE.findall(text)}


def _may_be_a_copy(source: str, target: str) -> bool:
    """False when ``target`` cannot be ``source`` put through the English finishing:
    that changes a few words' endings, accents and typography, so most of its
    words still begin as the source's do (checked on 5,651 sentences of the
    corpus and eval sets: never False for a finished source). It spares QA
    finishing every source again (a quarter of a run's Python time); short
    targets are always checked in full."""
    stems = _stems(target)
    return len(stems) < 6 or 2 * len(stems & _stems(source)) >= len(stems)


def _untranslated_checks(source: str, target: str) -> list[Flag]:
    # The English finishing step changes a copied French sentence's typography
    # (« » → “ ”, "2,5 %" → "2.5%"): compare with the source finished the same way.
    if _norm(source) == _norm(target) or (_may_be_a_copy(source, target)
                                          and _norm(finish_english(source)) == _norm(target)):
        # A sentence made only of names and numbers ("Rustem Umerov") is the
        # same in both languages; anything with ordinary words is not.
        if any(w.islower() and len(w) > 2 for w in _WORD_RE.findall(source)) or looks_french(source):
            return [flag("untranslated", ERROR, "the target is the French source, untranslated")]
        return []
    if looks_french(target):
        french, total = french_share(target)
        return [flag("untranslated", ERROR,
                     f"the target still looks French ({french} of {total} words are French function words)")]
    source_words = set(_words(source))
    copied = []
    for w in _WORD_RE.findall(target):
        lw = w.lower()
        if (w[0].islower() and len(w) >= 4 and lw in source_words
                and (_ACCENTED.search(w) or _FRENCH_SUFFIX.search(lw)) and lw not in copied):
            copied.append(lw)
    if copied:
        return [flag("untranslated-word", WARNING,
                     "French word" + ("s" if len(copied) > 1 else "") + " left in the English: "
                     + ", ".join(copied))]
    return []


def _ratio_checks(source: str, target: str) -> list[Flag]:
    s, t = len(source.strip()), len(target.strip())
    if s < RATIO_MIN_CHARS or t == 0:
        return []
    ratio = t / s
    if ratio < RATIO_ERROR[0] or ratio > RATIO_ERROR[1]:
        return [flag("length-ratio", ERROR,
                     f"the English is {ratio:.2f}× the French length (normal is about 0.8–1.2×)")]
    if ratio < RATIO_WARN[0] or ratio > RATIO_WARN[1]:
        return [flag("length-ratio", WARNING,
                     f"the English is {ratio:.2f}× the French length (normal is about 0.8–1.2×)")]
    return []


def max_repeat(tokens: list[str]) -> tuple[int, int, list[str]]:
    """The worst loop in ``tokens``: (n-gram size, consecutive occurrences, the n-gram)."""
    best: tuple[int, int, list[str]] = (0, 0, [])
    size = len(tokens)
    for n in range(1, 7):
        i = 0
        while i + 2 * n <= size:
            gram = tokens[i:i + n]
            count = 1
            j = i + n
            while j + n <= size and tokens[j:j + n] == gram:
                count += 1
                j += n
            if count > 1 and count * n > best[1] * max(best[0], 1):
                best = (n, count, gram)
            i = j if count > 1 else i + 1
    return best


def _is_loop(n: int, count: int) -> bool:
    # "very very" is English; "the the the", "of the war of the war" are not.
    return (n == 1 and count >= 3) or (n == 2 and count >= 3) or (n >= 3 and count >= 2)


_TOKEN = re.compile(r"\w+")
# An n-gram (n ≤ 6, max_repeat's longest) directly followed by itself, in the
# tokens joined by spaces: without one, max_repeat can only find no loop.
_BACK_TO_BACK = re.compile(r"(?<!\S)(\S++(?: \S++){0,5}) \1(?!\S)")  # possessive: no backtracking inside a token


def _repetition_checks(source: str, target: str) -> list[Flag]:
    tokens = _TOKEN.findall(target.lower())
    n, count, gram = max_repeat(tokens) if _BACK_TO_BACK.search(" ".join(tokens)) else (0, 0, [])
    if not _is_loop(n, count):
        # A long n-gram that keeps coming back, not necessarily back to back.
        seen = Counter(zip(tokens, tokens[1:], tokens[2:], tokens[3:]))
        looping = [k for k, c in seen.items() if c >= 3]
        if not looping:
            return []
        gram, n, count = list(looping[0]), 4, seen[looping[0]]
    src_n, src_count, _ = max_repeat(_TOKEN.findall(source.lower()))
    if _is_loop(src_n, src_count) and src_count >= count:
        return []  # the French repeats itself too ("non, non, non")
    return [flag("repetition", ERROR, f"“{' '.join(gram)}” repeated {count} times (a translation loop?)")]


def _leftover_checks(source: str, target: str) -> list[Flag]:
    if not _ANY_LEFTOVER.search(target):
        return []
    found = []
    for pattern, label in _LEFTOVERS:
        in_target = pattern.findall(target)
        if in_target and len(in_target) > len(pattern.findall(source)):
            example = in_target[0].strip() if isinstance(in_target[0], str) else in_target[0]
            found.append(f"{label} {example!r}")
    if found:
        return [flag("leftover-markup", ERROR, "left in the English: " + ", ".join(dict.fromkeys(found)))]
    return []


def _safely(check, *args) -> list[Flag]:
    """Run one check; a bug it hits on one sentence becomes a flag, never a crash.

    A check that fails must not take down the document (let alone the run): the
    segment gets an ``internal-check`` warning naming the check, so the reviewer
    knows that check did not run, and every other check still does.
    """
    try:
        return list(check(*args))
    except Exception as err:  # noqa: BLE001 - fail safe by design, reported as a flag
        name = getattr(check, "__name__", "check").strip("_").replace("_checks", "")
        return [flag("internal-check", WARNING,
                     f"the {name} check failed on this segment ({type(err).__name__}: {err}); "
                     "please report it")]


def check_segment(segment: Union[Segment, Mapping]) -> list[Flag]:
    """QA's flags for ``segment`` (a JSON object is read as a Segment, values as they are)."""
    if not isinstance(segment, Segment):
        segment = Segment.from_dict(segment)
    source, target = segment.source or "", segment.target or ""
    if not isinstance(source, str) or not isinstance(target, str):
        return [flag("internal-check", WARNING, "the segment's source or target is not text; not checked")]
    flags: list[Flag] = []
    flags += _safely(_term_checks, segment, target)
    if source.strip() and not target.strip():
        flags.append(flag("empty-target", ERROR, "the English is empty"))
    elif source.strip() and segment.status != Status.PASSTHROUGH:
        for check in (_number_checks, _untranslated_checks, _ratio_checks, _repetition_checks,
                      _leftover_checks):
            flags += _safely(check, source, target)
    if segment.stale_edit is not None:
        flags.append(flag("stale-edit", WARNING,
                          "the source changed since a reviewer edited this segment; the old edit is kept beside it"))
    return flags


class SegmentChecks:
    """``check_segment`` remembered by everything it reads (source, target, status,
    term reports, whether a stale edit is attached).

    A run checks each new translation as it comes out of the engine, while the
    engine works on the next batch, and takes those flags when it writes the
    segment unchanged; a segment that changed since (an edit placed, a reuse)
    has another key and is checked then. Without this every check waited until
    the engine was done, on one core, at the end of the run."""

    def __init__(self) -> None:
        self._flags: dict[tuple, list[Flag]] = {}

    @staticmethod
    def _key(segment: Segment) -> tuple:
        return (segment.source, segment.target, segment.status, segment.stale_edit is not None, repr(segment.terms))

    def precheck(self, segment: Segment) -> None:
        self._flags[self._key(segment)] = check_segment(segment)

    def check(self, segment: Segment) -> list[Flag]:
        flags = self._flags.get(self._key(segment))
        return list(flags) if flags is not None else check_segment(segment)

    def clear(self) -> None:
        self._flags.clear()

