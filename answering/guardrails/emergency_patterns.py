"""The emergency pattern lists (``patterns/emergency/``) read as a whole: which category's red flags a message
holds, whether it is framed as a textbook question, a plan or something long past, and the reassuring negations
cut before anything reads it. Shared by the detector (``emergency.py``) and its training.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from answering.guardrails.text import PATTERNS_DIR, PatternList
from answering.list_files import word_replacer

#: Self-harm first: its reply (the crisis line) must win over any medical reading of the same message.
EMERGENCY_CATEGORIES = (
    "self_harm",
    "overdose_poisoning",
    "bleeding",
    "breathing",
    "unresponsive",
    "chest_pain",
    "stroke",
    "seizure",
    "allergic_reaction",
    "fever_chemo",
    "abdominal",
    "confusion_jaundice",
    "dehydration",
)
#: What ``planned_for`` returns for a danger sign a plan names that no category's red-flag list holds.
PLAN_SIGN = "danger_sign"
#: Categories whose pattern needs a companion sign: confusion alone is often "confused about my options".
NEEDS_COMPANION = {"confusion_jaundice": "emergency/confusion_companions"}


@dataclass(frozen=True)
class EmergencyFinding:
    """``category`` is one of ``EMERGENCY_CATEGORIES``, a deciding list's (``emergency.DECISIVE_LISTS``) or
    ``medical`` (another language's phrase); ``evidence`` says what decided (shown to nurses)."""

    category: str
    evidence: str


def _patterns(category: str) -> PatternList:
    return PatternList.load(f"emergency/{category}")


def pattern_category(normalised: str) -> tuple[str, str] | None:
    """The first category (in ``EMERGENCY_CATEGORIES`` order) whose red-flag pattern matches, with the match.

    Reassuring negations ("no fever", "temperature 36.8") are cut out first.
    """
    return _first_category(without_negated(normalised))


def _first_category(text: str) -> tuple[str, str] | None:
    for category in EMERGENCY_CATEGORIES:
        match = _patterns(category).first_match(text)
        if match is None:
            continue
        companion = NEEDS_COMPANION.get(category)
        if companion and not PatternList.load(companion).matches(text):
            continue
        return category, match.group(0)
    return None


def is_exempt_framing(normalised: str) -> bool:
    """Textbook ("can liver mets cause bleeding?"), planning ("what should I do if…"), over-and-done framing, or
    a medicine's warning or screening question ("the leaflet says it may cause suicidal thoughts").

    Never exempt when anything says it is happening now, or when the asker, a relative or "he / she" is in a
    textbook question ("what is happening to me, I'm vomiting blood"). "Fine now" is not "now": resolved
    phrases are cut before the present check.
    """
    resolved = PatternList.load("emergency/resolved")
    if PatternList.load("emergency/present").matches(resolved.strip(normalised)[0]):
        return False
    textbook = PatternList.load("emergency/educational").matches(normalised) and not any(
        PatternList.load(name).matches(normalised) for name in ("first_person", "emergency/someone")
    )
    return (
        textbook
        or any(
            PatternList.load(f"emergency/{name}").matches(normalised)
            for name in ("hypothetical", "past", "warning")
        )
        or resolved.matches(normalised)
    )


def asks_if_normal(normalised: str) -> bool:
    """ "Is it normal to…?", "should I worry…?": asked of what the asker lives, so a red flag in it is a disclosure,
    not a textbook question (``asks_if_normal.txt``)."""
    return PatternList.load("emergency/asks_if_normal").matches(normalised)


def is_distanced(normalised: str) -> bool:
    """Anything that puts the message's red flag at a distance from now: long past or over, denied, a plan or a
    textbook question, a form, a course or the news (``distanced.txt`` and the framing lists), unless something
    puts it in the next hours (``imminent.txt``). A "now" elsewhere does not count ("I'm 52 now").

    A treatment dated in the last days or weeks (``treatment_dated.txt``: "had chemo last week") dates the
    treatment, not the red flag: it is cut out first.

    Broad on purpose: it never exempts alone. A self-harm or fever pattern in a distanced message stands only if
    the learned detector does not rule the emergency out (``emergency.py``). A question whether it is normal
    (``asks_if_normal``) is not a textbook question here: it asks about what the asker lives.
    """
    textbook = () if asks_if_normal(normalised) else ("educational",)
    normalised = PatternList.load("emergency/treatment_dated").strip(normalised)[0]
    return not PatternList.load("emergency/imminent").matches(normalised) and any(
        PatternList.load(f"emergency/{name}").matches(normalised)
        for name in ("distanced", "past", "resolved", "hypothetical", "warning", *textbook)
    )


def planned_for(normalised: str) -> str | None:
    """The red-flag category a message asks what to do about should it happen ("what do I do if he has a
    seizure?", "what should I do if I feel suicidal?", "if he collapses do I call 999?"), ``PLAN_SIGN`` for a
    danger sign too loose for the red-flag lists ("who do we call if the drain site bleeds?", ``plan_signs.txt``),
    or None.

    Read after the detector found no emergency now: the care-team reply then says what to do if it happens, where
    "bring it to your next visit" would be the wrong advice (``router.PLAN_TEMPLATES``)."""
    if not PatternList.load("emergency/asks_what_to_do_if").matches(normalised):
        return None
    found = pattern_category(normalised)
    if found:
        return found[0]
    return (
        PLAN_SIGN if PatternList.load("emergency/plan_signs").matches(without_negated(normalised)) else None
    )


def without_negated(normalised: str) -> str:
    """The message with reassuring negations cut out ("no fever", "not suicidal"): what the checks read. A denial
    taken back ("I said I wasn't suicidal, that's not true") reassures no one: nothing is cut."""
    if PatternList.load("emergency/retracted").matches(normalised):
        return normalised
    return PatternList.load("emergency/negated").strip(normalised)[0]


@cache
def _misspellings() -> Callable[[str], str]:
    return word_replacer(PATTERNS_DIR / "emergency" / "misspellings.tsv")


def respelled(normalised: str) -> str:
    """Red-flag words as they are spelt ("cnt breth" → "cant breathe"): the detector's word pieces miss typos."""
    return _misspellings()(normalised)
