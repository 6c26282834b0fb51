"""Verb terms take the English form their French form calls for, and the engine's
own form of the term is kept (pipeline/glossary/verbs.py, enforce.py). The
French sentences are of the kind TICO-19's dev split has; the entries are the
shape its TSV imports to (``toucher → touching``, ``tousser`` a variant of
``toux → cough``)."""
import re

import pytest

from pipeline.glossary.enforce import GlossaryPolicy, rendering_for
from pipeline.glossary.matcher import surfaces
from pipeline.glossary.schema import Entry, Glossary
from pipeline.glossary.verbs import (
    english_base,
    english_gerund,
    english_light_verb,
    english_third_person,
    english_verb,
    french_verb_form,
    light_verb_form,
)

from .conftest import FakeEngine


def E(fr, en, variants=()):
    return Entry(fr=fr, en=en, kind="term", note="t", variants=list(variants))


GLOSSARY = Glossary([
    E("toux", "cough", variants=["tousser", "toussent"]), E("toucher", "touching", variants=["touchant"]),
    E("éternuer", "sneezing"), E("quarantaine", "quarantine"), E("confinement", "lockdown"),
    E("pneumonie", "pneumonia"), E("désinfectant", "disinfectant"), E("réactif", "reagent"),
    E("préventif", "precautionary"), E("masque", "masks", variants=["masques"]), E("mortel", "deadly"),
], [], [])
POLICY = GlossaryPolicy(GLOSSARY)


def renderings(sentence):
    return [rendering_for(m, sentence) for m in POLICY.matches(sentence)]


@pytest.mark.parametrize("sentence, expected", [
    ("Les patients toussent.", ["cough"]),                       # a plural present: the base form
    ("Il tousse beaucoup.", ["coughs"]),                         # third person singular
    ("Une personne toussant dans la rue.", ["coughing"]),        # the French present participle
    ("Elle a toussé toute la nuit.", ["coughed"]),               # the past participle
    ("après avoir toussé ou éternué", ["coughing", "sneezing"]),  # après avoir + participle: -ing
    ("après s’être mouché, avoir toussé, ou éternué", ["coughing", "sneezing"]),  # and what is coordinated
    ("d'autres personnes touchent la poignée", ["touch"]),       # an -ing rendering gives its base
    ("Le virus, par exemple, touche les cellules.", ["touches"]),  # a noun subject: third person
    ("La fermeture ne touche pas seulement", ["touch"]),         # negated: "does not touch"
    ("Touche la poignée.", ["touch"]),                           # an imperative
    ("Si vous le touchez, lavez-vous les mains.", ["touch"]),    # "le" is a pronoun here, not an article
    ("les pays les plus touchés", ["touched"]),                  # not "touching"
    ("Utilisez un mouchoir pour toucher l'écran.", ["touch"]),  # an infinitive: the base form
    ("Saluez les gens sans les toucher.", ["touching"]),         # after a preposition: -ing
    ("Évitez de vous toucher le visage.", ["touching"]),         # éviter de: avoid -ing
    ("la fièvre et la toux", ["cough"]),                         # the noun is no verb form
    ("le masque et les masques", ["mask", "masks"]),             # nor is a noun after its article
    ("des pneumonies", ["pneumonia"]),                           # a disease is a mass noun
    ("des lingettes désinfectantes", ["disinfectant"]),          # a feminine adjective: no plural
    ("une séparation préventive", ["precautionary"]),
    ("une protéine C réactive", []),                             # "reagent" is no adjective
    ("des virus mortels", ["deadly"]),                           # an -ly adjective: never "deadlies"
])
def test_renderings_follow_the_french_form(sentence, expected):
    assert renderings(sentence) == expected


def test_building_blocks():
    assert [english_base(w) for w in ("touching", "quarantining", "running", "spelling", "touch")] == \
        ["touch", "quarantine", "run", "spell", "touch"]
    assert [english_gerund(w) for w in ("cough", "quarantine", "die", "run", "visit")] == \
        ["coughing", "quarantining", "dying", "running", "visiting"]
    assert [english_third_person(w) for w in ("cough", "touch", "carry")] == ["coughs", "touches", "carries"]
    forms = ("toucher",)
    assert french_verb_form("touchait", forms, "il ") == "past"  # the imperfect: the English simple past
    assert french_verb_form("touchaient", forms, "ils ") == "past"
    assert french_verb_form("touches", forms, "des ") == ""  # a noun after its article
    assert french_verb_form("touches", forms, "tu ") == "base"
    assert light_verb_form("Ils ont été mis en ", "quarantaine") == "participle"
    assert light_verb_form("La ", "mise en quarantaine") == "noun"
    assert light_verb_form("la plus grande ", "mise en quarantaine") == "noun"
    assert light_verb_form("la ville a été ", "mise en quarantaine") == "participle"
    assert light_verb_form("et les ", "mises en quarantaine") == "nouns"
    assert light_verb_form("les bases ont été ", "mises en quarantaine") == "participle"
    assert light_verb_form("il faut mettre en ", "quarantaine") == "base"
    assert light_verb_form("on le met en ", "quarantaine") == "third"
    assert light_verb_form("la ville met en ", "quarantaine") == "third"
    assert light_verb_form("je ne le mets pas en ", "quarantaine") == ""  # not a form listed
    assert light_verb_form("une ", "quarantaine") == ""
    assert english_light_verb("quarantine", "participle") == "quarantined"
    assert english_light_verb("lockdown", "participle") == ""  # "lockdowned" is no English


def test_feminine_only_for_renderings_that_are_adjectives_too():
    assert "desinfectante" in surfaces("désinfectant", E("désinfectant", "disinfectant"))
    assert "preventives" in surfaces("préventif", E("préventif", "precautionary"))
    assert "reactive" not in surfaces("réactif", E("réactif", "reagent"))
    assert "patiente" not in surfaces("patient", E("patient", "patient case"))  # a phrase: no adjective


ENGLISH = {"Il": "He", "il": "he", "si": "if", "quelqu'un": "someone", "éternue": "sneezes", "et": "and",
           "touche": "touches", "touchent": "touch", "toucher": "touch", "la": "the", "poignée": "handle",
           "les": "the", "personnes": "people", "Évitez": "Avert", "de": "to", "le": "the",
           "visage": "face", "Ils": "They", "ont": "have", "été": "been", "mis": "put", "en": "in",
           "quarantaine": "quarantine", "mises": "bets", "des": "of the", "pneumonies": "pneumonias",
           "causent": "cause", "virus": "virus", "Les": "The", "bases": "bases"}


def word_for_word(text):
    return re.sub(r"[\w'’]+", lambda m: ENGLISH.get(m.group(), m.group()), text)


def repair(source):
    engine = FakeEngine(name="apertium", transform=word_for_word)
    policy = GlossaryPolicy(GLOSSARY)
    policy.bind(engine)
    prepared = policy.prepare(source)
    return policy.finish(prepared, engine.translate([prepared.engine_input])[0])


def test_a_third_person_subject_gives_the_s_form():
    text, terms = repair("si quelqu'un éternue et touche la poignée")
    assert text == "if someone sneezes and touches the handle"  # not "touching", not "touch"
    assert [t["status"] for t in terms] == ["ok", "ok"]


def test_an_infinitive_english_writes_with_ing_loses_the_engines_to():
    text, terms = repair("Évitez de toucher le visage")
    assert text == "Avert touching the face" and terms[0]["status"] == "ok"


def test_mettre_en_quarantaine_is_the_english_verb():
    text, terms = repair("Ils ont été mis en quarantaine")
    assert text == "They have been quarantined"
    assert terms == [{"entry": "quarantaine", "source": "quarantaine", "target": "quarantined", "status": "ok"}]


@pytest.mark.parametrize("glossary", [GLOSSARY, Glossary([E("mise en quarantaine", "quarantine")], [], [])],
                         ids=["quarantaine", "mise en quarantaine"])
def test_mises_en_quarantaine_is_the_plural_noun_or_the_participle(glossary):
    """Apertium reads ``mises`` as the noun "bets"; after a determiner it is the
    plural noun, after être the participle, whichever entry matched (the
    one-word noun, or the phrase, whose plural rendering has no verb form)."""
    engine = FakeEngine(name="apertium", transform=word_for_word)
    policy = GlossaryPolicy(glossary)
    policy.bind(engine)
    for source, english in [("Les mises en quarantaine", "The quarantines"),
                            ("Les bases ont été mises en quarantaine", "The bases have been quarantined")]:
        prepared = policy.prepare(source)
        text, terms = policy.finish(prepared, engine.translate([prepared.engine_input])[0])
        assert text == english and terms[0]["status"] == "ok"


def test_the_imperfect_is_the_english_simple_past():
    """Apertium leaves ``infectait`` as it is; the entry's "infect" alone gave "The
    virus infect people"."""
    policy = GlossaryPolicy(Glossary([E("infecter", "infect"), E("toucher", "touching"), E("prendre", "take")],
                                     [], []))
    engine = FakeEngine(name="apertium", transform=str, table={
        "Le virus infectait des personnes": "The virus infectait of the people",
        "Ils touchaient la porte et prenaient le train": "They touchaient the door and prenaient the train"})
    policy.bind(engine)
    for source, english in [("Le virus infectait des personnes", "The virus infected of the people"),
                            ("Ils touchaient la porte et prenaient le train",
                             "They touched the door and prenaient the train")]:  # prendre: no first-group verb
        prepared = policy.prepare(source)
        text, terms = policy.finish(prepared, engine.translate([prepared.engine_input])[0])
        assert text == english and terms[0]["status"] == "ok"
    assert english_verb("take", "past") == "took" and english_verb("spreading", "past") == "spread"


def test_a_verb_under_a_noun_rendering_takes_the_nouns_verb():
    """An imported ``isoler → isolation``: the infinitive is "isolate", the
    participle "isolated" (Apertium's "has been isolation" came from keeping the
    noun); a noun with no regular verb stays as it is."""
    assert [english_verb("isolation", f) for f in ("base", "third", "gerund", "past", "participle")] == [
        "isolate", "isolates", "isolating", "isolated", "isolated"]
    assert english_verb("treatment", "base") == "treatment"
    # only verbs English writes (a review found "confirmated", "limitate", "stated" for stationnés)
    assert [english_verb(n, "participle") for n in ("confirmation", "limitation", "declaration", "production",
                                                     "hospitalisation", "exposure")] == [
        "confirmed", "limited", "declared", "produced", "hospitalised", "exposed"]
    assert [english_verb(n, "base") for n in ("limitation", "mutation", "declaration", "notation", "commission")] \
        == ["limit", "mutate", "declare", "notation", "commission"]  # not "limite", "mute", "declar", "not"
    # a noun English uses as its own verb (stationnés: "stationed", not "stated" nor "station")
    assert [english_verb(n, "participle") for n in ("station", "function", "admission", "closure")] == [
        "stationed", "functioned", "admitted", "closed"]
    assert english_verb("treatment", "participle") == "treatment"
    # English doubles a final consonant or not, as wordfreq says (a review listed these)
    assert [english_verb(v, "participle") for v in ("control", "stop", "transmit", "limit", "visit", "offer",
                                                    "fulfil", "bet")] == [
        "controlled", "stopped", "transmitted", "limited", "visited", "offered", "fulfilled", "bet"]
    policy = GlossaryPolicy(Glossary([E("isoler", "isolation")], [], []))
    for sentence, expected in [("pour isoler les patients", ["isolate"]), ("le virus a été isolé", ["isolated"]),
                               ("des CoV avaient été isolés", ["isolated"])]:
        assert [rendering_for(m, sentence) for m in policy.matches(sentence)] == expected


def test_a_disease_plural_the_engine_wrote_is_repaired():
    text, terms = repair("Les virus causent des pneumonies")
    assert text == "The virus cause of the pneumonia" and terms[0]["status"] == "ok"


def test_an_accent_the_text_writes_chooses_between_entries():
    policy = GlossaryPolicy(Glossary([E("infecté", "infected", variants=["infectés"]), E("infecter", "infect")], [],
                                     []))
    assert [m.entry.en for m in policy.matches("le virus infecte les cellules")] == ["infect"]
    assert [m.entry.en for m in policy.matches("les cellules ont été infecté")] == ["infected"]
    assert [rendering_for(m, "le virus infecte les cellules") for m in policy.matches(
        "le virus infecte les cellules")] == ["infects"]


def test_be_takes_the_person_of_etre():
    policy = GlossaryPolicy(Glossary([E("être infecté", "be infected", variants=["est infecté"])], [], []))
    # alone, the engine gives the verb a subject of its own ("It is I infected"), not in the sentence
    engine = FakeEngine(name="apertium", table={"Si un passager est infecté": "If a passenger is I infected",
                                                "est infecté": "It is I infected", "être infecté": "be infected"})
    policy.bind(engine)
    prepared = policy.prepare("Si un passager est infecté")
    text, terms = policy.finish(prepared, engine.translate([prepared.engine_input])[0])
    assert text == "If a passenger is infected"
    assert terms == [{"entry": "etre-infecte", "source": "est infecté", "target": "is infected", "status": "ok"}]
