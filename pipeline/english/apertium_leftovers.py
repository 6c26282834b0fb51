"""What Apertium's fr → es → en pivot leaves in its English.

- Analysis tags that leak into the text (``<prn>``): a French clitic the
  French analyser could not place.
- Spanish words the Spanish → English dictionary lacks (the French → Spanish
  step knew them): ``millardos`` (milliards), ``óbitos``, ``testados``,
  ``infecciosa``, ``distanciación``. A few frequent general words are looked up;
  the rest follow Spanish → English suffix correspondences (-ción → -tion,
  -idad → -ity, -oso → -ous, -ado → -ed, -miento → -ment).
- Participles its English generator lacks: the verbs it marks ``#give`` come
  out as "has give" (Debian's apertium-eng-spa 0.7).
Only lowercase words are touched (names, acronyms and sentence starts stay).
"""
from __future__ import annotations

import re
from functools import lru_cache

from .words import replace_words

_TAG = re.compile(r"[ \u00a0]*(?<!\S)(?:<[a-z][a-z0-9_]*>)+(?!\S)")


def leaked_tags(text: str) -> str:
    """Drop stand-alone Apertium tags ("I me <prn> réfère" → "I me réfère")."""
    if "<" not in text:
        return text
    return _TAG.sub("", text)


# Frequent Spanish words that reach the English (pivot leftovers), general vocabulary only.
SPANISH_WORDS = {
    "millardo": "billion", "millardos": "billion",
    "óbito": "death", "óbitos": "deaths",
    "testar": "test", "testado": "tested", "testados": "tested", "testada": "tested", "testadas": "tested",
    "penuria": "shortage", "cual": "which", "solos": "alone",
    "noreste": "northeast", "noroeste": "northwest", "sureste": "southeast", "suroeste": "southwest",
    "decena": "about ten", "veintena": "about twenty", "treintena": "about thirty",
    "ralentizar": "slow down", "enseñantes": "teachers", "combatientes": "fighters",
    "tabaquismo": "smoking", "homicida": "murderous", "transeúntes": "passers-by", "transeúnte": "passer-by",
    "feudo": "stronghold", "chiíta": "Shiite", "chiítas": "Shiites", "sunita": "Sunni", "sunitas": "Sunnis",
}
# English words with Spanish-looking endings that must stay.
_ENGLISH = {
    "tornado", "tornados", "avocado", "avocados", "desperado", "bravado", "aficionado", "aficionados",
    "incommunicado", "armada", "cicada", "cicadas", "mucosa", "mimosa", "virtuoso", "mafioso",
    "commando", "commandos", "barista", "baristas", "vista", "vistas", "fashionista", "fashionistas",
}
_SUFFIXES = (
    ("cciones", "ctions"), ("cción", "ction"), ("pciones", "ptions"), ("pción", "ption"),
    ("ciones", "tions"), ("ción", "tion"), ("idades", "ities"), ("idad", "ity"),
    ("mientos", "ments"), ("miento", "ment"),
    ("ciosos", "tious"), ("ciosas", "tious"), ("cioso", "tious"), ("ciosa", "tious"),
    ("osos", "ous"), ("osas", "ous"), ("oso", "ous"), ("osa", "ous"),
    ("istas", "ists"), ("ista", "ist"),
    ("ados", "ed"), ("adas", "ed"), ("ado", "ed"), ("ada", "ed"),
)
_WORD = re.compile(r"(?<![\w-])[a-zñáéíóúü]++(?![\w-])")

# Called for every word of every sentence; a newsroom's vocabulary repeats.
@lru_cache(maxsize=1 << 16)
def _english_for_spanish(word: str) -> str:
    if word in SPANISH_WORDS:
        return SPANISH_WORDS[word]
    if word in _ENGLISH or len(word) < 7:
        return word
    for es, en in _SUFFIXES:
        if word.endswith(es):
            stem = word[: -len(es)]
            # "infecciosa" → "infectious": Spanish cc before a vowel is English ct.
            stem = stem.replace("cc", "ct")
            return stem + en
    return word


def spanish_leftovers(text: str) -> str:
    return replace_words(_WORD, _english_for_spanish, text)


# Participles Debian's English generator cannot produce ("#give").
_PARTICIPLES = {"give": "given", "turn": "turned", "move": "moved", "trace": "traced",
                "wake": "woken", "paste": "pasted"}
_AUX = re.compile(r"\b([Hh]as|[Hh]ave|[Hh]ad|[Hh]aving)( (?:not |already |also |just |never |finally )?)("
                  + "|".join(_PARTICIPLES) + r")\b")


def bare_participles(text: str) -> str:
    """"has give" → "has given"."""
    return _AUX.sub(lambda m: m[1] + m[2] + _PARTICIPLES[m[3]], text)
