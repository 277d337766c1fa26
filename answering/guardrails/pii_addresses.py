"""Street addresses as patients type them in a chat, for the rules of ``pii.py``.

People give an address in pieces ("It's Orchard Close, Stevenage, and we're number 17"), without the house
number ("I live on Maple Avenue"), in lower case after a cue ("dad lives on via garibaldi"), or the street alone
("Street is Marszałkowska, house 84"). The street kinds are lists in ``patterns/pii/``.
"""

from __future__ import annotations

import re
from functools import cache

from wordfreq import zipf_frequency

from answering.guardrails.pii_lists import PII_LISTS, word_list
from answering.list_files import content_lines


@cache
def alternation(name: str, capitalised: bool = False) -> str:
    """``patterns/pii/<name>.txt`` as a regex alternation, longest first so "street" is tried before "st"."""
    words = sorted(content_lines(PII_LISTS / f"{name}.txt"), key=len, reverse=True)
    return "|".join(re.escape(w.strip().capitalize() if capitalised else w.strip()) for w in words)


#: Street kinds after the name, with a house number before: "27 Victoria Road", "Sector 15-A".
STREET = rf"{alternation('street_kinds')}|sector [\w-]+"
#: Street kinds before the name on the continent and in Latin America ("via", "calle", "rue", "ul.").
#: Articles between a street kind and its name: "via dei Mille", "rue de la Paix", "calle de los Reyes".
STREET_ARTICLES = (
    r"d[aeiou]s?|de la|de las|de los|del|dei|degli|della|delle|dello|dal|di|du|des|de|van|von|der"
)
PREFIX_STREET_ANY_CASE = (
    r"rue|boulevard|bd|chemin|all[ée]e|impasse|quai|calle|c/|avenida|avda\.?|paseo|viale|piazza|piazzale|rua|"
    r"travessa|pra[çc]a|ul\.|ulica|ulicy|aleja|al\.|plac|os\.|osiedle|via|place|plaza|corso|largo|avenue|av\.|"
    r"carrera|diagonal|alameda|estrada|strada|vicolo|lungomare|chauss[ée]e|route|cours"
)
#: One-word streets of German, Dutch and the Nordic countries: "lindenweg", "Keizersgracht", "Storgatan".
COMPOUND_STREET = rf"[^\W\d_]{{2,}}(?:{alternation('street_suffixes')})"
#: Words a street name does not run into: "12 rue Lepic is where I live".
NOT_STREET_NAME = (
    r"(?i:is|was|are|and|or|to|in|on|at|for|please|so|but|we|i|my|it|the|which|where|near|next|if|can|could|"
    r"would|from|with|by|since|after|before|then|when|a|an|our|their|his|her|this|that|there|here|thanks|thank|"
    r"cheers|regards|thx|love)\b"
)
#: What a number before it counts is not a house number: "the Plaza Hotel 2 nights", "via Radiology 2 floors".
COUNTED = (
    r"(?i:nights?|floors?|days?|weeks?|months?|years?|times?|hours?|hrs?|mins?|minutes?|mg|ml|cycles?|sessions?|"
    r"doses?|tablets?|pills?|rounds?|treatments?|x|miles?|mi|km|kilomet(?:re|er)s?|met(?:re|er)s?|yards?|"
    r"blocks?|stops?|steps?|people|of|or|to)\b"
)
_NAME_WORD = rf"(?!{NOT_STREET_NAME}|{COUNTED})[^\W\d_](?:[\w'’-]|\.(?=\w))*"
_CAPITALISED_NAME_WORD = rf"(?!{NOT_STREET_NAME})[A-ZÀ-Ž][\w'’-]+"
#: A house, flat or door number given beside the street: ", number 42", ", house 84, flat 12", " no. 8".
#: A house number in words: "we're number fourteen".
NUMBER_WORD = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    r"seventeen|eighteen|nineteen|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[ -](?:one|two|three|"
    r"four|five|six|seven|eight|nine))?)\b"
)
HOUSE_NUMBER = (
    r"(?i:\b(?:(?:house|flat|apartment|apt|apto|unit|building|door|hausnummer|piso|portal)\s+(?:number\s+|no\.?\s*)?"
    r"(?:is\s+)?|number\s+(?:is\s+)?|no\.\s*|nr\.?\s*)"
    rf"(?:\d+[a-z]?\b(?:/\d+)?|{NUMBER_WORD})(?!\s*{COUNTED}))"
)
#: A house, flat or door number said as such, with or without a street: "the flat is number 12b", "apt 4B".
EXPLICIT_HOUSE_NUMBER = (
    r"(?i:\b(?:house|flat|apartment|apt|door)(?:\s+(?:number|no\.?|nr\.?))?(?:\s+is)?(?:\s+(?:number|no\.?))?"
    rf"\s*\d+[a-z]?\b(?!\s*{COUNTED}|[.,]\d)"
    rf"|\b(?:house|flat|door)\s+(?:number|no\.?)(?:\s+is)?\s+{NUMBER_WORD})"
    r"|\b(?i:flat|apt|apartment)\.?\s+[A-H]\b(?![\w'’-])"  # "Flat C"
)
#: The town after a comma, and the county: ", Stevenage", ", Co. Wicklow".
_TOWN = rf",\s+(?:Co\.\s+)?{_CAPITALISED_NAME_WORD}(?:\s+{_CAPITALISED_NAME_WORD})?"
_PIECES = rf"(?:,?\s+{HOUSE_NUMBER}|{_TOWN}){{0,4}}"
_NOT_A_HOME = rf"(?!\s+(?i:{alternation('not_after_a_street')})\b)"

#: "Maple Avenue, number 42", "Orchard Close, Stevenage": a capitalised street of an unambiguous kind, with no
#: house number before it; not "Great Ormond Street Hospital", "St Thomas'".
UNNUMBERED_STREET = (
    rf"\b(?:{_CAPITALISED_NAME_WORD} ){{1,3}}(?:{alternation('street_kinds_unnumbered', capitalised=True)})\b"
    rf"(?!['’])(?!\s+[A-Z]){_NOT_A_HOME}{_PIECES}"
)
_CUE = (
    r"(?i:\b(?:live|lives|living|lived|stay|stays|staying|moved|based|located|resides?)\s+(?:on|at|in|to|into|off)"
    r"|\b(?:i|we|they|he|she)(?:['’]m|['’]re|['’]s| am| are| is)\s+(?:on|at)"
    r"|\b(?:street|road|address|ulica|adres|adresse|indirizzo|direcci[oó]n|endere[cç]o)(?:\s+name)?"
    r"(?:\s+is|['’]s|\s*:|\s+-)(?:\s+called)?"
    r"|\b(?:street|road)\s+(?:is\s+)?(?:called|named)"
    r"|\b(?:abito in|vivo en|vivo in|moro na|moro em|mieszkam (?:na|przy)|ik woon (?:op|aan)|wohne in der|wohnhaft"
    r"|j['’]habite(?: au| à)?|habite au|habita en)"
    r")\s+"
)
#: After "lives on", "street is": "via garibaldi", "bramble lane", "lindenweg", "Marszałkowska, house 84".
CUED_STREET = (
    rf"{_CUE}(?P<id>(?:(?i:{PREFIX_STREET_ANY_CASE})\s+(?:(?i:{STREET_ARTICLES})\s+)?"
    rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}}"
    rf"|(?:{_NAME_WORD}\s+){{1,3}}(?i:{alternation('street_kinds')})\b{_NOT_A_HOME}"
    rf"|{COMPOUND_STREET}"
    rf"|(?<=is )(?<!address is ){_NAME_WORD}(?=,?\s+{HOUSE_NUMBER})"
    rf")(?:,?\s+\d+[a-z]?(?:[-/]\d+)?\b(?!\s*{COUNTED}))?{_PIECES})"
)

#: A flat or suite number typed after the street's name: "Warner Ridges Suite 228", "Crosby Plaza Apt. 533".
_FLAT_AFTER_STREET = r"(?i:apt|apartment|unit|suite|ste|flat)\.?\s*\d+[a-z]?"
#: After "I live at", "address is": a house number and the street's name, whatever its kind ("17 Jones Light",
#: "743 Rachel Burgs"); the town and postcode after it are taken by ``address_end``.
CUED_NUMBERED_STREET = (
    rf"{_CUE}(?P<id>\d+[a-z]?(?:[-/]\d+)?\s+{_CAPITALISED_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}}"
    rf"(?:,?\s+{_FLAT_AFTER_STREET})?)"
)

_HOUSE_NUMBER = re.compile(HOUSE_NUMBER)


def house_numbers(text: str) -> list[tuple[int, int]]:
    """Spans of "number 17", "flat 12" and the like: a house number once the message has given an address
    (alone, "flat 2 weeks" or "number 3 on the list" is no address)."""
    return [match.span() for match in _HOUSE_NUMBER.finditer(text)]


#: Floor, flat, block and door typed after a street: "apto 12", "piso 2", "m. 4", "#05-67", "Suite 400".
_UNIT_WORDS = (
    r"house|flat|apartment|appt|apt|apto|unit|building|door|suite|ste|block|blk|piso|portal|puerta|escalera|esc|"
    r"int|interno|scala|lok|lokal|m|kv|hausnummer|number|no|nr|room|rm|villa|lot|plot|shop|level|studio"
)
_UNIT = rf"(?i:(?:{_UNIT_WORDS})\.?\s*#?|#)[\w/-]*\d[\w/-]*\b(?!\s*{COUNTED})"
_PARTICLE = r"(?:de|da|do|dos|das|del|della|di|la|le|am|an der|upon|on|en|sur|sous)"
_TAIL_PIECE = re.compile(
    r"-\d{2,5}\b"  # the rest of a postcode: "1200-205", "1234-00100"
    rf"|(?:(?P<comma>\s*,\s*|\s+-\s+)|\s+)(?:{_UNIT}|\d+\s?[ºª°][a-z]?|(?i:esq|dto|dcha|izq|izda|dir|fte)\b\.?"
    rf"|(?:[A-Z]{{2,3}}\s+|[a-z]{{2}}\s+(?=\d{{5}}))?\d{{1,6}}(?:[- ]\d{{2,4}})?\b(?!\s*{COUNTED})(?![.,]\d)"
    r"|(?i:[a-z]{1,2}\d[a-z\d]? ?\d[a-z]{2}|[a-z]\d[a-z] ?\d[a-z]\d)\b"  # UK, Canada
    r"|[AC-FHKNPRTV-Y]\d{2} ?[AC-FHKNPRTV-Y\d]{4}\b|\d{4} ?[A-Z]{2}\b"  # Ireland, the Netherlands
    r"|(?P<state>[A-Z]{2,3})\b"
    rf"|(?:Co\.?\s+)?{_CAPITALISED_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)?{_CAPITALISED_NAME_WORD}){{0,2}}"
    rf"|(?!{NOT_STREET_NAME}|{COUNTED}|(?:{alternation('not_towns')})\b)(?P<lower>[a-zà-ž][\w'’-]+))"
)
_HEAD = re.compile(
    r"(?:\b\d+(?:st|nd|rd|th)\s+floor,?\s+)?"
    rf"(?:\b(?i:{_UNIT_WORDS})\.?\s*[\w/-]*\d[\w/-]*,?\s+)?"
    rf"(?:\b(?:The\s+)?(?:[A-Z][\w'’-]+\s+){{1,2}}(?i:{alternation('building_kinds')}),?\s+(?:on\s+)?)?"
    rf"(?:\b(?i:{_UNIT_WORDS})\.?\s*[\w/-]*\d[\w/-]*,?\s+)?(?:\b(?i:(?:house\s+)?(?:{_UNIT_WORDS}))\.?\s+)?$"
)


def _reads_as_tail(piece: re.Match[str]) -> bool:
    """A state code that is no medical acronym ("QC", not "CT"); a lower-case town after a comma, or one rare
    in English ("viale Monza 22 milano", not "Via Roma 10 tomorrow")."""
    if piece["state"]:
        return piece["state"] not in word_list("acronyms")
    return not piece["lower"] or bool(piece["comma"]) or zipf_frequency(piece["lower"], "en") < 4.0


def address_end(text: str, end: int, limit: int) -> int:
    """Where an address found up to ``end`` ends: the flat, town, state and postcode typed after the street
    ("… 1578, Bela Vista, São Paulo - SP, 01310-200"), not past ``limit``."""
    for _ in range(6):
        piece = _TAIL_PIECE.match(text, end)
        if not piece or piece.end() > limit or not _reads_as_tail(piece):
            break
        end = piece.end()
    return end


def address_start(text: str, start: int, limit: int) -> int:
    """Where an address found from ``start`` begins: the flat and the house's or building's name typed before
    the street ("Flat 4, Riverside House, 10 Wharf Lane", "Ivy Cottage on Back Lane"), not before ``limit``."""
    window = max(limit, start - 80)
    head = _HEAD.search(text, window, start)
    return head.start() if head else start


#: Articles inside Welsh and Irish street names, between capitalised words: "Heol y Felin", "Sráid an Mhuilinn".
_WELSH_IRISH_ARTICLES = r"y|yr|an|na"
#: The pieces typed before a postcode, read backwards: "Studio 57, Slater Rest, South Sallyberg, " before "L6A 5YX";
#: "743 Rachel Burgs, North Debratown, " before "FM 50466". Each piece ends in a comma, so a sentence running into a
#: postcode ("we moved from Leeds LS6 2AB") gives at most its town.
_PIECE_BEFORE = (
    rf"(?:(?i:{_UNIT_WORDS})\.?\s*[\w/-]*\d[\w/-]*,?\s+)?(?:\d+[a-z]?(?:[-/]\d+)?,?\s+)?"
    rf"(?:{_CAPITALISED_NAME_WORD}\s+(?:(?:{STREET_ARTICLES}|{_WELSH_IRISH_ARTICLES})\s+)?){{0,3}}"
    rf"{_CAPITALISED_NAME_WORD}"
    rf"(?:\s+{_FLAT_AFTER_STREET})?\s*,\s*"
    r"|\d+[a-z]?(?:[-/]\d+)?\s*,\s*"
)
_TOWN_BEFORE = rf"(?!{NOT_STREET_NAME})[A-ZÀ-Ž][a-zà-ž][\w'’-]*(?:\s+[A-Z]{{2,3}})?\s+"
_BEFORE_POSTCODE = re.compile(
    rf"(?:{_PIECE_BEFORE}){{1,4}}(?:[A-Z]{{2,3}}\s*,?\s+)?\Z|(?:{_PIECE_BEFORE}){{0,4}}{_TOWN_BEFORE}\Z"
)


def address_before(text: str, start: int, limit: int) -> int:
    """Where the address ending in a postcode at ``start`` begins: its street, house number and town typed before
    it, not before ``limit``."""
    window = max(limit, start - 120)
    before = _BEFORE_POSTCODE.search(text[window:start])
    return window + before.start() if before else start


#: A flat or house number and a named building, no street: "flat no 302, sai residency, madhapur, hyderabad".
BUILDING_ADDRESS = (
    r"(?i:\b(?:flat|apt|apartment|house|door|plot|h\.?\s?no)\.?\s*(?:no\.?\s*)?[\w/-]*\d[\w/-]*,\s+"
    rf"(?:[^\W\d_][\w'’-]*\s+){{1,2}}(?:{alternation('building_kinds')})\b)"
)


_UNNUMBERED_KINDS = alternation("street_kinds_unnumbered")
#: A street in lower case with no number, after "on", "from", "off": "pick mum up from rosemary lane"; and a
#: street kind that is no English word before its name: "door number 8 on calle luna".
LOWER_CASE_STREET = (
    rf"(?i:\b(?:on|at|from|to|in|off|near|into)\s+)(?P<id>(?:{_NAME_WORD}\s+){{1,2}}(?:{_UNNUMBERED_KINDS})\b"
    rf"{_NOT_A_HOME}|(?i:calle|viale|piazza|avenida|rua|ulica|ul\.|aleja|travessa|impasse|chemin)\s+"
    rf"(?:(?i:{STREET_ARTICLES})\s+)?{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}})"
)
#: The street's name alone after "street is", "street:": "Kościuszki", "Hazel Grove"; not "the street is busy".
NAMED_STREET = (
    r"(?i:\b(?:street|road|ulica|stra(?:ß|ss)e|calle|rue|via|house)(?:\s+name)?(?:\s+is|['’]s|\s*:|\s+-)"
    r"(?:\s+called)?|\b(?:street|road)\s+(?:is\s+)?(?:called|named))\s+"
    rf"(?P<id>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}})(?=\s*(?:[,.;!?]|$|\band\b))"
)


def uncommon_street_name(candidate: str) -> str:
    """The street's own name is capitalised or no common English word ("rosemary lane", "Kościuszki"), so
    "memory lane" or "the street is busy" stay."""
    words = [
        w
        for w in re.findall(r"[^\W\d_][\w'’-]*", candidate)
        if not re.fullmatch(_UNNUMBERED_KINDS, w.lower())
    ]
    if not words:
        return ""
    frequency = zipf_frequency(words[0].lower(), "en")
    return candidate if frequency < 4.0 or (words[0][0].isupper() and frequency < 5.5) else ""


#: An Irish address without a street, ended by its county: "Ballymore, Castlebar, Co. Mayo", "co cavan".
IRISH_COUNTY_ADDRESS = (
    r"(?:\b[A-Za-z][\w'’-]+(?:\s+[A-Za-z][\w'’-]+)?,\s+){0,3}"
    rf"\b(?i:co\.?|county)\s+(?i:{alternation('irish_counties')})\b"
)
#: A country house's name and its town, no street: "Rose Cottage, Ashby", "The Old Rectory, Little Budworth".
NAMED_HOUSE = (
    r"\b(?:The\s+)?(?:[A-Z][\w'’-]+\s+){1,2}"
    r"(?:Cottage|Farm|Farmhouse|Lodge|Barn|Villa|Rectory|Vicarage|Manor|Mill|Bungalow|Grange)"
    r",\s+(?!(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b)[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?"
)
