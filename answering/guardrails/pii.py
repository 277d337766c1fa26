"""Scrub personal identifiers from what gets stored or logged; the medical content of the question stays.

Policy: every personal name is replaced, clinicians' too ("Dr. [NAME]"), because a named oncologist at a
small clinic plus a diagnosis can identify a patient. Identifiers are replaced by a typed placeholder so a
reviewer still sees what kind of thing was there. It errs towards removing too much: a capitalised word after
"I'm" is taken for a name. A lower-case word is taken for a name only after a cue ("my name is", "my husband")
and when it is rare as an English word (``wordfreq``), so "im worried" keeps its word. Where no rule finds
anything, a tagger learned from labelled messages (``pii_tagger.py``) may: rules alone scored 0.67–0.84 on each
batch of messages written after them. Measured on the labelled messages: ``python -m evals pii``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, partial

from wordfreq import zipf_frequency

from answering.guardrails.identifiers import Identifier
from answering.guardrails.language import detect_language
from answering.guardrails.pii_addresses import (
    BUILDING_ADDRESS,
    COMPOUND_STREET,
    COUNTED,
    CUED_NUMBERED_STREET,
    CUED_STREET,
    EXPLICIT_HOUSE_NUMBER,
    IRISH_COUNTY_ADDRESS,
    LOWER_CASE_STREET,
    NAMED_HOUSE,
    NAMED_STREET,
    NOT_STREET_NAME,
    NUMBER_WORD,
    STREET,
    STREET_ARTICLES,
    UNNUMBERED_STREET,
    address_before,
    address_end,
    address_start,
    alternation,
    house_numbers,
    uncommon_street_name,
)
from answering.guardrails.pii_lists import word_list
from answering.guardrails.pii_tagger import shipped_tagger

_WORD = r"[^\W\d_][^\W\d_'’-]*(?:['’-][^\W\d_]+)*"  # a word of letters in any script, with ' or - inside
_CAPITALISED = r"(?:[A-Z\u00c0-\u00de]|O['’])[^\W\d_'’-]*(?:['’-][^\W\d_]+)*"
_NICKNAME = r"(?: ['‘\"“(][A-Z][^\W\d_]+['’\"”)])?"
_PARTICLES = alternation("name_particles")
_NAME = rf"{_CAPITALISED}{_NICKNAME}(?: (?:(?:{_PARTICLES}) ){{0,2}}{_CAPITALISED}){{0,2}}"
#: Up to four words after a cue: "rosa maría garcía lópez", "Phạm Thị Thu Hà" (the keep functions trim what is no
#: name).
_ANY_NAME = rf"{_WORD}{_NICKNAME}(?: (?:(?:{_PARTICLES}) ){{0,2}}{_WORD}){{0,3}}"
_FAMILY = (
    r"husband|wife|partner|spouse|son|daughter|mother|mom|mum|mam|father|dad|brother|sister|friend|boyfriend|"
    r"girlfriend|grandma|grandmother|gran|nan|nana|babcia|grandpa|grandfather|grandad|granddad|aunt|auntie|aunty|uncle|"
    r"cousin|niece|nephew|fiancee?|neighbour|neighbor|carer|stepdad|stepmum|stepmom|mother-in-law|father-in-law|"
    r"kids|children|grandson|granddaughter|buddy|mate|pal|colleague|boss|son-in-law|daughter-in-law|"
    r"sister-in-law|brother-in-law|stepson|stepdaughter|stepbrother|stepsister|hubby|missus|sis|bro|granny|"
    r"nanna|grandmom|grandmum|papa|mama|twin|godmother|godfather|flatmate|housemate|roommate|caregiver"
)
#: Relatives in the plural, before a list of names ("my daughters Ingrid and Sofie"): only capitalised names count,
#: as "my daughters antihistamine" is her antihistamine.
_RELATIVES = (
    r"daughters|sons|sisters|brothers|grandsons|granddaughters|grandchildren|nieces|nephews|cousins|parents"
)
_CLINICIANS = (
    r"oncologist|consultant|surgeon|gp|doctor|nurse|specialist|registrar|secretary|radiologist|physician|"
    r"practitioner|coordinator|counsellor|counselor|physio|dietitian|pharmacist|radiographer|sonographer|"
    r"physiotherapist|anaesthetist|anesthetist|matron|porter|paramedic|chaplain|receptionist|charge nurse|"
    r"social worker|healthcare assistant|hca"
)
_TITLES = r"dr|prof|mr|mrs|ms|miss|mx|sr"
_ROLES = r"doctor|professor|nurse|sister"
#: English, then the month names of the languages whose addresses the scrubber reads ("born 8 dicembre 1944",
#: "ur. 3 marca 1950"). A date needs its day and year too, so "mai" or "mei" alone stays.
_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|"
    r"gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre|"
    r"janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[ûu]t|septembre|octobre|d[ée]cembre|"
    r"enero|febrero|abril|mayo|junio|julio|sept?iembre|octubre|noviembre|diciembre|"
    r"januar|februar|m[äa]rz|juni|juli|oktober|dezember|"
    r"janeiro|fevereiro|mar[çc]o|maio|junho|julho|setembro|outubro|novembro|dezembro|"
    r"januari|februari|maart|mei|augustus|"
    r"stycznia|lutego|marca|kwietnia|maja|czerwca|lipca|sierpnia|wrze[śs]nia|pa[źz]dziernika|listopada|grudnia"
)
_ORDINAL_WORDS = (
    r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|"
    r"fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth|"
    r"(?:twenty|thirty)[ -](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)"
)
_TENS = r"ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|oh"
_YEAR_WORDS = rf"(?:nineteen|two thousand(?: and)?)(?:[ -](?:{_TENS})(?:[ -](?:one|two|three|four|five|six|seven|eight|nine))?)?"
_DAY = rf"(?:\d{{1,2}}(?:st|nd|rd|th)?|{_ORDINAL_WORDS})"
_YEAR = rf"(?:\d{{4}}|'?\d{{2}}|{_YEAR_WORDS})"
_DATE = (
    rf"\d{{1,4}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}|(?:the )?{_DAY}(?: of| de)? (?:{_MONTHS})\.?,?(?: de)? {_YEAR}"
    rf"|(?:{_MONTHS})\.? {_DAY},? {_YEAR}"
    rf"|\d{{1,2}}[/.-](?:{_MONTHS})[/.-](?:\d{{4}}|\d{{2}})"  # "12-Jan-1957"
)
_DIGIT_WORDS = r"oh|zero|nought|one|two|three|four|five|six|seven|eight|nine|double|triple|double-oh|treble"
#: Street kinds written before the name ("12 rue de la Paix", "Calle Mayor 5", "ul. Długa 5/7"). Those that are
#: also English words ("via the portal vein", "in place", "Plaza Hotel") need a capital name after them.
_PREFIX_STREET = (
    rf"(?i:rue|boulevard|bd|chemin|all[ée]e|impasse|quai|calle|c/|avenida|avda\.?|paseo|viale|piazza|piazzale|"
    r"rua|travessa|pra[çc]a|ul\.?|ulica|ulicy|aleja|al\.|plac|pl\.|os\.|osiedle|carrera|jalan|jln\.?|ulitsa|"
    r"leoforos|odos|v\.le|p\.z?za|c\.so|l\.go|ctra\.?|carretera|camino|ronda|traves[ií]a|glorieta|pza\.|p[ºo]\.?|contrada|ffordd|heol|stryd)\s+"
    rf"|(?i:via|place|plaza|corso|largo|avenue|av\.)\s+(?:(?:{STREET_ARTICLES})\s+)?(?=[A-ZÀ-Ž])"
)
_STREET_NAME_WORD = rf"(?!{NOT_STREET_NAME})[\w'’.-]+"
#: A town (up to three capitalised words) and postcodes around it after a continental address: "28013 Madrid",
#: "00-238 Warszawa", "São Paulo, 01310-200".
_CONTINENTAL_POSTCODE = r"\d{5}(?:-\d{3})?|\d{2}-\d{3}|\d{4}-\d{3}|\d{4} ?[A-Z]{2}|\d{4}"
#: Floor and door after the house number: "3º izq", "2º 1ª", "4B", "bajo", "int. 5", "/3/12".
_FLOOR_AND_DOOR = r"(?i:,?\s+(?:\d+\s?[ºª°][a-z]?(?:\s?\d+\s?[ºª])?|\d+[a-z]\b|bajo|izq\w*|dcha\w*|int\.?\s*\d+|piso\s*\d+)){0,3}"
_CONTINENTAL_TOWN = (
    rf"{_FLOOR_AND_DOOR}(?:,?\s+(?:{_CONTINENTAL_POSTCODE})\s+[\w'’-]+(?:\s+[A-ZÀ-Ž][\w'’-]+){{0,2}}"
    rf"|,?\s+[A-ZÀ-Ž][^\W\d'’-]*\b(?:\s+[A-ZÀ-Ž][^\W\d'’-]*\b){{0,2}}(?:,?\s+(?:{_CONTINENTAL_POSTCODE}))?"
    rf"|\s+(?!{NOT_STREET_NAME}|{COUNTED})[a-zà-ž][\w'’-]+)?"  # "viale Monza 22 milano"
)
_POSTCODE = (
    r"[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}"  # UK
    r"|[A-Z]\d[A-Z] ?\d[A-Z]\d"  # Canada
    r"|[1-9]\d{3} ?[A-Z]{2}"  # Netherlands
    r"|(?:[A-Z]{2,3} )?\d{4,6}(?:-\d{4})?"  # US state + ZIP, Australia, Germany, India
    r"|[AC-FHKNPRTV-Y]\d{2} ?[AC-FHKNPRTV-Y\d]{4}"  # Ireland (Eircode)
)


@dataclass(frozen=True)
class _Rule:
    """The identifier is the group named "id" when there is one, else the whole match; ``keep`` says how much of
    it to keep (all of it, a prefix of its words, or none)."""

    pattern: re.Pattern[str]
    kind: str
    keep: Callable[[str], str] | None = None
    needs: str = (
        ""  # skip the rule unless the lower-cased text holds this (cheap, and no scan of a long text)
    )


@cache
def _rare_word(word: str) -> bool:
    return zipf_frequency(word.lower().strip("'’"), "en") < 4.0


def _never_a_name(word: str) -> bool:
    """A word no name cue makes a name: "I'm worried", "Thanks, I'll", "mum's on Percocet", "I'm eighty-seven"."""
    lowered = re.sub(r"['’]s$", "", word.lower()).strip("'’")
    return (
        lowered in word_list("not_names")
        or lowered in word_list("medicines")
        or re.fullmatch(rf"(?:{NUMBER_WORD}|oh)(?:-\w+)?", lowered) is not None
    )


#: Endings of English words that describe a state ("I'm dizzy", "I'm breathless"): a lower-case word with one, known
#: to English and not a given name, is no name.
_DESCRIBING = ("y", "ish", "ous", "ful", "less", "ive", "able", "ible", "ic", "al")


#: Languages whose words, typed in a chat in English, are mostly names: "jerzy", "mehmet", "lucia", "ama". Their
#: word lists load on first use (about 1 s together); German, French, Dutch, Nordic and Czech would add 2.5 s.
_OTHER_LANGUAGES = ("pl", "es", "it", "pt", "tr", "ro", "hu", "id", "vi")


def warm_up() -> None:
    """Load every language's word list now. Loaded on first use, they held the GIL for seconds inside a patient's
    turn, and the whole app stood still (a browser test's next question was never sent)."""
    for language in ("en", *_OTHER_LANGUAGES):
        zipf_frequency("name", language)


@cache
def _more_common_abroad(word: str) -> bool:
    """A word far more common in another language than in English is a name here, not an English word:
    "jerzy" ends like "dizzy", but is Polish."""
    english = zipf_frequency(word, "en")
    return any(zipf_frequency(word, language) > english + 1.0 for language in _OTHER_LANGUAGES)


@cache
def _inflected(word: str) -> bool:
    """ "collapsed", "vomited", "choking", "snaps", "dizzy": a verb form whose stem is an English word, or a describing
    word, so no name, though rare as a whole ("my dad vomited blood" keeps its meaning for the nurse; "ahmed",
    "jing", "lucy" stay names)."""
    if word in word_list("given_names") or _more_common_abroad(word):
        return False
    if word.endswith(_DESCRIBING) and zipf_frequency(word, "en") >= 1.5:
        return True  # "dizzy", "clammy", "breathless", "unresponsive": how someone is, not who
    if word.endswith("ed"):
        stems = (word[:-2], word[:-1], word[:-3])
    elif word.endswith("ing"):
        stems = (word[:-3], word[:-3] + "e", word[:-4])
    elif re.search(r"[^s'’]s$", word):  # "my husband snaps", "mum cries", "dad scratches", not "seamus"
        stems = (
            word[:-1],
            word[:-3] + "y" if word.endswith("ies") else "",
            word[:-2] if re.search(r"(?:ch|sh|ss|x)es$", word) else "",
        )
    else:
        return False
    return any(len(stem) >= 3 and zipf_frequency(stem, "en") >= 2.3 for stem in stems)


#: A lower-case given name ("stan", "jen", "gordon") reads as a name after a cue unless it is this common a word
#: ("will", "may", "mark", "june" are not taken).
_GIVEN_NAME_BAR = 4.8
#: A lower-case word after a lower-case first name is its surname when this rare in English: "its fernando
#: alvarez", where the cue itself ("it's") only lets a given name in.
_SURNAME_BAR = 3.5


def _name_words(candidate: str, capitalised_only: bool, lower_bar: float = 4.0) -> str:
    """The leading words of ``candidate`` that read as a name: capitalised in mixed-case text (unless a common
    word that is no name), rare as English words, or given names not common as words; '' when the first does
    not."""
    words = candidate.split(" ")
    shouting = candidate.isupper()
    kept: list[str] = []
    particles: list[str] = []  # "van der" waits for the name word after it
    for word in words:
        bare = word.strip("'’\"()").rstrip(",")
        if (
            kept
            and not kept[-1].endswith(",")
            and bare.lower() in word_list("name_particles")
            and len(particles) < 2
        ):
            particles.append(word)
            continue
        titled = bare[:1].isupper() and not shouting
        if (
            not bare
            or bare.upper() in word_list("acronyms")
            or _never_a_name(bare)
            or (not kept and bare.lower().rstrip(".") in word_list("field_labels"))
        ):
            break
        frequency = zipf_frequency(bare.lower(), "en")
        if not kept and not titled and _inflected(bare.lower()):
            break  # the word after the cue; a surname after a name may end in -y ("bridget kearney")
        if (
            (titled and (frequency < 5.5 or bare.lower() in word_list("names_that_are_words")))
            or (shouting and frequency < 4.6)
            or (shouting and frequency < 5.5 and bare.lower() in word_list("given_names"))
            or (
                not capitalised_only
                and frequency < lower_bar
                and not (kept and bare.endswith(("ed", "ing")) and _inflected(bare.lower()))
            )
            or (frequency < _GIVEN_NAME_BAR and bare.lower() in word_list("given_names"))
            or (kept and kept[-1][:1].islower() and frequency < _SURNAME_BAR and not _inflected(bare.lower()))
        ):
            kept += [*particles, word]
            particles = []
        else:
            break
    return " ".join(kept).rstrip(",")


def _any_case_name(candidate: str) -> str:
    return _name_words(candidate, capitalised_only=False)


def _introduced_name(candidate: str) -> str:
    """After "my name is" or "I'm": a lower-case first name may be a common word ("ali", "dave")."""
    return _name_words(candidate, capitalised_only=False, lower_bar=4.6)


def _name_before_a_break(candidate: str, keep: Callable[[str], str] = _introduced_name) -> str:
    """After "I'm" or before "here", the name must run up to where the sentence breaks off ("and", "her", "here",
    …) or be someone's ("I'm Grace Obi's daughter"): "im tyler her son", "I'm Ann Lee, …", "Li Na's daughter
    here", but not "I'm desperate to find relief from …" nor the "hiya" of "hiya its aoife mcgrath here"."""
    kept = keep(candidate)
    rest = candidate[len(kept) :].split()
    ends = not rest or rest[0].lower() in ("and", "from", "here", "her", "his") or kept.endswith(("'s", "’s"))
    return kept if ends else ""


def _capitalised_name(candidate: str) -> str:
    return _name_words(candidate, capitalised_only=True)


def _rare_capitalised_pair(candidate: str) -> str:
    """ "Vikram Reddy", "Joan Baxter" with no cue (after "Contact"): a surname rare in English after a first name
    that is no common word, so "Royal Marsden", "Mum's SIRT" or "Peter Mac" stay."""
    words = [w.rstrip(",") for w in candidate.split()]
    while len(words) > 2 and zipf_frequency(words[0].lower(), "en") >= 4.8:
        words = words[1:]
        candidate = candidate.split(" ", 1)[1]
    if any(w.isupper() and len(w) > 1 for w in words) or any(w.endswith(("'s", "’s")) for w in words):
        return ""
    first, last = words[0].lower(), words[-1]
    if (
        _never_a_name(first)
        or _never_a_name(last)
        or zipf_frequency(first, "en") >= 4.8
        or not _rare_word(last)
    ):
        return ""
    return candidate


def _person_name(candidate: str) -> str:
    """A name where no cue vouches for one ("tell Sanjay I called", "Maureen from the ward"): its first word a
    given name or rare in English, so "tell them", "ask questions", "Nurses from the ward" stay."""
    first = candidate.split(" ", 1)[0].strip("'’").lower()
    if first in word_list("given_names") or zipf_frequency(first, "en") < 4.0:
        return _capitalised_name(candidate)
    return ""


#: Endings of devices, procedures and drugs, not of names: "Oximeter says 86%".
_TECHNICAL_ENDINGS = ("meter", "scope", "graphy", "itis", "osis", "ectomy", "therapy", "mab", "nib", "statin")


def _name_on_its_own(word: str) -> bool:
    """A word read as a name with no cue but its place: a given name no common word ("olusegun", "Ama"), or a
    word rare in English and not a medicine or device ("chidinma"), so "Chemo keeps", "Everyone says" stay."""
    lowered = word.lower()
    if (
        _never_a_name(word)
        or word.isupper()  # "ECG said", "NICE says"
        or lowered.endswith(_TECHNICAL_ENDINGS)
        or re.fullmatch(rf"{_FAMILY}|{_CLINICIANS}", lowered)
    ):
        return False
    frequency = zipf_frequency(lowered, "en")
    # Known to the word list yet rare: a name; unknown to it: more often a typo ("sudenly").
    return (
        (lowered in word_list("given_names") and frequency < _GIVEN_NAME_BAR)
        or 0 < frequency < 3.0
        or (frequency < 4.0 and _more_common_abroad(lowered))
    )


def _initialled_name(candidate: str) -> str:
    """ "S.J.D. Okoro" but not "P. S. Thanks" or "U.S. Army": the surname after the initials is rare in English."""
    surname = re.split(r"\.\s?", candidate)[-1]
    if surname.isupper() or not _rare_word(surname) or _never_a_name(surname):
        return ""  # "L. CEA": an acronym
    return candidate


def _surname_first(candidate: str) -> str:
    """ "THOMPSON, Margaret", "NGUYEN Thi Lan": an upper-case surname that is no acronym or common word."""
    surname, rest = candidate.split(" ", 1)
    bare = surname.rstrip(",")
    if candidate.isupper() or bare in word_list("acronyms") or zipf_frequency(bare.lower(), "en") >= 4.6:
        return ""
    return candidate if _capitalised_name(rest) == rest else ""


#: Letters an identifier's prefix never runs to: in a message typed in capitals, "PATIENT DESMOND OKAFOR DOB 1958-07-30"
#: reads like a cue and a number of capitals and digits.
_A_WORD = re.compile(r"\b[A-Za-z]{5,}\b")


def _all(test: Callable[[str], bool]) -> Callable[[str], str]:
    return lambda text: text if test(text) else ""


def _digits(minimum: int, maximum: int = 99) -> Callable[[str], bool]:
    return lambda text: minimum <= sum(c.isdigit() for c in text) <= maximum


def _spoken_digits(text: str) -> bool:
    """ "oh seven seven double oh nine…", "07700 nine zero zero 552": seven digits or more, some said in words."""
    words = re.findall(r"[a-z]+|\d+", text.lower())
    digits = sum(len(w) if w.isdigit() else w not in ("double", "triple", "treble") for w in words)
    return digits >= 7 and not all(w.isdigit() for w in words)


def _foreign_street(address: str) -> str:
    """ "Storgatan 12", "Karl Johans gate 22", not "during 2" or "investigate 3": some word of the street's name
    is rare in English."""
    name = re.split(r"\s*\d", address, maxsplit=1)[0]
    return address if any(zipf_frequency(w.lower(), "en") < 3.0 for w in name.split()) else ""


def _rule(pattern: str, kind: str, keep: Callable[[str], str] | None = None, needs: str = "") -> _Rule:
    return _Rule(re.compile(pattern), kind, keep, needs)


#: Between an e-mail address's parts: "dot", "(dot)", "[dot]" or a plain "." after an obfuscated "at".
_DOT = r"(?:\.|\s*(?:\(|\[)?\s*\bdot\b\s*(?:\)|\])?\s*)"

# In order: the most specific identifiers first, names last.
_RULES: list[_Rule] = [
    _rule(r"\b[\w.+-]{1,64}@[\w-]+(?:\.[\w-]+)+\b", "EMAIL", needs="@"),
    # "margaret dot thompson at gmail dot com", "j.smith(at)outlook(dot)com", "l o u . b r o w n @ g m a i l . c o m"
    _rule(
        r"(?i)\b[\w.+-]{1,64}(?: ?(?:\(|\[)?(?:dot|underscore|dash|hyphen)(?:\)|\])? ?[\w+-]+"
        rf"| (?:{NUMBER_WORD}|zero|oh))*"  # "d underscore patel seventy two at yahoo dot co dot uk"
        r"\s*(?:\(|\[)?\s*\bat\b\s*(?:\)|\])?\s*[\w-]+"
        rf"(?:{_DOT}[\w-]+)*{_DOT}"
        r"(?:com|org|net|uk|au|pl|nl|de|in|ca|edu|gov|io|ie|fr|es|it|nz|za|info|me|vn|br|pt|ch|at|be|se|no|dk|fi|"
        r"cz|ng|ke|pk|bd|cn|jp|sg|hk|my|ph|mx|ar|cl|co|us|ru|tr|gr|ro|hu)\b",
        "EMAIL",
        needs="at",
    ),
    _rule(r"\b(?:[\w.] ){2,64}@(?: [\w.]){2,64}\b", "EMAIL", needs="@"),
    # Numbers said in words: "oh seven seven double oh nine…", "07700 nine zero zero 552", "K one two three…".
    _rule(
        rf"(?i)(?:\b[a-z] )?\b(?:(?:{_DIGIT_WORDS}|\d+)[ ,-]+){{3,}}(?:{_DIGIT_WORDS}|\d+)\b",
        "PHONE",
        _all(_spoken_digits),
    ),
    # Numbers introduced as identifiers: hospital, NHS, Medicare, passport, … (at least four digits).
    _rule(
        r"(?i)\b(?!(?-i:ID)\s+\d{5}(?:-\d{4})?\b)"  # Idaho and its ZIP: "Boise ID 83702"
        r"(?:mrn|medical record|hospital|hosp|patient|record|chart|case|unit|nhs|chi|ssn|social security|"
        r"insurance|policy|member|medicare|medicaid|ohip|ramq|health card|health insurance|aadhaa?r|passport|id|"
        r"reference|ref|ehic|my number)"
        r"(?: (?:card|number|no\.?|num|#|id))*(?:\s*\([a-z]{2,10}\))?(?: is|'s|:|#|=| -)?\s*"  # "Health card (OHIP):"
        # one token typed in lower case ("medicare id: 5kd7xj2pn41"), or capitals and digits with separators
        r"(?P<id>(?=[a-z0-9-]*(?-i:[a-z]))(?-i:[a-z0-9][a-z0-9-]{4,24}\b)|(?-i:[A-Z0-9](?:[A-Z0-9]|[ /.-](?=[A-Z0-9])){4,24}))",
        "ID",
        _all(lambda text: _digits(4)(text) and not _A_WORD.search(text)),
    ),
    # A passport number after its cue needs a digit, not four: "passport number is NX4RTBPF4".
    _rule(
        r"(?i)\bpassport(?: (?:number|no\.?|num|#))*(?: is|:)?\s*(?P<id>(?-i:[A-Z0-9]{6,12}))\b",
        "ID",
        _all(_digits(1)),
    ),
    _rule(r"\b\d{3}-\d{2}-\d{4}\b", "ID"),
    _rule(r"(?<!\+\d )(?<!\+\d\d )(?<!\+\d\d\d )(?<!\))(?<!\) )\b\d{3} \d{3} \d{4}\b(?![-\d])", "ID"),
    _rule(r"\b[A-Z]{1,2} ?\d{6,9}\b", "ID"),  # passports, insurance numbers
    _rule(r"\b[XYZ]?\d{7,8}[A-Z]{1,2}\b", "ID"),  # Spanish DNI and NIE, Irish PPS ("8245137TA")
    # Hospital and insurer numbers with a letter prefix: "RTH-004-339812", "RX4-661093", "BUP-77420913".
    _rule(r"\b[A-Z]{2,4}\d?(?:-\d{2,})+\b", "ID", _all(_digits(6))),
    _rule(r"\b[A-Z]{6}\d{2}[A-Z]\d{2}[A-Z]\d{3}[A-Z]\b", "ID"),  # Italian codice fiscale
    _rule(r"\b[A-Z]{5}\d{4}[A-Z]\b", "ID"),  # Indian PAN ("ABCPD1234E")
    # Postcodes after a cue, before phones: "zip code: 94110-1234" has nine digits.
    _rule(
        r"(?i)\b(?:postcode|post code|postal code|code postal|c[oó]digo postal|codice postale|plz|postleitzahl|"
        r"zip(?: code)?|pin(?: ?code)?|eircode|cep|kod pocztowy|postnummer)(?: is| ist|:)?\s*"
        r"(?P<id>\d{5}-\d{4}|\d{4} ?[A-Z]{2}\b|(?=[A-Z]{0,5}\d)[A-Z0-9]{2,5}[ -]?[A-Z0-9]{3,4}|\d{4})\b",
        "POSTCODE",
    ),
    _rule(r"\b(?:CAP|C\.A\.P\.|cap|CP|C\.P\.|cp)\.?:?\s*(?P<id>\d{5})\b", "POSTCODE"),  # Italy, Spain, Mexico
    _rule(
        r"(?i)\b(?:p\.? ?o\.? box|post office box)\s*\d+", "ADDRESS"
    ),  # before phones: "P.O. Box 1234-00100"
    # Phones: "+44 (0)20 7946 0958", "098470 12345", "(555) 123-4567": 9 to 15 digits with separators, not " - ",
    # which separates the items of a list ("born feb 2 1960 - 604-555-0161"), and not a date written year first.
    # Not a ZIP+4 after a state ("Austin, TX 78745-1203", "Sacramento CA 95825-1108"): the address rules take it
    # with its street.
    _rule(
        r"(?<![\w/.])(?<!, [A-Z]{2} )(?<![a-z] [A-Z]{2} )(?!\d{4}-\d\d-\d\d\b)"  # "2025-05-19 09:30" is a date and a time
        r"(?:\+|00)?\(?\d(?:[\d().]|-(?! )| (?!- )){6,}\d\b(?![/.]\d)",
        "PHONE",
        _all(_digits(9, 15)),
    ),
    _rule(r"(?<![\w/.])\d{8,9}\b", "ID"),
    # "Hauptstraße 12, 10115 Berlin", "Mariahilfer Str. 45/3/12, 1060 Wien", "Schönhauser Allee 36": before
    # dates, which "45/3/12" looks like, and before the street kinds written first ("Allee …").
    _rule(
        rf"(?:\b(?:[A-ZÄÖÜ][\wäöüß]+ )?(?i:{COMPOUND_STREET})|\b(?:Am|An der|An den|Auf der|Auf dem|In der|Unter den|Zum|Zur) [A-ZÄÖÜ][\wäöüß]+|\b(?:[A-ZÄÖÜ][\wäöüß]+ ){{1,2}}(?:Str\.|Straße|Strasse|Gasse|Weg|Platz|Allee|gate|gata|gade|vej))"
        rf"\s*\d+(?:\s?[a-z]\b)?(?:[-/]\d+)*(?: bis)?(?!\s*{COUNTED}){_CONTINENTAL_TOWN}",
        "ADDRESS",
        _foreign_street,
    ),
    # Addresses whose street kind comes first: "12 rue de la Paix, 75002 Paris", "Calle Mayor 5, 28013 Madrid".
    _rule(
        rf"(?:(?i:\b(?:flat|apartment|appt|apt|piso|apto)\.?\s*[\w/-]+,?\s+))?"
        rf"(?:\b\d+[a-z]?(?:[-/]\d+)?(?:\s+(?:bis|ter))?,?\s+(?:{_PREFIX_STREET}){_STREET_NAME_WORD}(?:\s+{_STREET_NAME_WORD}){{0,3}}"
        rf"|(?<![\w/])(?:{_PREFIX_STREET})(?:[\w'’.-]+\s+){{0,3}}?[\w'’.-]+,?\s+\d+[a-z]?(?:[-/]\d+[a-z]?)?\b"
        rf"(?!\s+{COUNTED}))"
        rf"{_CONTINENTAL_TOWN}(?:,?\s+(?:[A-Z]{{2}}\s+)?(?-i:{_POSTCODE}))?",
        "ADDRESS",
    ),
    # After its cue a date may be typed with spaces: "dob 7 5 1962".
    _rule(
        rf"(?i)\b(?:dob|d\.o\.b\.?|date of birth|born(?: on| in)?)(?: is|:)?\s*"
        rf"(?P<id>{_DATE}|\d{{1,2}} \d{{1,2}} (?:19|20)\d\d\b)",
        "DATE",
    ),
    _rule(rf"(?i)(?<!no\. )(?<!no\.)(?<!no )(?<!#)\b(?:{_DATE})\b", "DATE"),  # not "H.No. 12-5-44"
    # Addresses: "Flat 3, 12 High St, Leeds LS6 2AB", "flat 5b, rose apartments, mg road, pune 411001".
    _rule(
        rf"(?i)\b(?:(?:flat|apartment|appt|apt|unit|house|h\.? ?no\.?|suite|plot|door no\.?)\s*[\w/.-]+,?\s+"
        rf"(?:[a-z][\w']*(?: [a-z][\w']*){{0,2}},\s+)?(?:\d+[a-z]?(?:[-/]\d+)*,?\s+)?|\d+[a-z]?(?:[-/]\d+)*,?\s+)"
        rf"(?!{COUNTED})(?:[\w'.-]+\s+){{0,3}}(?:{STREET})\b\.?(?:\s+(?-i:[NS][EW]?|[EW])\b)?"  # "Fremont Ave N"
        rf"(?:,?\s+(?:apt|apartment|unit|suite|ste|flat|#)\.?\s*[\w-]+)?"
        rf"(?:,\s*(?:co\.?\s+)?(?!{NOT_STREET_NAME})(?![\w]*\d)[a-z][\w'-]*(?:\s+(?![\w]*\d)(?-i:[A-Z])[\w'-]*){{0,2}}"
        rf"(?:\s+\d{{1,2}}\b(?![/-]|\.\d))?){{0,3}}"  # towns: "Ballincollig, Co. Cork", "Dublin 8"
        rf"(?:\s+(?-i:[A-Z][\w'-]+)(?:\s+(?-i:[A-Z][\w'-]+))?(?=,?\s+(?-i:{_POSTCODE})))?"  # "High Street London E8 2JS"
        rf"(?:,?\s+[a-z][\w'-]*(?:\s+[a-z][\w'-]*){{0,2}},?\s+[a-z]{{2}}\s+\d{{5}}(?:-\d{{4}})?\b"  # "new york ny 10026"
        rf"|,?\s+(?:-\s+)?(?-i:{_POSTCODE})|,?\s+[a-z]{{1,2}}\d[a-z\d]? ?\d[a-z]{{2}})?\b",
        "ADDRESS",
    ),
    _rule(
        r"\b(?:(?:\d+ )?(?:The )?[A-Z][a-z]+(?: [A-Z][a-z]+)? (?:Cottages?|House|Farm|Lodge|Barn|Villa|Rectory|Manor|"
        r"Mill|Bungalow|Forge|Grange|Croft|Stables|Granary)),\s+"
        r"[A-Z][a-z]+ (?:Road|Lane|Street|Way|Close|Drive|Avenue|Hill|Row|Green|Terrace|Crescent)"
        r"(?:,\s+[A-Z][a-z]+(?: [A-Z][a-z]+)?)*"
        rf"(?:,?\s+{_POSTCODE})?",
        "ADDRESS",
    ),
    _rule(BUILDING_ADDRESS, "ADDRESS"),  # "flat no 302, sai residency"
    # "I live on Maple Avenue, number 42", "Orchard Close, Stevenage"; "dad lives on via garibaldi", "Street is
    # Marszałkowska, house 84"; "street: Kościuszki"; "from rosemary lane"; "the flat is number 12b".
    _rule(UNNUMBERED_STREET, "ADDRESS"),
    _rule(CUED_STREET, "ADDRESS"),
    _rule(CUED_NUMBERED_STREET, "ADDRESS"),
    _rule(NAMED_STREET, "ADDRESS", uncommon_street_name),
    _rule(LOWER_CASE_STREET, "ADDRESS", uncommon_street_name),
    _rule(EXPLICIT_HOUSE_NUMBER, "ADDRESS"),
    _rule(IRISH_COUNTY_ADDRESS, "ADDRESS"),  # "Ballymore, Castlebar, Co. Mayo"
    _rule(NAMED_HOUSE, "ADDRESS"),  # "Rose Cottage, Ashby"
    # A state and ZIP after a town typed after a comma, or an Indian PIN joined to its town: ", North Kaylee, ND
    # 72372", ", East Tony, VIC, 2609", ", Bhagalpur-706690"; the street before it joins it (``address_before``).
    # Not a bare five-digit number: "low, Platelets 15000".
    _rule(
        rf",\s*[A-Z][^\W\d_]+(?:\s+[A-Z][^\W\d_]+){{0,2}}(?:,\s*|\s+|-)"
        rf"(?P<id>[A-Z]{{2,3}},?\s+\d{{4,5}}(?:-\d{{4}})?|(?<=-)\d{{6}})\b"
        rf"(?![.,]\d|\s*(?:%|{COUNTED}))",
        "POSTCODE",
        _all(lambda code: code.split()[0].rstrip(",") not in word_list("acronyms")),
    ),
    # A Brazilian CEP ("05422-001"), and a Dutch postcode after a comma (", 1016 GV"; not "1000 MG").
    _rule(r"(?<![\w/-])\d{5}-\d{3}\b(?!-)", "POSTCODE"),
    _rule(r",\s*(?P<id>[1-9]\d{3} ?(?!MG|ML|KG|CM|MM|IU|GY|BQ)[A-Z]{2})\b", "POSTCODE"),
    # UK, Canadian and Irish (Eircode) postcodes standing alone.
    _rule(
        r"\b(?:[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}|[A-Z]\d[A-Z] \d[A-Z]\d|[AC-FHKNPRTV-Y]\d{2} [AC-FHKNPRTV-Y\d]{4})\b",
        "POSTCODE",
    ),
    # The same typed in lower case, not "b12 1st dose".
    _rule(
        r"(?<![\w/-])(?:[a-z]{1,2}\d[a-z\d]? \d(?!(?:st|nd|rd|th)\b)[a-z]{2}|[a-z]\d[a-z] \d[a-z]\d)\b",
        "POSTCODE",
    ),
    # Names after a cue: "my name is", "Patient:", sign-offs, relatives, titles.
    # Initials before a surname rare in English: "T. Hollingsworth", "J. P. Mensah", "A.K. Chaudhry"; before
    # the cues, which would take the surname alone after "signed,".
    _rule(rf"\b(?:[A-Z]\.\s?){{1,3}}{_CAPITALISED}\b", "NAME", _initialled_name),
    _rule(
        rf"(?i)\b(?:my name is|my name's|my names|name's|names|name is|name ?[:-]|patient:|patient name:|from:|me:|"
        rf"(?:sur|family |last |first |given |maiden )name(?: is|:)?|"
        rf"me llamo|mi nombre es|je m['’]appelle|ich hei(?:ß|ss)e|mein name ist|mi chiamo|il mio nome è|"
        rf"nazywam się|mam na imię|mijn naam is|ik heet|meu nome é|chamo-me|"
        rf"call me|this is|signed:?|ask for|contact|call|on behalf of|"
        rf"love from|lots of love|with love|regards|thanks|thank you|thank u|ty|thx|tia|cheers|love|best wishes|many thanks|kind regards|best|danke|"
        rf"name on it (?:should be|is)|"
        rf"merci|gracias|ta)(?: so much| very much| again| a lot)?(?: from)?(?:,| -| –)? "
        rf"(?=(?P<id>{_ANY_NAME}(?:, {_WORD}(?=[ \t]*(?:\n|$)))?))",  # "Name: Oyelaran, Funmi" on a form's line
        "NAME",
        _introduced_name,
    ),
    # "hello its siobhan o'connor here", "hi its bola again"
    _rule(rf"(?i)\b(?:it's|it’s|its|it is) (?P<id>{_ANY_NAME}) (?:here|again)\b", "NAME", _introduced_name),
    _rule(rf"(?i)\b(?:it's|it’s|its|it is) (?P<id>{_ANY_NAME})(?=\s*[.,!]|$)", "NAME", _capitalised_name),
    # "who is called bronwen", "she's named Oyinkansola", "the patient is amadou diallo"
    _rule(
        rf"(?i)\b(?:(?:who|she|he)(?: is|['’]?s) (?:called|named)|the patient is|patient['’]s name is|"
        rf"(?:lady|man|woman|gentleman|girl|guy|chap|someone|somebody|person|receptionist|nurse|doctor) "
        rf"(?:called|named|by the name of))\s+"
        rf"(?=(?P<id>{_ANY_NAME}))",
        "NAME",
        _introduced_name,
    ),
    _rule(
        rf"(?i)\b(?:spoke|speak|talked|talk|spoken) (?:to|with) (?=(?P<id>(?-i:{_NAME})))",
        "NAME",
        _capitalised_name,
    ),
    _rule(
        rf"(?i)\b(?:i'm|i’m|im|i am) (?P<id>{_ANY_NAME})(?=\s*(?:[,.!;]|\band\b|\bfrom\b|\bhere\b|\bher\b|\bhis\b|$))",
        "NAME",
        _name_before_a_break,
    ),
    _rule(
        rf"(?im)(?:\b(?:my|our|his|her|the|your|for)(?: \w+['’]s)? |^)(?:{_FAMILY})(?:,| is called| named| called| -)? \(?"
        rf"['‘\"“]?(?=(?P<id>{_ANY_NAME}))",
        "NAME",
        _any_case_name,
    ),
    _rule(
        rf"(?im)(?:\b(?:my|our|his|her|the|your)(?: \w+['’]s)? |^)(?:{_CLINICIANS})(?: (?:{_CLINICIANS}))?(?:,| is called| named| called| -)? \(?"
        rf"(?=(?P<id>{_ANY_NAME}))",
        "NAME",
        _capitalised_name,
    ),
    _rule(
        rf"(?i)\b(?:my|our|his|her|the) (?:{_RELATIVES}),? (?=(?P<id>(?-i:{_NAME})))",
        "NAME",
        _capitalised_name,
    ),
    # "the daughter of Ahmed Al-Sayed", "carer of mrs okafor"
    _rule(rf"(?i)\b(?:{_FAMILY}) of (?=(?P<id>{_ANY_NAME}))", "NAME", _any_case_name),
    # Passing a message on, or who someone is: "can you tell Sanjay I called", "let ewa know", "Patient Harpreet
    # Kaur Sandhu", "Maureen from the liver team", "rajesh kumar dob 12/09/1949"
    _rule(rf"(?i)\b(?:tell|let|ask|remind|patient:?)\s+(?=(?P<id>{_ANY_NAME}))", "NAME", _person_name),
    _rule(
        rf"\b(?P<id>{_NAME}) from (?:the )?(?:[\w-]+ ){{0,3}}(?:team|ward|clinic|unit|department|group|service|"
        rf"office|practice|surgery|hospital|hospice|charity|desk|line)\b",
        "NAME",
        _person_name,
    ),
    _rule(
        rf"(?im)^(?P<id>{_ANY_NAME}),?\s+(?:dob|d\.o\.b\.?|date of birth|born|nhs|hospital (?:no|number)|mrn)\b",
        "NAME",
        _any_case_name,
    ),
    # "mi madre Rosa", "moja mama Halina", "mon mari Jacques"
    _rule(
        r"(?i)\b(?:mi|mia|mio|ma|mon|mes|mein|meine|meinem|meinen|mijn|minha|meu|moja|mój|nasz|nasza|notre|nuestra|"
        rf"nuestro|unser|unsere|onze)\s+(?:{alternation('relatives_other_languages')}),?\s+"
        rf"(?=(?P<id>(?-i:{_NAME})))",
        "NAME",
        _capitalised_name,
    ),
    _rule(
        rf"(?i)\b(?:known as|aka|a\.k\.a\.|nicknamed|goes by)\s+['‘\"]?(?P<id>{_ANY_NAME})",
        "NAME",
        _any_case_name,
    ),
    # "(everyone calls him Abdul)", not "call her oncologist" nor "she calls her chemo 'the poison'"
    _rule(rf"(?i)\bcalls? (?:him|her|me|them) ['‘\"]?(?=(?P<id>(?-i:{_NAME})))", "NAME", _capitalised_name),
    # "Grandad Jerzy - Jurek to us -"
    _rule(
        rf"(?:^|[-–(,]\s*)(?P<id>{_NAME}) to (?:us|everyone|the family|his friends|her friends|friends)\b",
        "NAME",
        _capitalised_name,
    ),
    # A name opening a sentence as who does something, in any case: "olusegun says the drain is leaking",
    # "kwame asked if…", "ama thinks we should call"; the name must be a given name or rare in English.
    _rule(
        rf"(?m)(?:^|[.!?]\s+)(?P<id>{_WORD})\s+(?:says|said|asked|asks|keeps|thinks|thought|wants|wanted|told|"
        rf"tells|rang|texted|mentioned|reckons)\b",
        "NAME",
        _all(_name_on_its_own),
    ),
    _rule(rf"(?i)\b(?:{_TITLES})\.? (?=(?P<id>{_ANY_NAME}))", "NAME", _any_case_name),
    _rule(rf"(?i)\b(?:{_ROLES}) (?=(?P<id>(?-i:{_NAME})))", "NAME", _capitalised_name),
    # "Marek the night nurse", "Priya, my oncologist"; "Kwame is my husband", "nguyen van an is my dad"
    _rule(
        rf"\b(?P<id>{_NAME}),? (?:the|my|our|his|her) (?:\w+ )?(?:{_CLINICIANS})\b", "NAME", _capitalised_name
    ),
    _rule(
        rf"(?im)(?:^|[.!?]\s+|\b(?:and|with|but|so)\s+)(?P<id>{_ANY_NAME}),? (?:is|was|who is) (?:my|our) "
        rf"(?:\w+ )?(?:{_FAMILY}|{_CLINICIANS})\b",
        "NAME",
        _any_case_name,
    ),
    # "Aminata N'Diaye here", "KAREN WESTWOOD HERE", "Li Na's daughter", "the nurse, Kerry, was"
    _rule(
        rf"(?i)(?:^|[.!?,]\s+)(?P<id>{_ANY_NAME}),? here\b",
        "NAME",
        partial(_name_before_a_break, keep=_any_case_name),
    ),
    _rule(
        rf"\b(?P<id>{_NAME})['’]s (?!(?:syndrome|disease|hospital|sarcoma|lymphoma|law|sign)\b)",
        "NAME",
        _rare_capitalised_pair,
    ),
    _rule(
        rf"(?i)\b(?:{_FAMILY}|{_CLINICIANS})(?: on [\w ]{{1,15}})?, (?P<id>(?-i:{_NAME})),",
        "NAME",
        _capitalised_name,
    ),
    # "THOMPSON, Margaret", "Margaret Thompson, 66", a sign-off at the very end, a rare capitalised pair.
    _rule(r"\b(?P<id>[A-Z][A-Z'’-]+,? [A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?)", "NAME", _surname_first),
    _rule(rf"(?m)(?:^|[.!?] )(?P<id>{_NAME}), \d{{1,3}}\b(?![.,]\d)", "NAME", _capitalised_name),
    _rule(
        rf"(?:[.!?\n]|^)\s*(?:[-–—~]\s*)?(?P<id>{_NAME}(?: (?:&|and) {_NAME})?)\s*(?:x+)?\s*$",
        "NAME",
        _capitalised_name,
    ),
    _rule(rf"(?m)^(?P<id>{_NAME})$", "NAME", _capitalised_name),  # a signature line
    _rule(rf"(?m)^\s*[-–—~]+\s*(?P<id>{_ANY_NAME})\s*$", "NAME", _any_case_name),  # "- lucia"
    # A sign-off between kisses, in any case: "… over nothing x jo & dan x". Looked for only in the last 80
    # characters: tried at every position of one long word, it took minutes (the whole app froze).
    _rule(
        rf"(?i)(?=[\s\S]{{0,80}}\Z)(?:^|[.!?,]|\bx{{1,4}}\b)\s*(?P<id>{_WORD})"
        rf"(?=\s*(?:(?:&|and)\s+{_WORD}\s*)?\bx{{1,4}}\s*$)",
        "NAME",
        _any_case_name,
    ),
    # … and after the kisses: "text me if the bloods are off x noor".
    _rule(rf"(?i)(?=[\s\S]{{0,40}}\Z)\bx{{1,4}}\s+(?P<id>{_WORD})\s*$", "NAME", _any_case_name),
    _rule(rf"\b(?P<id>{_CAPITALISED} {_CAPITALISED}(?: {_CAPITALISED})?)\b", "NAME", _rare_capitalised_pair),
]


def find_identifiers(text: str) -> list[Identifier]:
    """Every identifier in ``text``, in order; a span an earlier (more specific) rule took is not taken again
    (what a rule keeps is checked, so "secretary Julie said to email julie@…" keeps "Julie")."""
    found: list[Identifier] = []
    lowered = text.lower()
    for rule in _RULES:
        if rule.needs not in lowered:
            continue
        group = "id" if "id" in rule.pattern.groupindex else 0
        for match in rule.pattern.finditer(text):
            start, end = match.span(group)
            if start >= end or any(f.start <= start < f.end for f in found):
                continue
            candidate = match.group(group)
            kept = candidate if rule.keep is None else rule.keep(candidate)
            start += candidate.index(kept) if kept else 0
            end = start + len(kept)
            if kept and not any(start < f.end and f.start < end for f in found):
                found.append(Identifier(start, end, rule.kind))
    found = _with_extensions(text, _whole_addresses(text, _addresses_ending_in_postcodes(text, found)))
    found = _with_spoken_local_parts(text, found)
    found += _house_numbers(text, found)
    found += _partners(text, found)
    found += _towns_after_postcodes(text, found)
    found = _with_places_near(text, _with_tagged(text, found))
    return sorted((f for f in found if not _no_ones_name(text, f)), key=lambda f: f.start)


def _no_ones_name(text: str, identifier: Identifier) -> bool:
    """A name found that names no person: an eponym, an institution, or only a kin word."""
    return _eponym(text, identifier) or _institution(text, identifier) or _only_kin(text, identifier)


def _only_kin(text: str, identifier: Identifier) -> bool:
    """A name made only of a relative's word or an honorific, in any language ("send Nanay's results", "Vati's
    address"): the labelled messages leave kin words outside names, and the nurse needs to know who is meant."""
    words = text[identifier.start : identifier.end].split()
    return identifier.kind == "NAME" and all(_no_part_of_a_name(word) for word in words)


def _institution(text: str, identifier: Identifier) -> bool:
    """A charity, hospital or hospice named after a person ("a nurse from Marie Curie sat with him"): no one's name."""
    span = re.sub(r"['’]s$", "", text[identifier.start : identifier.end]).lower()
    return identifier.kind == "NAME" and span in word_list("institutions")


#: The village or town a rural address is placed by: "The Old Rectory, Little Budworth, near Tarporley".
_NEAR_A_PLACE = re.compile(rf",?[ \t]+near[ \t]+{_CAPITALISED}(?:[ -]{_CAPITALISED})?\b")


def _with_places_near(text: str, found: list[Identifier]) -> list[Identifier]:
    """Each address with the place it is "near", typed right after it (inside the address in every labelled
    message): the tagger, which finds most unnumbered addresses, does not always take it in."""
    return _grown_over(text, found, "ADDRESS", _NEAR_A_PLACE)


def _grown_over(text: str, found: list[Identifier], kind: str, after: re.Pattern[str]) -> list[Identifier]:
    """Each identifier of ``kind`` grown over what ``after`` matches right after it, unless another one is there."""
    grown = []
    for identifier in found:
        match = after.match(text, identifier.end) if identifier.kind == kind else None
        taken = match is not None and not any(Identifier(*match.span(), kind).overlaps(f) for f in found)
        grown.append(Identifier(identifier.start, match.end(), kind) if taken else identifier)
    return grown


#: A surname before these is a procedure's or an anatomy's, not a person's: "Hartmann's procedure", "Riedel's lobe".
#: A given name stays a name: "Tom's procedure is on Monday".
_EPONYM_AFTER = re.compile(
    r"['’]s?\s+(?:procedure|operation|lobe|capsule|sign|syndrome|disease|triad|criteria|classification|score|"
    r"ligament|pouch)\b",
    re.IGNORECASE,
)


def _eponym(text: str, identifier: Identifier) -> bool:
    return (
        identifier.kind == "NAME"
        and _EPONYM_AFTER.match(text, identifier.end) is not None
        and text[identifier.start : identifier.end].lower() not in word_list("given_names")
    )


#: One or two capitalised words right after a postcode, a comma between or not: "CAP 20121, Milano", "75011 Paris".
_TOWN_AFTER = re.compile(rf",?[ \t]+({_CAPITALISED}(?:[ -]{_CAPITALISED})?)\b")


def _towns_after_postcodes(text: str, found: list[Identifier]) -> list[Identifier]:
    """The town typed right after a postcode (continental addresses put it there), unless the words after it are
    no part of a name ("SW1A 1AA Thanks") or something else was found there."""
    towns = []
    for postcode in (f for f in found if f.kind == "POSTCODE"):
        after = _TOWN_AFTER.match(text, postcode.end)
        if after is None or any(_no_part_of_a_name(word) for word in after.group(1).split()):
            continue
        town = Identifier(after.start(1), after.end(1), "ADDRESS")
        if not any(town.overlaps(f) for f in found):
            towns.append(town)
    return towns


#: What the tagger may add. Dates and e-mails the rules find well, and the tagger took blood pressures ("124/78")
#: for dates and lab values for addresses.
_TAGGED_KINDS = ("NAME", "ADDRESS", "POSTCODE", "ID", "PHONE")
#: Kinds whose span found by a rule grows over the tagger's overlapping span: an address the rules found only in
#: part ("12 rue des Lilas" of "12 rue des Lilas, Bât. B") leaks the rest.
_GROWN_KINDS = ("NAME", "ADDRESS")


def _with_tagged(text: str, found: list[Identifier]) -> list[Identifier]:
    """``found`` with what the learned tagger (``pii_tagger.py``) finds, when it can be one (``_trimmed``,
    ``_could_be``, ``_named_as_a_person``; a town after a postcode is an address piece): a span where no rule found
    anything is added; one overlapping a rule's span of its kind grows it, unless the growth would take in another
    identifier. In a message not in English only what holds a digit is taken (``_could_be_in_another_language``)."""
    tagged = [
        _town_after_postcode(text, t, found)
        for t in map(partial(_trimmed, text), shipped_tagger().identifiers(text))
        if t is not None
        and t.kind in _TAGGED_KINDS
        and _could_be(text[t.start : t.end], t.kind)
        and (t.kind != "NAME" or _named_as_a_person(text, t))
    ]
    if tagged and not detect_language(text).english:
        tagged = [t for t in tagged if _could_be_in_another_language(text[t.start : t.end])]
    grown = []
    for identifier in found:
        for t in tagged:
            if t.kind == identifier.kind in _GROWN_KINDS and t.overlaps(identifier):
                wider = Identifier(
                    min(identifier.start, t.start), max(identifier.end, t.end), identifier.kind
                )
                if not any(wider.overlaps(f) for f in found if f != identifier):
                    identifier = wider
        grown.append(identifier)
    return grown + [t for t in tagged if not any(t.overlaps(f) for f in grown)]


def _could_be_in_another_language(span: str) -> bool:
    """The tagger learnt English: in another language most words are rare in English, and it took words of a third
    of the multilingual set's messages for names ("Mein Vater hat gerade einen [NAME] erbrochen"), so the nurse
    could not read them. What holds a digit (a house number, a phone or ID number) is still taken."""
    return re.search(r"\d", span) is not None


_SPAN_WORD = re.compile(r"\S+")


def _town_after_postcode(text: str, tagged: Identifier, found: list[Identifier]) -> Identifier:
    """A name the tagger finds right after a postcode is the town of the address ("CAP 20121, Milano")."""
    after_postcode = any(
        f.kind == "POSTCODE" and f.end <= tagged.start and not text[f.end : tagged.start].strip(", ")
        for f in found
    )
    return (
        Identifier(tagged.start, tagged.end, "ADDRESS")
        if tagged.kind == "NAME" and after_postcode
        else tagged
    )


#: Languages whose common words, run together in lower case, are a sentence rather than a name (Vietnamese
#: syllables are both: "minh anh").
_SENTENCE_LANGUAGES = ("pl", "es", "it", "pt", "tr", "ro", "hu")
#: Zipf frequency of a common word there: "tiene" 6.2 in Spanish, "avuto" 5.5 in Italian; the Portuguese surname
#: "silva" 5.1 and the Turkish name "mehmet" 5.4 stay below.
_COMMON_ABROAD = 5.45


@cache
def _foreign_word(word: str) -> bool:
    """A lower-case word common in another language and far more common there than in English."""
    return word.islower() and max(zipf_frequency(word, language) for language in _SENTENCE_LANGUAGES) >= max(
        _COMMON_ABROAD, zipf_frequency(word, "en") + 1.0
    )


def _trimmed(text: str, tagged: Identifier) -> Identifier | None:
    """A tagged name without the relatives' words and titles before it ("mi madre Rosa" is "Rosa", "Tita Nena's" is
    "Nena's"); None when a word that is no part of a name is left in it ("mia madre", "started Percocet"), or when
    it is one lower-case word that is a verb form or a describing word (``_inflected``)."""
    if tagged.kind != "NAME":
        return tagged
    words = list(_SPAN_WORD.finditer(text, tagged.start, tagged.end))
    while words and _no_part_of_a_name(words[0].group()):
        words.pop(0)
    while (
        len(words) > 1
        and words[0].group()[0].isupper()
        and _foreign_word(words[-1].group())
        and words[-1].group() not in word_list("given_names")
    ):
        words.pop()  # "mi madre Rosa tiene metástasis": the sentence going on
    if not words or any(_no_part_of_a_name(word.group()) for word in words):
        return None
    if len(words) == 1 and words[0].group().islower() and _inflected(words[0].group()):
        return None  # "my husband snaps at me": what someone does or is
    if len(words) > 1 and all(_foreign_word(word.group()) for word in words):
        return None  # "mia madre ha avuto una crisi": a sentence in another language
    return Identifier(words[0].start(), words[-1].end(), "NAME")


#: After these a capitalised word is a thing or a place ("something called Budd-Chiari", "near Tarporley"); the
#: rules decide a person called so from the cue before ("my nurse is called Ngozi").
_THING_OR_PLACE_BEFORE = re.compile(r"\b(?:called|named|near)\s*$", re.IGNORECASE)
_WORD_AFTER = re.compile(r"\s*([^\W\d_]+)")


#: A lower-case modal before a verb is the verb phrase ("my dad will be there and my mum may come"), though "will",
#: "may" and "hope" are names in the labelled set ("hope deals with all the post").
_MODAL_BEFORE_A_VERB = re.compile(
    r"(?:will|may|can|must|might|shall)\s+(?:not\s+|never\s+|also\s+|just\s+|still\s+)?"
    r"(?:be|have|come|go|get|need|take|bring|call|ring|phone|text|email|see|do|drive|pick|stay|help|sign|collect|"
    r"meet|visit|let|know|try|want|ask)\b"
)


def _named_as_a_person(text: str, tagged: Identifier) -> bool:
    """Not after "called" or "near", not before a street kind or an institution ("Harley Street Clinic"), not a
    lower-case modal before a verb, and not before "=": '<img src=x onerror="…">' pasted into a question is markup,
    and the review page shows it as typed."""
    if text[tagged.end :].lstrip().startswith("=") or _MODAL_BEFORE_A_VERB.match(text, tagged.start):
        return False
    after = _WORD_AFTER.match(text, tagged.end)
    place = after is not None and (
        after.group(1).lower() in word_list("not_names") or re.fullmatch(STREET, after.group(1).lower())
    )
    return not place and _THING_OR_PLACE_BEFORE.search(text, 0, tagged.start) is None


_ROLE_OR_TITLE = re.compile(rf"(?:{_FAMILY}|{_RELATIVES}|{_CLINICIANS}|{_TITLES})\.?")
#: An ID or phone number the tagger finds has at least this many digits: "ALT 84", "x15" and "5mg" are none.
_NUMBER_DIGITS = 6
#: "B12 1st dose": an ordinal is no postcode's second half.
_ORDINAL = re.compile(r"\d(?:st|nd|rd|th)\b", re.IGNORECASE)


def _could_be(span: str, kind: str) -> bool:
    """A name holds a letter and no digit ("Diarrhoea x15"); an address a letter ("124/78, 130/82" is blood
    pressures); a postcode a digit and no ordinal; an ID or phone number six digits."""
    letter, digit = re.search(r"[^\W\d_]", span), re.search(r"\d", span)
    if kind in ("ID", "PHONE"):
        return len(re.findall(r"\d", span)) >= _NUMBER_DIGITS
    if kind == "POSTCODE":
        return digit is not None and not _ORDINAL.search(span)
    if kind == "ADDRESS":
        return letter is not None
    return letter is not None and digit is None


def _no_part_of_a_name(word: str) -> bool:
    lowered = re.sub(r"['’]s$", "", word.lower().strip(",;:.'’"))
    return (
        _never_a_name(word)
        or lowered in word_list("relatives_other_languages")
        or lowered in word_list("honorifics")
        or lowered in word_list("field_labels")
        or _ROLE_OR_TITLE.fullmatch(lowered) is not None
    )


def _whole_addresses(text: str, found: list[Identifier]) -> list[Identifier]:
    """Each address grown over the flat, building, town and postcode typed around its street, up to the
    identifiers beside it."""
    for identifier in [f for f in found if f.kind == "ADDRESS"]:
        if identifier not in found:
            continue  # taken into an address grown before it
        others = [f for f in found if f != identifier]
        start = address_start(text, identifier.start, 0)
        end = address_end(text, identifier.end, len(text))
        # An identifier the growth only half covers stops it; one it covers whole is part of the address.
        start = max([start] + [f.end for f in others if f.start < start < f.end <= identifier.start])
        end = _past_a_postcode_begun(text, end)
        end = min([end] + [f.start for f in others if identifier.end <= f.start < end < f.end])
        found = [f for f in others if not start <= f.start < f.end <= end]
        found.append(Identifier(start, end, "ADDRESS"))
    return found


_POSTCODE_PATTERN = re.compile(rf"\b(?:{_POSTCODE})\b")


def _past_a_postcode_begun(text: str, end: int) -> int:
    """An address's growth that stops inside a postcode ("…, Ballater AB35" of "Ballater AB35 5RL", the outward
    code read as a town's piece) takes the whole postcode: the rest would leak."""
    for postcode in _POSTCODE_PATTERN.finditer(text, max(0, end - 8), min(len(text), end + 9)):
        if postcode.start() < end < postcode.end():
            return postcode.end()
    return end


def _addresses_ending_in_postcodes(text: str, found: list[Identifier]) -> list[Identifier]:
    """A postcode ends an address: the street, house number and town typed before it belong to it, whatever the
    street's kind ("17 Jones Light, North Holly, S6 7LJ"), up to the identifier before it; a name read inside the
    street ("8 Marie Viaduct") is taken into the address."""
    for postcode in [f for f in found if f.kind == "POSTCODE"]:
        limit = max([0] + [f.end for f in found if f.end <= postcode.start and f.kind != "NAME"])
        start = address_before(text, postcode.start, limit)
        if start < postcode.start:
            found = [f for f in found if f != postcode and not start <= f.start < f.end <= postcode.start]
            found.append(Identifier(start, postcode.end, "ADDRESS"))
    return found


_EXTENSION = re.compile(r"(?i),?\s*(?:ext\.?|extension|x|poste)\s*\d{1,6}\b")
#: Up to two words or numbers typed right before an e-mail address said aloud: "sue marsh at btinternet dot com".
_SPOKEN_LOCAL_PART = re.compile(r"(?:\b(?:[A-Za-z]{1,12}|\d{1,4}) ){1,2}$")


def _with_spoken_local_parts(text: str, found: list[Identifier]) -> list[Identifier]:
    """Each e-mail address said aloud with the words of its local part typed apart before it: "email sue marsh at
    btinternet dot com" had only "marsh at btinternet dot com" taken, "liam b 66 at gmail dot com" only "66 at…"."""
    return [_with_spoken_local_part(text, identifier) for identifier in found]


def _with_spoken_local_part(text: str, identifier: Identifier) -> Identifier:
    """One identifier, grown back over its local part's words when it is an e-mail address said aloud."""
    if identifier.kind != "EMAIL" or " at " not in text[identifier.start : identifier.end].lower():
        return identifier
    match = _SPOKEN_LOCAL_PART.search(text, 0, identifier.start)
    words = match.group(0).split() if match else []
    while words and words[0].lower() in word_list("not_in_an_email"):
        words.pop(0)
    if not words:
        return identifier
    return Identifier(identifier.start - len(" ".join(words)) - 1, identifier.end, identifier.kind)


def _with_extensions(text: str, found: list[Identifier]) -> list[Identifier]:
    """Each phone number with the extension typed after it: "0113 496 0417 ext. 2231", "… x318", "… poste 22"."""
    return _grown_over(text, found, "PHONE", _EXTENSION)


def _house_numbers(text: str, found: list[Identifier]) -> list[Identifier]:
    """ "we're number 17", "the building is number 8": the house number given apart from a street found."""
    if not any(f.kind == "ADDRESS" for f in found):
        return []
    return [
        Identifier(start, end, "ADDRESS")
        for start, end in house_numbers(text)
        if not any(start < f.end and f.start < end for f in found)
    ]


_PARTNER = re.compile(
    rf"(?: (?:and|&) |, (?=(?:{_NAME})(?:,| and | & ))| \(['‘\"“])(?P<id>{_NAME}|{_WORD}(?= x|$))"
)


def _partners(text: str, found: list[Identifier]) -> list[Identifier]:
    """ "Oliwia and Kacper", "Liz and Robbie", "jo & dan x", "Farid, Omar and Youssef": the names listed after a
    found one; a nickname in brackets after it: "Salvatore ('Sally' to us)"."""
    partners: list[Identifier] = []
    names = [f for f in found if f.kind == "NAME"]
    while names:
        name = names.pop()
        match = _PARTNER.match(text, name.end)
        kept = _any_case_name(match.group("id")) if match else ""
        taken = [*found, *partners]
        if kept and not any(f.start < match.end() and match.start("id") < f.end for f in taken):
            partner = Identifier(match.start("id"), match.start("id") + len(kept), "NAME")
            partners.append(partner)
            names.append(partner)
    return partners


def scrub(text: str) -> str:
    """``text`` with names, addresses, dates, phone numbers, e-mails and ID numbers replaced by placeholders."""
    for identifier in reversed(find_identifiers(text)):
        text = f"{text[: identifier.start]}[{identifier.kind}]{text[identifier.end :]}"
    return text
