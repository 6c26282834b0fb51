"""French number formats → English: 3 000 → 3,000; 2,75 → 2.75; 2 millions → 2 million.

Only a number is touched, never a list: in "1, 2 et 3" the comma is followed
by a space, so it is not a decimal comma. A comma followed by exactly three
digits ("1,500") is left alone — in English it is a thousands separator and the
French source may be quoting English. Four-digit numbers stay as they are
("2020", "1500 km").
"""
from __future__ import annotations

import re

_SP = "[ \u00a0\u202f\u2009]"

# Integer part with French thousands groups (3 000 / 12 500 000) or plain digits,
# then an optional decimal comma. Not preceded by a digit, '.', ',' or a word
# character, not followed by more digits (no "2,75,3", no "1,2.3").
_FR_NUMBER = re.compile(
    rf"(?<![\w.,])(?P<int>\d{{1,3}}(?:{_SP}\d{{3}})+(?!\d)|\d+)(?:,(?P<frac>\d+))?(?![\d]|[.,]\d)"
)

_DIGIT = re.compile(r"\d")


def _english_number(m: re.Match) -> str:
    whole, frac = m["int"], m["frac"]
    grouped = re.search(_SP, whole) is not None
    if frac is not None and len(frac) == 3 and not grouped:
        return m.group(0)  # "1,500": English thousands, or ambiguous — leave it
    if grouped:
        whole = ",".join(re.split(_SP, whole))
    return whole if frac is None else f"{whole}.{frac}"


def number_format(text: str) -> str:
    """French thousands spaces and decimal commas to English."""
    if not _DIGIT.search(text):  # (a per-character any() cost more than the rule)
        return text
    return _FR_NUMBER.sub(_english_number, text)


# "2 millions" / "2.75 billions of euros" / "seven billions of dollars" → "2 million" /
# "2.75 billion euros" / "seven billion dollars". After a number, English scale
# words are invariable and take no "of" — except before a determiner ("3 million
# of the inhabitants").
_NUMBER = (r"(?P<num>(?<=\d)|(?<![\w-])(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|"
           r"twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|several|few))")
_OF = re.compile(
    _NUMBER + r"(?P<head>[ \u00a0](?:thousand|million|billion|trillion)) of "
    r"(?!the\b|these\b|those\b|this\b|that\b|his\b|her\b|its\b|their\b|our\b|your\b|my\b|them\b|which\b|whom\b|us\b|it\b)"
)
_PLURAL_SCALE = re.compile(_NUMBER + r"(?P<sp>[ \u00a0])(?P<word>million|billion|trillion)s\b")


# "the years 1960" (les années 1960) → "the 1960s".
_DECADE = re.compile(r"\b([Tt]he) years (1[89]\d0|20[0-2]0)\b(?!s)")


def decades(text: str) -> str:
    return _DECADE.sub(r"\1 \2s", text) if "years " in text else text


def scale_words(text: str) -> str:
    """Also reads glossary renderings (``milliard`` → ``billion``): it only drops
    the plural -s and the "of" after a number."""
    if not re.search(r"[ \u00a0](?:thousand|million|billion|trillion)", text):
        return text
    # French "mille" (thousand) never takes an -s: "15 milles" is 15 miles, which
    # Apertium renders "15 thousands".
    text = re.sub(r"(?<=\d)([ \u00a0])thousands\b", r"\1miles", text)
    text = _PLURAL_SCALE.sub(lambda m: m["num"] + m["sp"] + m["word"], text)
    return _OF.sub(lambda m: m["num"] + m["head"] + " ", text)


# French clock times: "12h30" / "12 h 30" → "12:30"; "18h" stays (English "6pm" is not mechanical).
_CLOCK = re.compile(r"(?<![\w.,:])([01]?\d|2[0-3]) ?h ?([0-5]\d)(?!\w)")


def clock_times(text: str) -> str:
    return _CLOCK.sub(r"\1:\2", text) if "h" in text else text
