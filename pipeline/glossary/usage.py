"""How a matched French term is used in its sentence, read from the text itself.

A rendering depends on three facts about the match (enforce.py):

* whether an adjective entry is used as a noun here (``les Américains`` is
  not the adjective ``américain``, so the entry does not apply);
* the number of a noun term (``des vaccins`` → vaccines, ``le masque`` → mask);
* whether the match is a past participle of a verb entry (``hospitalisés`` →
  hospitalized) or a verb (``il masque``: no noun number).

spaCy's fr_core_news_sm answered these at a fixed cost of ~6 s and ~360 MB per
run (its tokenizer exceptions alone compile for 6 s), more than the engine on a
newstest-sized run. French spells the answers out, so they are read from the
text: nationality *nouns* are capitalised and adjectives are not (``les
Russes`` / ``les drones russes``); a noun after a determiner is a noun (``le
russe``, the language); the plural is written ``-s``/``-x`` on the word
(checked against the entry's listed forms, so ``virus`` is not a plural) and,
for words that do not change, on the determiner (``les virus``, ``trois
cas``); only a verb entry (an infinitive in ``-er``, the only kind the matcher
inflects as a verb) has participles. On the matches of newstest2014, FLORES,
TICO-19 and the corpus these rules fixed the tagger's mistakes on post-posed
nationality adjectives (``la ministre néerlandaise``, ``des drones russes``
tagged as nouns) and on nouns read as participles (``immunité`` →
"immunitied"), see benchmarks/eval_terms.py.
"""
from __future__ import annotations

import os
import re
from functools import lru_cache

from .normalize import norm_key

#: determiners (and numbers) that mark the noun after them plural / singular
PLURAL_DETERMINERS = {
    "les", "des", "ces", "mes", "tes", "ses", "nos", "vos", "leurs", "aux", "plusieurs", "quelques",
    "certains", "certaines", "nombreux", "nombreuses", "divers", "diverses", "différents", "différentes",
    "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "douze", "quinze", "vingt",
    "trente", "quarante", "cinquante", "cent", "cents", "mille", "lesdits", "lesdites", "quels", "quelles",
}
SINGULAR_DETERMINERS = {
    "le", "la", "l'", "un", "une", "du", "au", "ce", "cet", "cette", "mon", "ma", "ton", "ta", "son", "sa",
    "notre", "votre", "leur", "chaque", "quel", "quelle", "aucun", "aucune", "nul", "nulle",
}
DETERMINERS = PLURAL_DETERMINERS | SINGULAR_DETERMINERS
#: words before a finite verb (``il masque``, ``qui se propage``): what follows is no noun
SUBJECTS = {"il", "elle", "on", "ils", "elles", "je", "tu", "nous", "vous", "qui", "ne", "n'", "se", "s'"}
#: a term's first word (normalised) that is not its head noun (après l'exposition)
PREPOSITIONS = {"apres", "avant", "sans", "sous", "dans", "vers", "des", "les", "aux", "pas", "plus", "tres"}
#: plural adjectives that come before their noun (les premiers cas)
PRENOMINAL_PLURALS = {"premiers", "premières", "derniers", "dernières", "nouveaux", "nouvelles", "autres", "grands",
                      "grandes", "petits", "petites", "seuls", "seules", "mêmes", "principaux", "principales",
                      "multiples", "rares", "nombreux", "nombreuses", "prochains", "prochaines", "futurs", "futures"}
#: words of quantity that make the noun after "de" plural (des milliers de cas); not
#: beaucoup/peu/plus/moins/trop, which take mass nouns too (trop de poids, plus de temps)
QUANTITIES = {"milliers", "centaines", "dizaines", "millions", "milliards", "nombre", "multitude"}
#: verbs after which a form is an adjective (peuvent être asymptomatiques)
COPULAS = {"être", "est", "sont", "était", "étaient", "sera", "seront", "serait", "seraient", "soit", "soient",
           "reste", "restent", "restait", "demeure", "demeurent", "devient", "deviennent", "semble", "semblent",
           "paraît", "paraissent", "rendu", "rendus", "rester", "devenir", "sembler"}
#: a past participle's ending (agreeing in gender and number)
PARTICIPLE = re.compile(r"(?:é|ée|és|ées)$")
_WORDS = re.compile(r"[^\W\d_]+'?|\d[\d\s.,\u00a0\u202f]*", re.UNICODE)


def _words_before(text: str, start: int, n: int = 2) -> list[str]:
    """The last ``n`` words before ``start``, lower case, nearest last; elision
    kept as a word of its own (``l'``); a number is one word (``4 021``)."""
    head = text[max(0, start - 60):start].replace("’", "'")
    words = [w.strip().lower() for w in _WORDS.findall(head)]
    return words[-n:]


def _number_word(word: str) -> str:
    """"Plur"/"Sing"/"" as a determiner or a number sets it."""
    if word in PLURAL_DETERMINERS:
        return "Plur"
    if word in SINGULAR_DETERMINERS:
        return "Sing"
    if word[:1].isdigit():
        digits = re.sub(r"\D", "", word.split(",")[0])
        return "Sing" if digits in ("0", "1") else "Plur"
    return ""


def used_as_noun(text: str, start: int, end: int) -> bool:
    """Whether the adjective at [start, end) is a noun here: capitalised inside
    a sentence (``les Russes``, ``des Européens``; French writes nationality
    adjectives in lower case) or right after a determiner (``le russe``)."""
    surface = text[start:end]
    if surface[:1].isupper() and not surface.isupper():
        return True
    before = _words_before(text, start, 1)
    return bool(before) and before[-1] in DETERMINERS


@lru_cache(maxsize=8192)
def _listed_words(forms: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(norm_key(f).split()) for f in forms)


def _corresponding(surface: str, forms: tuple[str, ...]) -> list[tuple[str, ...]]:
    words = norm_key(surface).split()
    return [f for f in _listed_words(forms) if len(f) == len(words)]


def is_participle(surface: str, forms: tuple[str, ...]) -> bool:
    """A past participle of a verb entry: ``hospitalisés`` for ``hospitaliser``
    (not ``immunité``, a noun spelt like one, nor a listed ``propagée``)."""
    if not PARTICIPLE.search(surface):
        return False
    return any(f[-1].endswith("er") for f in _corresponding(surface, forms))


def listed_participle(surface: str, forms: tuple[str, ...]) -> bool:
    """A participle listed as a variant of a noun entry: ``infectées`` imported
    under ``infection`` (TICO's glossary does this). The head form is not one,
    and the two share a stem, so a noun spelt like a participle and listed as a
    synonym (``société`` under ``entreprise``) is not taken for one."""
    words = norm_key(surface).split()
    if not PARTICIPLE.search(surface) or tuple(words) not in _listed_words(forms):
        return False
    head = norm_key(forms[0]).split() if forms else []
    if len(head) != len(words) or PARTICIPLE.search(forms[0].lower()):  # accents kept: immunité
        return False
    return len(os.path.commonprefix([head[-1], words[-1]])) >= 4


def used_as_verb(text: str, start: int) -> bool:
    """After a subject or a reflexive pronoun (``il masque``, ``se propage``)."""
    before = _words_before(text, start, 1)
    return bool(before) and before[-1] in SUBJECTS


def _plural_of(word: str, singular: str) -> bool:
    """``word`` is the regular plural of ``singular`` (drones/drone, chevaux/cheval)."""
    return word in (singular + "s", singular + "x") or (singular.endswith("al") and word == singular[:-2] + "aux")


def french_number(text: str, start: int, surface: str, forms: tuple[str, ...], spelt_plural: bool) -> str:
    """"Plur"/"Sing" of a noun term's head (its first word), "" when it is not
    used as a noun here or the number cannot be told.

    ``spelt_plural`` is the matcher's finding that the surface is a generated
    ``-s``/``-x`` plural of a listed form. A listed plural (``drones kamikazes``
    beside ``drone kamikaze``) is plural; a word the same in both numbers
    (``virus``, ``cas``) takes its number from the determiner before it.
    """
    before = _words_before(text, start, 2)
    if before and before[-1] in SUBJECTS:
        return ""  # a verb: il masque
    words = norm_key(surface).split()
    if not words:
        return ""
    head = words[0]
    if PARTICIPLE.search(surface.split()[0]) and not noun_context(text, start):
        return ""  # a participle or adjective after its noun (personnes infectées), not a noun
    if spelt_plural:
        return "Plur"
    if not head.endswith(("s", "x", "z")):
        return "Sing"
    if head in PREPOSITIONS:
        return ""  # après l'exposition: the head is further on
    if any(_plural_of(head, f[0]) for f in _corresponding(surface, forms)):
        return "Plur"
    # the same in both numbers: the determiner tells, or a plural adjective before it (d'autres
    # virus, les premiers cas), or a count before de (des milliers de cas, le nombre de cas)
    if before:
        number = _number_word(before[-1])
        if number:
            return number
        if before[-1] in PRENOMINAL_PLURALS:
            return "Plur"
        if len(before) == 2 and before[-1] in ("de", "d'") and before[-2] in QUANTITIES:
            return "Plur"
    return ""


def adjective_context(text: str, start: int) -> bool:
    """Where a form is an adjective, not a noun: after a copula (``peuvent
    être asymptomatiques``) or an adverb (``hautement pathogènes``)."""
    before = _words_before(text, start, 1)
    return bool(before) and (before[-1] in COPULAS or (len(before[-1]) > 6 and before[-1].endswith("ment")))


def noun_context(text: str, start: int) -> bool:
    """Right after a determiner, a number or ``de`` (``d'asymptomatiques``)."""
    before = _words_before(text, start, 1)
    return bool(before) and (bool(_number_word(before[-1])) or before[-1] in ("de", "d'"))


def feminine_adjective(surface: str, forms: tuple[str, ...]) -> bool:
    """The feminine of a listed ``-ant``/``-ent``/``-if`` noun (``désinfectante(s)``
    under ``désinfectant``, ``préventive`` under ``préventif``): French nouns do
    not take the feminine, so the word is an adjective here, and English writes
    it without a plural and before its noun (disinfectant wipes)."""
    words = norm_key(surface).split()
    if len(words) != 1:
        return False
    word = words[0]
    for f in _listed_words(forms):
        if len(f) == 1 and f[0].endswith(("ant", "ent")) and word in (f[0] + "e", f[0] + "es"):
            return True
        if len(f) == 1 and f[0].endswith("if") and word in (f[0][:-2] + "ive", f[0][:-2] + "ives"):
            return True
    return False
