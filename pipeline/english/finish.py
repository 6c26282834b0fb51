"""The English finishing step: applied to every engine's output before QA.

Engines leave French habits in their English (« guillemets », "2,75",
"2 millions", a space before ":"), Apertium also leaves untranslated French and
Spanish words and the odd analysis tag. Each rule is a small ``str → str``
function in its own module; ``RULES`` is the order they run in.
``benchmarks/eval_finish.py`` measures each one (all rules minus one) on the
eval sets; a rule stays only if leaving it out does not raise chrF on any set.

Glossary renderings are protected: ``keep`` lists strings (the enforced
English terms) that the rules must not change.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable

from . import apertium_leftovers, articles, cognates, numbers, pivot_phrases, tense, typography
from .version import FINISH_VERSION  # noqa: F401 - re-exported


@dataclass(frozen=True)
class Rule:
    name: str
    apply: Callable[[str], str]
    #: runs before the glossary renderings are masked: the rule reads them (a
    #: place name after "to", "billion" after a number) and edits only the words
    #: around them (or a scale word's plural -s after a number).
    sees_terms: bool = False


RULES = (
    Rule("leaked-tags", apertium_leftovers.leaked_tags),
    Rule("guillemets", typography.guillemets),
    Rule("space-before-punctuation", typography.space_before_punctuation),
    Rule("number-format", numbers.number_format),
    Rule("spanish-leftovers", apertium_leftovers.spanish_leftovers),
    Rule("scale-words", numbers.scale_words, sees_terms=True),
    Rule("decades", numbers.decades),
    Rule("clock-times", numbers.clock_times),
    Rule("country-article", articles.country_article),
    Rule("bare-country-article", articles.bare_country_article, sees_terms=True),
    Rule("place-article", articles.place_article),
    Rule("location-in", articles.location_in, sees_terms=True),
    Rule("weekdays", articles.weekdays),
    Rule("superlatives", pivot_phrases.superlatives),
    Rule("near-of", pivot_phrases.near_of),
    Rule("equally", pivot_phrases.equally),
    Rule("honorifics", typography.honorifics),
    Rule("double-spaces", typography.double_spaces),
    Rule("bare-participles", apertium_leftovers.bare_participles),
    Rule("passe-compose", tense.passe_compose),
    Rule("french-participles", cognates.french_participles),
    Rule("french-cognates", cognates.french_cognates),
)



# Private-use characters mark a protected span while the rules run.
_OPEN, _CLOSE = "\ue000", "\ue001"
# URLs and e-mail addresses are not prose: "?id=1,2" is no decimal comma.
# (Possessive, starting only at a token's start: linear on a 30,000-character run.)
_URL = re.compile(r"(?:https?://|www\.)\S++|(?<![\w.+-])[\w.+-]++@[\w-]++\.[\w.-]++")


def finish_english(text: str, keep: Iterable[str] = (), skip: Iterable[str] = ()) -> str:
    """``text`` with every rule applied (except those named in ``skip``)."""
    skip = set(skip)
    kept = sorted({k for k in keep if k and k in text}, key=len, reverse=True)
    kept += [u for u in _URL.findall(text) if u not in kept]
    if _OPEN in text or _CLOSE in text:
        kept = []  # the markers are already in the text: protecting would corrupt it

    def mask(text: str) -> str:
        for n, k in enumerate(kept):
            text = text.replace(k, f"{_OPEN}{n}{_CLOSE}")
        return text

    def unmask(text: str) -> str:
        for n, k in enumerate(kept):
            text = text.replace(f"{_OPEN}{n}{_CLOSE}", k)
        return text

    text = mask(text)
    for rule in RULES:
        if rule.name not in skip:
            text = mask(rule.apply(unmask(text))) if rule.sees_terms else rule.apply(text)
    return unmask(text)


def finish_terms(text: str, terms: list) -> str:
    """Finish a target whose glossary terms (the policy's term report) stay as enforced."""
    return finish_english(text, keep=[t.get("target", "") for t in terms if isinstance(t, dict)])
