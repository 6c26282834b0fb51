"""French words the engine left untranslated → their English cognates.

Apertium passes a word it does not know through unchanged (with ``-u``, without
its ``*`` mark): "zoonotique", "épidémiologie", "sérologiques". Most are learned
words with a regular English cognate, so French suffixes are mapped to English
ones (-ique → -ic, -logie → -logy, -ité → -ity, -eux → -ous, -aire → -ary,
-isme → -ism, -icien → -ician, -ateur → -ator, adverbs -iquement → -ically,
-eusement → -ously, -ément → -ely) and the accents dropped ("génome" → "genome").

A word is taken for French only if it is lowercase (names, acronyms and
sentence-initial words stay) and carries a French accent or a French-only
ending; English words with those looks (café, unique, questionnaire) are
listed and left alone.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .words import replace_words

# English words that look French (accents or French endings): never touched.
ENGLISH_LOOKALIKES = {
    "café", "cafés", "cliché", "clichés", "résumé", "résumés", "fiancé", "fiancée", "protégé",
    "naïve", "naïveté", "rosé", "entrée", "entrées", "décor", "élite", "déjà", "façade", "façades",
    "touché", "exposé", "passé", "soufflé", "purée", "sauté", "communiqué", "détente", "débâcle",
    "début", "débuts", "matinée", "née", "coup", "crème", "première", "premières", "séance", "éclair",
    "unique", "technique", "techniques", "antique", "antiques", "boutique", "boutiques", "critique",
    "critiques", "physique", "mystique", "oblique", "clique", "cliques", "pique", "plaque", "plaques",
    "questionnaire", "questionnaires", "millionaire", "millionaires", "billionaire", "billionaires",
    "doctrinaire", "solitaire", "legionnaire", "legionnaires", "concessionaire", "affaire",
    "milieux", "adieux", "chanteuse", "masseuse", "amateur", "amateurs",
}
_SUFFIXES = (
    # adverbs first: "diplomatiquement" is -ique + -ment
    ("iquement", "ically"), ("ivement", "ively"), ("geusement", "geously"), ("eusement", "ously"),
    ("airement", "arily"),
    ("ément", "ely"),
    ("iciennes", "icians"), ("icienne", "ician"), ("iciens", "icians"), ("icien", "ician"),
    ("ateurs", "ators"), ("ateur", "ator"), ("iété", "iety"), ("iétés", "ieties"),
    ("logies", "logies"), ("logie", "logy"), ("graphies", "graphies"), ("graphie", "graphy"),
    ("iques", "ic"), ("ique", "ic"),
    ("ités", "ities"), ("ité", "ity"),
    ("ismes", "isms"), ("isme", "ism"), ("istes", "ists"), ("iste", "ist"),
    ("geuses", "geous"), ("geuse", "geous"), ("geux", "geous"),
    ("euses", "ous"), ("euse", "ous"), ("eux", "ous"),
    ("ulaires", "ular"), ("ulaire", "ular"), ("aires", "ary"), ("aire", "ary"),
    ("tifs", "tive"), ("tif", "tive"), ("aux", "al"),
)
_FRENCH_LETTERS = set("éèêëàâîïôûùüçœ")
# Possessive quantifiers: no backtracking through a long hyphenated run ("ab-ab-…-").
_WORD = re.compile(r"(?<![\w-])[a-zéèêëàâîïôûùüçœ]++(?:-[a-zéèêëàâîïôûùüçœ]++)*+(?![\w-])")


def strip_accents(word: str) -> str:
    if word.isascii():  # most words QA compares (the English ones): nothing to strip
        return word
    word = word.replace("œ", "oe")
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


def _looks_french(word: str) -> bool:
    if word in ENGLISH_LOOKALIKES or word[:-1] in ENGLISH_LOOKALIKES:
        return False
    if _FRENCH_LETTERS.intersection(word):
        return True
    return len(word) >= 6 and word.endswith(("ique", "iques", "eux", "euse", "euses", "aire", "aires",
                                             "isme", "ismes", "logie", "tifs", "aux", "ivement", "eusement",
                                             "iquement", "airement", "icien", "iciens", "ateur", "ateurs"))


# Called for every word of every sentence; a newsroom's vocabulary repeats.
@lru_cache(maxsize=1 << 16)
def english_cognate(word: str) -> str:
    """The English cognate of one French word ("sérologiques" → "serologic")."""
    if not _looks_french(word):
        return word
    parts = []
    for part in word.split("-"):
        for fr, en in _SUFFIXES:
            if part.endswith(fr) and len(part) > len(fr) + 2:
                part = part[: -len(fr)] + en
                break
        else:
            # A participle or noun in -é with no English suffix ("ciblées",
            # "concédé") would only lose its accent and pass for English
            # ("concede"); left French, QA's untranslated-word check still shows it.
            if part.endswith(("é", "ée", "és", "ées")):
                return word
        parts.append(strip_accents(part))
    return "-".join(parts)


def french_cognates(text: str) -> str:
    return replace_words(_WORD, english_cognate, text)



# French past participles left untranslated, for the verb classes whose English
# participle is regular: -cté → -cted (infectés → infected), -ifié → -ified,
# -ulé → -ulated (spéculé → speculated), -isé → -ized (hospitalisés →
# hospitalized). Other -é words are too often false friends ("ciblées",
# "blindés") to guess.
_PARTICIPLE = re.compile(r"(?<![\w-])([a-zéèêàâîôûç]{2,}?)(ct|ifi|ul|is)(?:ées|ée|és|é)(?![\w-])")
_ENDINGS = {"ct": "cted", "ifi": "ified", "ul": "ulated", "is": "ized"}


def french_participles(text: str) -> str:
    def repl(m: re.Match) -> str:
        word = m.group(0)
        if word in ENGLISH_LOOKALIKES or word.rstrip("s") in ENGLISH_LOOKALIKES:
            return word
        return strip_accents(m[1]) + _ENDINGS[m[2]]
    return _PARTICIPLE.sub(repl, text)
