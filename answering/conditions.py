"""Which condition a question asks about, and whether the answer's sources are about that condition.

"How is lung cancer treated?" must not be answered with the sentence that a colon cancer which spread to the
liver is still treated as colon cancer: the question's condition is lung cancer, and nothing cited is about
it. A condition counts as covered when the cited sentences or their documents' titles and sections name it.
Questions about liver metastases themselves (the product's subject, however a patient words it) are never
held back here; the patterns are in ``conditions.json``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from answering.schema import Citation
from answering.sentences import words_only

CONDITIONS_PATH = Path(__file__).resolve().parent / "conditions.json"
#: A head word alone says no more than "a disease": "what causes cancer?" is not a question about another one.
_GENERIC = {
    "cancer",
    "cancers",
    "tumor",
    "tumors",
    "tumour",
    "tumours",
    "disease",
    "diseases",
    "metastases",
    "metastasis",
    "mets",
    "syndrome",
    "infection",
    "infections",
    "carcinoma",
}


@dataclass(frozen=True)
class ConditionPatterns:
    condition: re.Pattern[str]
    skip_words: re.Pattern[str]
    about_liver_metastases: re.Pattern[str]
    other_liver_conditions: re.Pattern[str]
    #: Each word naming where a cancer began → all the words naming that site ("bowel" → "colorectal", …).
    primary_sites: dict[str, frozenset[str]]


@cache
def _patterns(path: Path = CONDITIONS_PATH) -> ConditionPatterns:
    rows = json.loads(path.read_text(encoding="utf-8"))
    return ConditionPatterns(
        re.compile(rows["condition"]),
        re.compile(rows["skip_words"]),
        re.compile(rows["about_liver_metastases"]),
        re.compile(rows["other_liver_conditions"]),
        {word: frozenset(group) for group in rows["primary_sites"] for word in group},
    )


def conditions_asked(question: str) -> list[str]:
    """The condition phrases a question names ("lung cancer", "kidney stones"), a leading filler word dropped."""
    patterns = _patterns()
    phrases = []
    for match in patterns.condition.finditer(question.lower().replace("’", "'")):
        words = match.group(1).split()
        if len(words) > 1 and patterns.skip_words.match(words[0]):
            words.pop(0)
        phrases.append(" ".join(words))
    return phrases


def uncovered_condition(question: str, answer: str, citations: list[Citation]) -> str | None:
    """The condition the question asks about when nothing cited names it, or None.

    None when the question names no particular condition, speaks of the liver or of cancer that has spread
    (the product's subject, however a patient words it), or when any condition it names appears in the answer
    or in a cited document's title or section.
    """
    phrases = particular_conditions(question)
    if not phrases:
        return None
    cited = " ".join([answer, *(f"{c.title} {c.section}" for c in citations)]).lower()
    if names_any(cited, phrases) or names_any(cited, _contrasted(question, phrases)):
        return None
    return phrases[0]


#: "primary liver cancer" set against the subject is spoken to by "…still treated as colorectal cancer, not liver cancer".
_PRIMARY = re.compile(r"^primary ")


def _contrasted(question: str, phrases: list[str]) -> list[str]:
    """The other liver diseases a question sets against the materials' subject ("secondary liver cancer same
    treatment as primary liver cancer?"), as an answer contrasting the two names them: without "primary"."""
    rest = question.lower()
    for phrase in phrases:
        rest = re.sub(name_pattern(phrase), " ", rest)
    if not names_the_subject(rest):
        return []
    return [_PRIMARY.sub("", phrase) for phrase in phrases if _PRIMARY.match(phrase)]


def particular_conditions(question: str) -> list[str]:
    """The particular conditions a question names; none when it speaks of the liver or of cancer that spread,
    unless it names another disease of the liver ("How is primary liver cancer treated?", "cirrhosis of the
    liver"): then that disease, whole, is the condition asked."""
    lowered = question.lower()
    other_liver = [match.group(0) for match in _patterns().other_liver_conditions.finditer(lowered)]
    if other_liver:
        return list(dict.fromkeys(other_liver))
    return [] if names_the_subject(question) else _named_particularly(question)


def conditions_besides_the_subject(question: str) -> list[str]:
    """The particular conditions a question names other than liver metastases, even beside them ("breast cancer"
    in "survival when breast cancer spreads to the liver")."""
    return [phrase for phrase in _named_particularly(question) if not names_the_subject(phrase)]


def _named_particularly(question: str) -> list[str]:
    """The condition phrases a question names, but a bare "cancer" or "tumour"."""
    return [phrase for phrase in conditions_asked(question) if " " in phrase or phrase not in _GENERIC]


def names_the_subject(question: str) -> bool:
    """Whether the question speaks of the liver or of cancer that has spread, however a patient words it."""
    return _patterns().about_liver_metastases.search(question.lower()) is not None


def names_any(text: str, phrases: list[str]) -> bool:
    return any(_names(text, phrase) for phrase in phrases)


def _names(text: str, phrase: str) -> bool:
    return re.search(name_pattern(phrase), text) is not None


def name_pattern(phrase: str) -> str:
    """A regular expression for ``phrase`` as whole words, singular or plural ("kidney stone" / "stones")."""
    return rf"\b{name_words(phrase, ' ')}\b"


def name_words(phrase: str, gap: str) -> str:
    """``phrase``'s words, the last singular or plural, with ``gap`` (a regular expression) between them."""
    *first, last = phrase.split(" ")
    return gap.join([*map(re.escape, first), re.escape(last.rstrip("s")) + "(s|es)?"])


#: A question asking across cancers ("apart from bowel cancer, what other cancers…?", "which cancers spread to the
#: liver?"): it names a site without asking about that one alone.
_ACROSS_CANCERS = re.compile(
    r"\b(apart from|besides|other than|except|other|which|what|types? of|kinds? of)"
    r" (\w+ )?(cancers|tumou?rs|primaries|primary cancers)\b"
)


def primary_sites_asked(question: str) -> frozenset[str]:
    """The words for where a cancer began that the question asks about ("breast" in "what share of breast cancer
    patients get liver metastases?", with its group); none when it asks across cancers."""
    lowered = question.lower()
    if _ACROSS_CANCERS.search(lowered):
        return frozenset()
    return sites_named(lowered)


_SET_ASIDE = re.compile(r"\b(?:besides|other than|apart from|aside from|except(?: for)?)((?: [\w-]+){1,3})")


def primary_sites_set_aside(question: str) -> frozenset[str]:
    """The sites a question asks about everything but: "colon" (with its group) in "what other cancers besides
    colon go to the liver?"."""
    return frozenset().union(*(sites_named(m.group(1)) for m in _SET_ASIDE.finditer(question.lower())))


def names_another_primary_only(sentence: str, asked: frozenset[str]) -> bool:
    """Whether ``sentence`` names where some cancer began and none of the ``asked`` sites: "about half of all
    patients with colorectal cancer develop liver metastases" does not say how many with stomach cancer do;
    "cancers of the colon, stomach and pancreas often spread to the liver" speaks of stomach cancer, and a sentence
    naming no site speaks of any."""
    named = sites_named(sentence)
    return bool(named) and not named & asked


def names_only_sites(sentence: str, sites: frozenset[str]) -> bool:
    """Whether ``sentence`` names where some cancer began and only among ``sites``: "Colorectal cancer is the most
    common primary tumor…" names only the colon group; a sentence naming no site names none of them."""
    named = sites_named(sentence)
    return bool(named) and named <= sites


def sites_named(text: str) -> frozenset[str]:
    """The words for where a cancer began that ``text`` names, each with its group."""
    sites = _patterns().primary_sites
    return frozenset(word for token in words_only(text).split() for word in sites.get(token, ()))
