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
_FOLLOW = (r"(?=\s*(?:$|[^\w\s]|(?:and|or|in|of|to|for|with|on|at|by|is|was|has|have|had|that|which|where|from"
           r"|but|as|since|until|during|after|before)\b))")
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


# Anywhere else, these names still take "the" ("United Kingdom and Latvia lead" →
# "The United Kingdom and Latvia lead"), unless a determiner or a possessive is
# there already, or the name is part of a compound ("United States-based", "United
# States Geological Survey").
_BARE = re.compile(r"(?<![\w’'.-] )(?<![\w’'.-])(?<!\bthe )(?<!\bThe )(?<!\bof )(?<!\bto )(?<!\bin )(?<!\bby )"
                   r"(?<!\bfor )(?<!\bfrom )(?<!\bwith )(?<!\bat )(?<!\bon )(?<!\band )(?<!\bthis )(?<!\bthat )"
                   rf"\b({_PLURAL})\b(?![-\w]|’s|'s| [A-Z][a-z])")


def bare_country_article(text: str) -> str:
    """"United Kingdom and Latvia" → "The United Kingdom and Latvia"; ", United Kingdom," → ", the United Kingdom,"."""
    if "United" not in text and "Philippines" not in text and "Netherlands" not in text:
        return text

    def repl(m: re.Match) -> str:
        before = m.string[:m.start()].rstrip()
        start = not before or before.endswith((".", "!", "?", "“", '"'))
        return ("The " if start else "the ") + m[1]
    return _BARE.sub(repl, text)


_DAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_PREP_THE_DAY = re.compile(rf"\b(on|of|since|until|by|from|to|for|before|after|next|last|On|Since|Until|By|From)"
                           rf" the ({_DAYS})\b")
_THE_DAY = re.compile(rf"\b([Tt]he) ({_DAYS})\b(?! (?:morning|afternoon|evening|night|before|after)\b)")


def weekdays(text: str) -> str:
    """"has accused Friday" stays; "the Thursday" (le jeudi) → "on Thursday"."""
    if "he " not in text:
        return text
    text = _PREP_THE_DAY.sub(r"\1 \2", text)
    return _THE_DAY.sub(lambda m: ("On " if m[1] == "The" else "on ") + m[2], text)


# Cities and city-states, for the "à Paris" rule below (capitals and the cities
# most often in the news; general geography, not the corpus').
CITIES = (
    "Paris London Berlin Rome Madrid Lisbon Brussels Amsterdam Vienna Prague Warsaw Budapest Bucharest "
    "Sofia Athens Belgrade Zagreb Ljubljana Bratislava Vilnius Riga Tallinn Helsinki Stockholm Oslo "
    "Copenhagen Dublin Edinburgh Reykjavik Bern Geneva Zurich Luxembourg Monaco Kyiv Kiev Kharkiv Odesa "
    "Lviv Minsk Moscow Chisinau Tbilisi Yerevan Baku Ankara Istanbul Beirut Damascus Baghdad Tehran "
    "Jerusalem Gaza Ramallah Amman Cairo Riyadh Doha Dubai Kabul Islamabad Karachi Delhi Mumbai Beijing "
    "Shanghai Wuhan Tokyo Seoul Pyongyang Taipei Bangkok Hanoi Manila Jakarta Singapore Sydney Melbourne "
    "Canberra Ottawa Montreal Toronto Vancouver Quebec Washington Chicago Boston Miami Houston Dallas "
    "Atlanta Seattle Philadelphia Detroit Brasilia Caracas Bogota Lima Santiago Havana Algiers Tunis "
    "Rabat Casablanca Dakar Abidjan Lagos Nairobi Kinshasa Goma Johannesburg Pretoria Marseille Lyon "
    "Toulouse Nice Nantes Strasbourg Bordeaux Lille Munich Hamburg Frankfurt Cologne Milan Naples Barcelona "
    "Seville Valencia Porto Antwerp Rotterdam Manchester Liverpool Birmingham Glasgow"
).split() + ["New York", "Los Angeles", "San Francisco", "Hong Kong", "New Delhi", "Buenos Aires",
             "Mexico City", "Rio de Janeiro", "Sao Paulo", "Tel Aviv", "Saint Petersburg", "St. Petersburg",
             "the United States", "the United Kingdom", "the Netherlands", "the Philippines", "United States",
             "United Kingdom"]
# French "à"/"au" + place is a location ("le sommet de l'OTAN à Washington") or a
# destination ("s'est rendu à Washington"); the pivot makes both "to". English
# says "to" after a word of motion or relation (checked in the six words before,
# within the clause, and after "from … to"), "in" otherwise.
_MOTION = re.compile(
    r"\b(?:go|goes|going|gone|went|come|comes|coming|came|travel\w*|trip|trips|journey\w*|visit\w*|flight\w*|"
    r"flew|fly|flying|return\w*|sent|send\w*|mov\w+|transport\w*|transferr?\w*|evacuat\w*|deport\w*|"
    r"repatriat\w*|export\w*|import\w*|head\w*|deliver\w*|ship\w*|flee\w*|fled|escap\w*|invit\w*|"
    r"lead\w*|led|bound|migrat\w*|emigrat\w*|expel\w*|extradit\w*|driv\w*|drove|ran|run|walk\w*|"
    r"march\w*|rush\w*|brought|bring\w*|took|take|taken|taking|carr\w+|sail\w*|tour\w*|commut\w*|"
    r"divert\w*|redirect\w*|direct\w*|allocat\w*|cede\w*|ceding|yield\w*|sold|sell\w*|sale\w*|"
    r"offer\w*|give\w*|gave|given|destin\w*|donat\w*|donor\w*|sanction\w*)\b", re.IGNORECASE)
# Words that take "to" as their own preposition, right before it ("aid to Ukraine").
_RELATION = re.compile(
    r"\b(?:ambassador\w*|envoy\w*|aid|help|support|access|road\w*|route\w*|way|regard|respect|according|"
    r"close|next|compared|similar|due|thanks|belong\w*|attention|threat\w*|message\w*|letter\w*|"
    r"loyal\w*|affiliated|associated|welcome\w*|link\w*|connect\w*|pilgrimage|expedition|mission|"
    r"addressed|appeal\w*|call\w*|gift\w*|exit|entry|return|flights?|trips?|visits?|and|or)$", re.IGNORECASE)
_TO_PLACE = re.compile(r"(?<![\w-])([Tt]o) (?=(?:" + "|".join(
    re.escape(p) for p in sorted(set(PLACES) | set(CITIES), key=len, reverse=True)) + r")(?![\w-]))")


def location_in(text: str) -> str:
    """"the NATO summit to Washington in July" → "in Washington"; "went Tuesday to
    Washington" stays (motion), as does "from Paris to London"."""
    if "o " not in text:
        return text

    def repl(m: re.Match) -> str:
        clause = re.split(r"[,;:.!?()“”\"«»]", text[max(0, m.start() - 60): m.start()])[-1]
        words = clause.split()
        if (_MOTION.search(" ".join(words[-6:])) or (words and _RELATION.search(words[-1]))
                or re.search(r"\bfrom\b", clause, re.IGNORECASE)):
            return m.group(0)
        return "In " if m[1] == "To" else "in "
    return _TO_PLACE.sub(repl, text)
