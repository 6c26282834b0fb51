"""Numbers and dates in French sources and English targets, made comparable.

French and English write the same quantity differently: ``2,75 milliards`` is
``2.75 billion``, ``3 000`` (space or no-break space) is ``3,000``, ``20
millions`` is ``20 million``, ``12,5 %`` is ``12.5%``, ``19e`` is ``19th`` and
``15 février`` is ``15 February`` or ``February 15``. Each side is reduced to a
multiset of canonical tokens — ``("num", Decimal)``, ``("pct", Decimal)`` and
``("month", 1-12)`` — and the QA check compares the two multisets.

Spelled-out small numbers ("vingt pays" → "20 countries", "13 alliés" → "thirteen
allies") are accepted on either side, but only to excuse a digit that is missing
on the other side; they are never counted on their own ("un" is also "a").
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

# Spaces that French uses as thousands separators (space, no-break, narrow no-break, thin).
_SP = "[ \u00a0\u202f\u2009]"

FR_SCALES = {
    "mille": 10**3, "millier": 10**3, "milliers": 10**3,
    "million": 10**6, "millions": 10**6,
    "milliard": 10**9, "milliards": 10**9, "md": 10**9, "mds": 10**9, "mrd": 10**9, "mrds": 10**9,
    "billion": 10**12, "billions": 10**12,  # French "billion" is 10^12
}
EN_SCALES = {
    "thousand": 10**3, "thousands": 10**3,
    "million": 10**6, "millions": 10**6, "mn": 10**6,
    "billion": 10**9, "billions": 10**9, "bn": 10**9,
    "trillion": 10**12, "trillions": 10**12,
}

FR_MONTHS = {
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12,
    "decembre": 12,
}
EN_MONTHS = {
    "January": 1, "February": 2, "March": 3, "April": 4, "May": 5, "June": 6, "July": 7,
    "August": 8, "September": 9, "October": 10, "November": 11, "December": 12,
    "Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8, "Sep": 9, "Sept": 9,
    "Oct": 10, "Nov": 11, "Dec": 12,
}

FR_WORDS = {
    "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9,
    "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16,
    "vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60, "cent": 100,
    "un": 1, "une": 1, "premier": 1, "première": 1, "deuxième": 2, "second": 2, "seconde": 2,
    "troisième": 3,
}
EN_WORDS = {
    "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "hundred": 100, "first": 1,
    "second": 2, "third": 3, "fourth": 4, "fifth": 5, "tenth": 10, "dozen": 12,
}

# A French number: 1-3 digits then space-separated groups of exactly 3, or plain
# digits; optional decimal comma (or point); optional ordinal suffix / percent /
# scale word.
_FR_NUM = re.compile(
    rf"(?<![\w.,])(?P<int>\d{{1,3}}(?:{_SP}\d{{3}})+|\d+)(?:[,.](?P<frac>\d+))?"
    rf"(?P<ord>(?:er|re|e|ème|eme|è|ᵉ|nd|nde)(?![\w]))?"
    rf"(?:{_SP}?(?P<pct>%|pour{_SP}?cent\b))?"
    rf"(?:{_SP}?(?:de{_SP})?(?P<scale>[A-Za-zéè]+))?",
)
# An English number: digits with comma thousands groups, or plain digits;
# optional decimal point; ordinal suffix; percent; scale word. A comma followed by
# anything but a 3-digit group (``2,75``) is a French decimal comma left behind.
_EN_NUM = re.compile(
    r"(?<![\w.,])(?P<int>\d{1,3}(?:,\d{3})+(?![\d,])|\d+)(?:(?P<sep>[.,])(?P<frac>\d+))?"
    r"(?P<ord>(?:st|nd|rd|th)(?![\w]))?"
    r"(?:[ \u00a0]?(?P<pct>%|per ?cent\b))?"
    r"(?:[ \u00a0-]?(?P<scale>[A-Za-z]+))?",
)
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


@dataclass
class Quantities:
    tokens: Counter          # ("num"|"pct", Decimal) and ("month", int)
    words: Counter           # small numbers written as words (only to excuse a missing digit)
    french_decimal: list     # English side only: "2,75"-style leftovers


def _decimal(int_part: str, frac: str | None) -> Decimal:
    digits = re.sub(_SP, "", int_part).replace(",", "")
    try:
        return Decimal(f"{digits}.{frac}" if frac else digits)
    except InvalidOperation:  # pragma: no cover - the regex only lets digits through
        return Decimal(0)


def _norm(value: Decimal) -> Decimal:
    value = value.normalize()
    # normalize() turns 2000 into 2E+3; quantize back to a plain integer form.
    return value.quantize(Decimal(1)) if value == value.to_integral() else value


def french_quantities(text: str) -> Quantities:
    text = unicodedata.normalize("NFC", text)
    tokens: Counter = Counter()
    for m in _FR_NUM.finditer(text):
        value = _decimal(m["int"], m["frac"])
        scale = (m["scale"] or "").lower()
        if scale in FR_SCALES and not m["pct"]:
            value *= FR_SCALES[scale]
        tokens[("pct" if m["pct"] else "num", _norm(value))] += 1
    words: Counter = Counter()
    for w in _WORD.findall(text):
        lw = w.lower()
        if w in FR_MONTHS or (lw in FR_MONTHS and lw != "mars" and lw != "mai"):
            # Months are lowercase in French; a capitalised "Mars" is the planet
            # or the god, except at the start of a sentence (accepted).
            tokens[("month", FR_MONTHS[lw])] += 1
        elif lw in ("mars", "mai") and text.startswith(w):
            tokens[("month", FR_MONTHS[lw])] += 1
        if lw in FR_WORDS:
            words[FR_WORDS[lw]] += 1
        for part in lw.split("-"):
            if part != lw and part in FR_WORDS:
                words[FR_WORDS[part]] += 1
    return Quantities(tokens, words, [])


def english_quantities(text: str) -> Quantities:
    text = unicodedata.normalize("NFC", text)
    tokens: Counter = Counter()
    french_decimal: list[str] = []
    for m in _EN_NUM.finditer(text):
        frac = m["frac"]
        if m["sep"] == ",":
            # "1,8" / "2,75": not a thousands group, so a French decimal comma.
            french_decimal.append(m.group(0).split()[0])
        value = _decimal(m["int"], frac)
        scale = (m["scale"] or "").lower()
        if scale in EN_SCALES and not m["pct"]:
            value *= EN_SCALES[scale]
        tokens[("pct" if m["pct"] else "num", _norm(value))] += 1
    words: Counter = Counter()
    for w in _WORD.findall(text):
        if w in EN_MONTHS:
            tokens[("month", EN_MONTHS[w])] += 1
        lw = w.lower()
        if lw in EN_WORDS:
            words[EN_WORDS[lw]] += 1
        for part in lw.split("-"):
            if part != lw and part in EN_WORDS:
                words[EN_WORDS[part]] += 1
    return Quantities(tokens, words, french_decimal)


def describe(token: tuple) -> str:
    kind, value = token
    if kind == "month":
        return next(name for name, n in EN_MONTHS.items() if n == value and len(name) > 3)
    if kind == "pct":
        return f"{value}%"
    if isinstance(value, Decimal) and value >= 1000 and value == value.to_integral():
        return f"{int(value):,}"
    return str(value)


@dataclass
class Mismatch:
    missing: list   # in the source, not in the target
    extra: list     # in the target, not in the source
    french_decimal: list


def compare(source: str, target: str) -> Mismatch:
    """What the target lost or invented, number-wise, relative to the source."""
    src = french_quantities(source)
    tgt = english_quantities(target)
    missing = src.tokens - tgt.tokens
    extra = tgt.tokens - src.tokens
    # A digit on one side may be a word on the other ("20" ↔ "vingt", "1 million" ↔ "a million").
    for token in list(missing):
        kind, value = token
        if kind == "num" and value == value.to_integral() and tgt.words[int(value)] > 0:
            tgt.words[int(value)] -= 1
            missing[token] -= 1
    for token in list(extra):
        kind, value = token
        if kind == "num" and value == value.to_integral() and src.words[int(value)] > 0:
            src.words[int(value)] -= 1
            extra[token] -= 1
    # "a million" / "un million": the scale survives without its digit.
    for token in list(missing):
        kind, value = token
        for scale in (10**12, 10**9, 10**6, 10**3):
            if kind == "num" and missing[token] > 0 and value == scale:
                scale_word = {10**3: "thousand", 10**6: "million", 10**9: "billion", 10**12: "trillion"}[scale]
                if re.search(rf"\b(?:a|one)\s+{scale_word}\b", target, re.I):
                    missing[token] -= 1
    missing = +missing
    extra = +extra
    return Mismatch(sorted(missing.elements(), key=str), sorted(extra.elements(), key=str),
                    tgt.french_decimal)
