"""Part of speech, number and participles of matched terms, read from the text
(pipeline/glossary/usage.py), and the renderings they give. The sentences
are from newstest2014, TICO-19 and the corpus."""
import pytest

from pipeline.glossary.enforce import GlossaryPolicy, rendering_for
from pipeline.glossary.schema import Entry, Glossary
from pipeline.glossary.usage import french_number, is_participle, used_as_noun


def E(fr, en, pos="noun", variants=()):
    return Entry(fr=fr, en=en, kind="term", note="t", pos=pos, variants=list(variants))


POLICY = GlossaryPolicy(Glossary([
    E("américain", "American", "adjective"), E("russe", "Russian", "adjective"),
    E("néerlandais", "Dutch", "adjective"), E("européen", "European", "adjective"),
    E("vaccin", "vaccine"), E("virus", "virus"), E("cas", "case"), E("pays", "country"),
    E("drone kamikaze", "kamikaze drone", variants=["drones kamikazes"]),
    E("masque", "masks"), E("hospitaliser", "hospitalize"), E("immunité", "immunity"),
    E("diffusion", "spread", variants=["propagée"]), E("asymptomatique", "asymptomatic"),
    E("toux", "cough", variants=["tousser"]), E("épidémie", "outbreak"),
    E("infection", "infection", variants=["infectées", "infectés"]), E("entreprise", "company", variants=["société"]),
], [], []))


def renderings(sentence):
    return [rendering_for(m, sentence) for m in POLICY.matches(sentence)]


@pytest.mark.parametrize("sentence, expected", [
    ("Les Américains ont dit non.", []),                            # the people: a noun
    ("entre Américains et Européens", []),
    ("le russe est très répandu", []),                               # the language, after a determiner
    ("des drones russes", ["Russian"]),                              # post-posed adjectives stay
    ("La ministre néerlandaise de la Défense", ["Dutch"]),
    ("des soldats américains et des Russes", ["American"]),
])
def test_adjective_entries_do_not_match_the_noun(sentence, expected):
    assert renderings(sentence) == expected


@pytest.mark.parametrize("sentence, expected", [
    ("les vaccins et un vaccin", ["vaccines", "vaccine"]),
    ("les virus et le virus", ["viruses", "virus"]),                 # invariable in French, not in English
    ("trois cas, un cas, les premiers cas", ["cases", "case", "cases"]),  # the determiner tells
    ("d'autres virus à ARN", ["viruses"]),                             # a plural adjective before
    ("des milliers de cas, le nombre de virus", ["cases", "viruses"]),  # a count before de
    ("trop de cas, plus de virus", ["case", "virus"]),               # not beaucoup/trop/plus: mass nouns too
    ("un taux de virus élevé", ["virus"]),                           # nothing tells: the entry's own
    ("plusieurs pays", ["countries"]),
    ("des drones kamikazes", ["kamikaze drones"]),                   # a listed plural
    ("le masque et les masques", ["mask", "masks"]),                 # an imported plural rendering
    ("les personnes hospitalisées", ["hospitalized"]),               # a participle of a verb entry
    ("dépourvue d’immunité", ["immunity"]),                          # a noun spelt like a participle
    ("la maladie s’est propagée", ["spread"]),                       # a listed participle of a noun entry
    ("ils peuvent être asymptomatiques", ["asymptomatic"]),           # an adjective after a copula
    ("le ratio d’asymptomatiques", ["asymptomatics"]),               # a noun after de
    ("la fièvre et la toux", ["cough"]),                             # toux is singular, though tousser is listed
    ("le contrôle d’épidémies", ["outbreaks"]),
    ("les personnes infectées", ["infected"]),                       # a participle listed under a noun entry
    ("une infection et des infections", ["infection", "infections"]),
    ("la société a dit", ["company"]),                               # a listed synonym spelt like a participle
])
def test_number_and_participles(sentence, expected):
    assert renderings(sentence) == expected


def test_building_blocks():
    assert used_as_noun("Les Russes", 4, 10) and not used_as_noun("les drones russes", 11, 17)
    assert not used_as_noun("LES DRONES RUSSES", 11, 17)  # an all-caps headline says nothing
    forms = ("hospitaliser",)
    assert is_participle("hospitalisés", forms) and not is_participle("hospitalise", forms)
    assert not is_participle("immunité", ("immunité",))
    assert french_number("il masque", 3, "masque", ("masque",), False) == ""  # a verb
    assert french_number("4 021 cas", 6, "cas", ("cas",), False) == "Plur"
    assert french_number("1 cas", 2, "cas", ("cas",), False) == "Sing"
