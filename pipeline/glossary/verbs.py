"""Verb forms of a glossary term: how the French form in the sentence is
conjugated, and the English form of the rendering that it calls for.

A glossary gives one English rendering per term, but a verb term is
conjugated in the sentence: an imported ``toucher → touching`` or ``tousser →
cough`` meets ``touchent``, ``toussant``, ``touché``. English writes the same
verb in the form the French one has: the infinitive and the plural or
imperative present take the base form (``ils touchent`` → "they touch"), the
singular ``-e`` with any subject but *je* takes -s ("he coughs", "the virus
infects"; not after *ne*: "does not touch"), the French present participle
takes -ing (``une personne toussant`` → "a person coughing"), the past
participle the English one ("touched", "spread"). English also writes -ing
where French has an infinitive after a preposition or *éviter de* ("without
touching", "avoid touching") and a participle after *après avoir* ("after
coughing"). The imperfect has no one English form and keeps the rendering.
Only first-group verbs (``-er``, the only kind the matcher conjugates) are
read, and only where the entry lists the infinitive; a noun rendering with no
regular verb (``treatment``) is never conjugated.

Two constructions around a term are verbs too: *mettre/placer en* + noun is
the noun's English verb where English has one (``mis en quarantaine`` →
"quarantined"), and "be …" takes the person of *être* (``est infecté`` → "is
infected").

Where the spelling leaves a choice (the base of "touching": touch or touche;
the gerund of "ban": baning or banning), and to tell whether a built word is
English at all ("lockdowned" is not), wordfreq's English frequencies decide.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .normalize import norm_key

#: endings of a first-group verb, longest first, and the English form each calls for; "third"
#: is resolved by the subject (il touche → touches, je touche → touch); the imperfect is the
#: English simple past, its usual translation in narrative (le virus infectait → infected)
FRENCH_VERB_ENDINGS = (("aient", "past"), ("ées", "participle"), ("ait", "past"), ("ant", "gerund"), ("ons", "base"),
                       ("ent", "base"), ("ée", "participle"), ("és", "participle"), ("er", "base"),
                       ("ez", "base"), ("es", "base"), ("é", "participle"), ("e", "third"))
#: subject pronouns (vous le touchez: a verb, though "le" could be an article)
SUBJECTS = {"je", "j'", "tu", "il", "elle", "on", "nous", "vous", "ils", "elles"}
#: forms of être and avoir, after which "mise" is the participle (elle a été mise en quarantaine)
AUXILIARIES = {"été", "est", "sont", "était", "étaient", "être", "soit", "soient", "sera", "seront", "serait",
               "seraient", "fut", "furent", "a", "ont", "avait", "avaient", "ayant", "étant"}
#: object pronouns between a subject and its verb (on le met)
CLITICS = {"me", "m'", "te", "t'", "se", "s'", "le", "la", "les", "l'", "lui", "leur", "nous", "vous", "y", "en"}
#: words after which a form is a noun, not a finite verb (le masque, des touches)
_NOUN_BEFORE = {"le", "la", "l'", "les", "un", "une", "des", "du", "de", "d'", "au", "aux", "ce", "cet", "cette",
                "ces", "son", "sa", "ses", "leur", "leurs", "mon", "ma", "mes", "notre", "nos", "votre", "vos"}
_WORD = re.compile(r"[^\W\d_]+'?", re.UNICODE)
#: what puts a French infinitive in the English -ing form: a preposition (sans toucher →
#: without touching, avant de partir → before leaving; English never puts "to" after one)
#: or a verb whose English counterpart takes -ing (éviter de → avoid, cesser/arrêter de →
#: stop), with any object pronouns between (évitez de vous toucher le visage)
GERUND_BEFORE = re.compile(
    r"(?:\bsans|\bavant\s+d[e']|\bau\s+lieu\s+d[e']|\baprès|\bà\s+force\s+d[e']"
    r"|\b(?:évit|cess|arrêt)\w*\s+d[e'])"
    r"(?:\s*\b(?:me|te|se|nous|vous|le|la|les|lui|leur|y|en|m'|t'|s'|l'))*\s*$", re.IGNORECASE)
#: a past participle after "après avoir/être" is English -ing (après avoir toussé → after
#: coughing), and so are the participles coordinated with it (après avoir toussé ou éternué)
PAST_INFINITIVE_BEFORE = re.compile(
    r"\baprès\s+(?:avoir|(?:[mts]'|nous\s+|vous\s+)?être)\s+"
    r"(?:[^\W\d_]+(?:\s*(?:,|/|\bou\b|\bet\b))+\s*(?:avoir\s+|(?:[mts]'|nous\s+|vous\s+)?être\s+)?)*$",
    re.IGNORECASE)


#: irregular past participles of verbs a rendering may be (spread → spread, not "spreaded")
IRREGULAR_PARTICIPLES = {
    "spread": "spread", "cut": "cut", "put": "put", "set": "set", "hit": "hit", "shut": "shut", "hurt": "hurt",
    "let": "let", "cost": "cost", "broadcast": "broadcast", "forecast": "forecast", "upset": "upset",
    "quit": "quit", "split": "split", "bid": "bid", "shed": "shed", "take": "taken", "give": "given",
    "make": "made", "send": "sent", "build": "built", "hold": "held", "bring": "brought", "buy": "bought",
    "catch": "caught", "keep": "kept", "lead": "led", "leave": "left", "lose": "lost", "meet": "met",
    "pay": "paid", "sell": "sold", "tell": "told", "find": "found", "feel": "felt", "see": "seen",
    "know": "known", "show": "shown", "write": "written", "drive": "driven", "break": "broken",
    "choose": "chosen", "speak": "spoken", "steal": "stolen", "freeze": "frozen", "hide": "hidden",
    "shake": "shaken", "wear": "worn", "tear": "torn", "fight": "fought", "seek": "sought", "teach": "taught",
    "think": "thought", "win": "won", "strike": "struck", "stick": "stuck", "sting": "stung", "swell": "swollen",
    "begin": "begun", "run": "run", "come": "come", "become": "become", "do": "done", "go": "gone",
    "eat": "eaten", "fall": "fallen", "grow": "grown", "draw": "drawn", "throw": "thrown", "fly": "flown",
    "forget": "forgotten", "get": "got", "bear": "borne", "bind": "bound", "feed": "fed", "bleed": "bled",
    "bet": "bet", "wed": "wed", "rid": "rid",
}
#: the simple past of the verbs above whose past is not their participle (took, taken)
IRREGULAR_PAST = {
    "take": "took", "give": "gave", "see": "saw", "know": "knew", "show": "showed", "write": "wrote",
    "drive": "drove", "break": "broke", "choose": "chose", "speak": "spoke", "steal": "stole", "freeze": "froze",
    "hide": "hid", "shake": "shook", "wear": "wore", "tear": "tore", "swell": "swelled", "begin": "began",
    "run": "ran", "come": "came", "become": "became", "do": "did", "go": "went", "eat": "ate", "fall": "fell",
    "grow": "grew", "draw": "drew", "throw": "threw", "fly": "flew", "forget": "forgot", "bear": "bore",
}
_NOUN_ENDINGS = ("tion", "sion", "ment", "ness", "ity", "ance", "ence", "ure", "ism", "ist", "ogy", "age")
#: a noun rendering's verb by the regular derivations, each ending with the verb endings to try
#: in order (isolation → isolate, confirmation → confirm, declaration → declare, production →
#: produce, exposure → expose), then the noun itself, which English often uses as its own verb
#: (station → stationed, function → functioned). A candidate is taken only if English writes it
#: and its past (wordfreq), so "confirmate", "funct" and "producted" are never built
_NOUN_TO_BASE = (("ization", ("ize",)), ("isation", ("ise",)), ("ation", ("ate", "", "e")),
                 ("ction", ("ct", "ce")), ("mission", ("mit",)), ("osure", ("ose",)))
#: the shortest stem each ending takes (st-ation, se-ction have none)
_MIN_STEM = {"mission": 2, "osure": 2}
#: nouns whose regular derivation is another word's verb
_NOT_DERIVED = {"commission", "notation"}
#: Zipf frequencies: a derived verb's past must reach _PAST_ZIPF (immunised 1.79), the verb
#: itself _VERB_ZIPF ("declar" 1.24 is no verb) unless it is the ending's one candidate
#: (hospitalise 0, hospitalised 2.71), and no function word is a verb here ("not" of notation)
_PAST_ZIPF, _VERB_ZIPF, _FUNCTION_WORD_ZIPF = 1.5, 1.5, 6.0


def _regular_past(verb: str) -> str:
    """cough → coughed, isolate → isolated, carry → carried, stop → stopped,
    transmit → transmitted, limit → limited, control → controlled."""
    if verb.endswith("e"):
        return verb + "d"
    if re.search(r"[^aeiou]y$", verb):
        return verb[:-1] + "ied"
    if re.search(r"(?:^|[^aeiou])[aeiou][bdglmnprt]$", verb):
        return _commonest([verb + "ed", verb + verb[-1] + "ed"])  # English doubles or not: wordfreq says
    return verb + "ed"


@lru_cache(maxsize=1024)
def english_noun_verb(noun: str) -> str:
    """The verb of a one-word noun rendering (isolation → isolate, exposure →
    expose, station → station), "" when English has none (treatment)."""
    if not noun.isalpha() or not noun.islower() or noun in _NOT_DERIVED:
        return ""
    candidates: list[tuple[str, bool]] = []  # (verb, the ending's only candidate)
    for ending, bases in _NOUN_TO_BASE:
        if noun.endswith(ending):
            stem = noun[: -len(ending)]
            if len(stem) >= _MIN_STEM.get(ending, 3):
                candidates += [(stem + b, len(bases) == 1) for b in bases]
            break
    candidates.append((noun, False))
    for verb, only in candidates:
        frequency = _zipf(verb)
        if frequency > _FUNCTION_WORD_ZIPF or (frequency < _VERB_ZIPF and not only):
            continue
        if _zipf(_regular_past(verb)) >= _PAST_ZIPF:
            return verb
    return ""


def english_participle(word: str) -> str:
    """hospitalize → hospitalized, repatriate → repatriated, isolate → isolated,
    spread → spread; infection → infected, exposure → exposed (a noun's verb);
    a noun with no regular verb (``treatment``) stays as it is."""
    head, _, last = word.rpartition(" ")
    if not last.isalpha() or not last.islower() or last.endswith(("ed", "ing", "s")):
        return word
    if last in IRREGULAR_PARTICIPLES:
        last = IRREGULAR_PARTICIPLES[last]
        return f"{head} {last}" if head else last
    if last.endswith(_NOUN_ENDINGS):
        verb = english_noun_verb(last)  # infection → infected; treatment stays
        if not verb:
            return word
        last = _regular_past(verb)
        return f"{head} {last}" if head else last
    last = _regular_past(last)
    return f"{head} {last}" if head else last


def french_verb_form(surface: str, forms: tuple[str, ...], before: str = "") -> str:
    """The English form a first-group French verb calls for: "base", "third",
    "gerund", "participle", "past" (the imperfect), or "" when ``surface`` is no
    verb form of an infinitive among ``forms`` (``toux`` under ``tousser``).
    ``before`` is the text before the match:
    after a determiner a form is a noun (``le masque``), never a verb."""
    words = surface.lower().replace("’", "'").split()
    if len(words) != 1:
        return ""  # a multi-word term conjugates a word inside it; its rendering is a phrase
    word = words[0]
    previous = [w.lower() for w in _WORD.findall(before.replace("’", "'")[-40:])]
    if previous[-2:] == ["quelqu'", "un"]:
        previous[-2:] = ["on"]  # quelqu'un: a third person subject, not the article un
    stems = {norm_key(f)[:-2] for f in forms if len(f.split()) == 1 and norm_key(f).endswith("er")
             and len(norm_key(f)) >= 6}
    subject = _subject(previous)
    for ending, form in FRENCH_VERB_ENDINGS:
        if word.endswith(ending) and norm_key(word[: -len(ending)]) in stems:
            if form in ("base", "third") and ending != "er" and previous and previous[-1] in _NOUN_BEFORE \
                    and not subject:
                return ""  # le masque, des touches: a noun (but vous le touchez: a verb)
            if ending == "er" and GERUND_BEFORE.search(before.replace("’", "'")[-60:]):
                return "gerund"  # sans toucher → without touching
            if form == "participle" and PAST_INFINITIVE_BEFORE.search(before.replace("’", "'")[-80:]):
                return "gerund"  # après avoir toussé → after coughing
            if form == "third":
                # -e is the first or third person singular (or an imperative, which starts its
                # sentence): the first needs je, so any other subject, a noun too, is the third
                return "base" if subject in ("je", "j'") or not previous or before.rstrip()[-1:] in ".!?:;«\"“(" \
                    or previous[-1] in ("ne", "n'") else "third"  # ne touche pas: "does not touch"
            return form
    return ""


def _subject(previous: list[str]) -> str:
    """The subject pronoun before a verb and its object pronouns (``vous le``,
    ``il nous``: the leftmost of the run), "" when there is none."""
    subject = ""
    for word in reversed(previous):
        if word not in CLITICS and word not in SUBJECTS:
            break
        if word in SUBJECTS:
            subject = word
    return subject


@lru_cache(maxsize=4096)
def _zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


def _commonest(candidates: list[str]) -> str:
    """The candidate English writes most often (the first on a tie)."""
    return max(candidates, key=lambda w: (_zipf(w), -candidates.index(w)))


def english_base(word: str) -> str:
    """The base of an -ing form: touching → touch, quarantining → quarantine,
    running → run; any other word is returned as it is."""
    if not word.endswith("ing") or len(word) < 6 or not word.isalpha() or not word.islower():
        return word
    stem = word[:-3]
    candidates = [stem, stem + "e"]
    if stem[-1] == stem[-2] and stem[-1] not in "ls":
        candidates.append(stem[:-1])  # running → run (not spelling → spel)
    if stem.endswith("y"):
        candidates.append(stem[:-1] + "ie")  # dying → die
    return _commonest(candidates)


def english_gerund(base: str) -> str:
    """cough → coughing, quarantine → quarantining, die → dying, run → running."""
    if base.endswith("ing"):
        return base
    if base.endswith("ie"):
        return base[:-2] + "ying"
    if base.endswith("e") and not base.endswith(("ee", "ye", "oe")):
        return base[:-1] + "ing"
    if re.search(r"(?:^|[^aeiou])[aeiou][bdglmnprt]$", base):
        return _commonest([base + "ing", base + base[-1] + "ing"])
    return base + "ing"


def english_third_person(base: str) -> str:
    """cough → coughs, touch → touches, carry → carries."""
    if re.search(r"[^aeiou]y$", base):
        return base[:-1] + "ies"
    if base.endswith(("s", "x", "z", "ch", "sh", "o")):
        return base + "es"
    return base + "s"


def english_verb(rendering: str, form: str) -> str:
    """``rendering`` (one word) in the English form ``form`` (see
    :func:`french_verb_form`); a noun with no regular verb stays as it is."""
    if not form or " " in rendering or not rendering.isalpha() or not rendering.islower():
        return rendering
    if form == "participle":
        return english_participle(english_base(rendering))
    if re.search(r"(?:tion|sion|ment|ness|ity|ance|ence|ure|ism|ist|logy|ship|hood)$", rendering):
        # a noun: its verb where it has a regular one (isoler → "isolate", not "to isolation"),
        # else the noun as it is ("hospitalizationing" is no English)
        base = english_noun_verb(rendering)
        if not base:
            return rendering
    else:
        base = english_base(rendering)
    if form == "gerund":
        return english_gerund(base)
    if form == "third":
        return english_third_person(base)
    if form == "past":
        return IRREGULAR_PAST.get(base) or english_participle(base)
    return base


#: French support verbs that make a verb of "en" + noun (mettre en quarantaine = quarantine),
#: by the English form they call for; a form after a determiner is the noun (la mise en quarantaine)
LIGHT_VERBS = {"mis": "participle", "mise": "participle", "mises": "participle", "placé": "participle",
               "placée": "participle", "placés": "participle", "placées": "participle", "mettre": "base",
               "placer": "base", "mettent": "base", "placent": "base", "met": "third", "place": "third",
               "mettant": "gerund", "plaçant": "gerund"}
_LIGHT_BEFORE = re.compile(r"(?:^|(?<=\W))(" + "|".join(sorted(LIGHT_VERBS, key=len, reverse=True))
                           + r")\s+en\s+$", re.IGNORECASE)
_LIGHT_START = re.compile(r"(" + "|".join(sorted(LIGHT_VERBS, key=len, reverse=True)) + r")\s+en\s+", re.IGNORECASE)
#: the engine's English for those verbs, before "in"/"into" (Apertium reads "mise" as the noun "bet")
ENGLISH_LIGHT_VERBS = {"put", "puts", "putting", "place", "places", "placed", "placing", "set", "sets", "setting",
                       "situated", "located", "positioned", "bet", "bets", "laid", "lay"}
#: Zipf frequency above which a built form is English (quarantined 2.95; lockdowned 0)
ENGLISH_WORD_ZIPF = 2.0


def light_verb_form(before: str, surface: str) -> str:
    """The English form of ``mettre/placer en`` + a noun term (``mis en
    quarantaine`` → "participle"; "noun" for ``la mise en quarantaine``, the
    only form also a noun, "nouns" for ``les mises en quarantaine``); "" when
    the term does not follow one. ``before`` is
    the text before the term; a term that starts with the verb (an entry
    ``placer en quarantaine``) is read from its own surface."""
    before = before[-60:].replace("’", "'")
    surface = surface.replace("’", "'")
    m = _LIGHT_BEFORE.search(before.lower())
    if m:
        verb, preceding = m.group(1), before[:m.start(1)]
    else:
        m = _LIGHT_START.match(surface.lower())
        if not m:
            return ""
        verb, preceding = m.group(1), before
    words = [w.lower() for w in _WORD.findall(preceding[-30:])]
    if verb in ("mise", "mises") and not (words and words[-1] in AUXILIARIES):
        # la (plus grande) mise en quarantaine, les mises en quarantaine; the participle follows être/avoir
        return "nouns" if verb == "mises" else "noun"
    if LIGHT_VERBS[verb] == "third":
        # as for -e verbs: the third person but after je or ne (on le met, la ville met en quarantaine)
        return "base" if not words or _subject(words) in ("je", "j'") or words[-1] in ("ne", "n'") else "third"
    return LIGHT_VERBS[verb]


def english_light_verb(rendering: str, form: str) -> str:
    """The English verb of a noun rendering after ``mettre en``: quarantine →
    quarantined / quarantine / quarantining; "" when the noun is no English
    verb (lockdown: "lockdowned" is no word) or is a phrase."""
    if " " in rendering or not rendering.isalpha() or not rendering.islower():
        return ""
    participle = english_participle(rendering)
    if participle == rendering or _zipf(participle) < ENGLISH_WORD_ZIPF:
        return ""
    if form == "participle":
        return participle
    if form == "noun":
        return rendering
    if form == "gerund":
        return english_gerund(rendering)
    return english_third_person(rendering) if form == "third" else rendering


#: forms of être and the English form of "be" each one is (est infecté → "is infected")
ETRE = {"est": "is", "sont": "are", "était": "was", "étaient": "were", "être": "be", "été": "been",
        "étant": "being", "sera": "will be", "seront": "will be", "serait": "would be", "seraient": "would be",
        "soit": "be", "soient": "be", "suis": "am", "es": "are", "sommes": "are", "êtes": "are"}


def english_be(rendering: str, surface: str) -> str:
    """A rendering "be …" conjugated as the French form of être that starts the
    term: ``est infecté`` under ``être infecté → be infected`` is "is infected"."""
    first = surface.split()[0].lower() if surface.split() else ""
    if not rendering.startswith("be ") or first not in ETRE:
        return rendering
    return f"{ETRE[first]} {rendering[3:]}"
