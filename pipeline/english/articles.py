"""Articles around names, where French and English differ.

French puts an article before most countries, regions and US states ("le
Texas", "en Ukraine" → Apertium "the Texas"), and before weekdays used as
dates ("le jeudi" → "the Thursday"); English has none there, but needs one
before the plural/compound country names ("the Philippines", "the United
States"), which Apertium drops after a preposition ("of United States").
"""
from __future__ import annotations

import re

# Places English names without an article (general lists: sovereign states,
# US states, continents). Kept to single names that are unambiguous as places.
PLACES = (
    "Afghanistan Albania Algeria Angola Argentina Armenia Australia Austria Azerbaijan Bangladesh Belarus "
    "Belgium Bolivia Bosnia Brazil Bulgaria Burundi Cambodia Cameroon Canada Chad Chile China Colombia Croatia "
    "Cuba Cyprus Denmark Ecuador Egypt England Eritrea Estonia Ethiopia Finland France Gabon Georgia Germany "
    "Ghana Greece Guatemala Guinea Haiti Honduras Hungary Iceland India Indonesia Iran Iraq Ireland Israel "
    "Italy Jamaica Japan Jordan Kazakhstan Kenya Kosovo Kuwait Laos Latvia Lebanon Liberia Libya Lithuania "
    "Luxembourg Madagascar Malawi Malaysia Mali Malta Mauritania Mexico Moldova Mongolia Montenegro Morocco "
    "Mozambique Myanmar Namibia Nepal Nicaragua Niger Nigeria Norway Oman Pakistan Palestine Panama Paraguay "
    "Peru Poland Portugal Qatar Romania Russia Rwanda Scotland Senegal Serbia Slovakia Slovenia Somalia Spain "
    "Sudan Sweden Switzerland Syria Taiwan Tajikistan Tanzania Thailand Tunisia Turkey Uganda Ukraine Uruguay "
    "Uzbekistan Venezuela Vietnam Wales Yemen Zambia Zimbabwe Europe Africa Asia Oceania Antarctica "
    "Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida Hawaii Idaho Illinois "
    "Indiana Iowa Kansas Kentucky Louisiana Maine Maryland Massachusetts Michigan Minnesota Mississippi "
    "Missouri Montana Nebraska Nevada Ohio Oklahoma Oregon Pennsylvania Tennessee Texas Utah Vermont Virginia "
    "Washington Wisconsin Wyoming Quebec Ontario Alberta Bavaria Brittany Normandy Corsica Catalonia "
    "Crimea Donbas Kosovo Xinjiang Tibet Hubei Kashmir Darfur Kurdistan"
).split()
# After "the <place>", only a non-word or one of these: "the Texas governor" keeps its article.
_FOLLOW = r"(?=\s*(?:$|[^\w\s]|(?:and|or|in|of|to|for|with|on|at|by|is|was|has|have|had|that|which|where|from|but|as|since|until|during|after|before)\b))"
_PLACE_THE = re.compile(r"\b([Tt]he) (" + "|".join(PLACES) + r")\b" + _FOLLOW)


def place_article(text: str) -> str:
    """"in the Ohio," → "in Ohio,"; "the Texas governor" stays."""
    return _PLACE_THE.sub(r"\2", text) if "he " in text else text


_PLURAL = ("United States|United Kingdom|United Nations|United Arab Emirates|Philippines|Netherlands|Bahamas"
           "|Maldives|Seychelles|Comoros|Czech Republic|Dominican Republic|Central African Republic")
_WANTS_THE = re.compile(r"\b(of|to|in|by|for|from|with|at|on|and|To|In|By|For|From|With|At|On)"
                        rf" ({_PLURAL})\b")


def country_article(text: str) -> str:
    """"of United States" → "of the United States"; "To United Kingdom" → "In the United Kingdom"."""
    def repl(m: re.Match) -> str:
        prep = m[1]
        if prep == "To":  # sentence-initial French "Au Royaume-Uni" is a location
            prep = "In"
        return f"{prep} the {m[2]}"
    return _WANTS_THE.sub(repl, text)


_DAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_PREP_THE_DAY = re.compile(rf"\b(on|of|since|until|by|from|to|for|before|after|next|last|On|Since|Until|By|From) the ({_DAYS})\b")
_THE_DAY = re.compile(rf"\b([Tt]he) ({_DAYS})\b(?! (?:morning|afternoon|evening|night|before|after)\b)")


def weekdays(text: str) -> str:
    """"has accused Friday" stays; "the Thursday" (le jeudi) → "on Thursday"."""
    if "he " not in text:
        return text
    text = _PREP_THE_DAY.sub(r"\1 \2", text)
    return _THE_DAY.sub(lambda m: ("On " if m[1] == "The" else "on ") + m[2], text)
