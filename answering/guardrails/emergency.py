"""Emergencies by situation: self-harm patterns, then a learned detector for the patient's own words.

Checked first, because a person in danger needs help now, not a citation. Red-flag patterns per category
(``patterns/emergency/``) feed the classifier (``emergency_classifier.json``), which reads what people actually
type at the worst moment ("he isn't waking up", "belly blew up overnight") and tells it from the same words in
a textbook question, a plan, an idiom or something long over. It scores every sentence as well as the whole
message, so an emergency in the third sentence of a long message is still found.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from answering.guardrails.emergency_classifier import EmergencyClassifier, EmergencyScore
from answering.guardrails.text import HEAD_WORDS, PatternList, head_of

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
#: Categories whose pattern needs a companion sign: confusion alone is often "confused about my options".
NEEDS_COMPANION = {"confusion_jaundice": "emergency/confusion_companions"}
#: A message is scored whole and sentence by sentence, up to this many sentences (each costs one embedding).
MAX_SENTENCES = 6
#: A sentence alone must be surer than the whole message: out of context, "I couldn't breathe" (from "we
#: laughed till I couldn't breathe") looks urgent. Measured on the labelled sets (``evals/results/safety``):
#: sentences add a few buried emergencies, and at the message threshold they tripled false alarms.
SENTENCE_THRESHOLD = 0.7
#: A message framed as a textbook question, a plan or something long past, with nothing saying it is
#: happening now, must be more likely an emergency than not ("why do people with liver mets turn yellow?").
FRAMED_THRESHOLD = 0.5
_SENTENCE_BREAK = re.compile(r"(?<=[.!?;])\s+|\s+(?:but|and then|also|oh and|btw)\s+|\n+")

Embedder = Callable[[list[str]], np.ndarray]


@dataclass(frozen=True)
class EmergencyFinding:
    """``category`` is one of ``EMERGENCY_CATEGORIES``; ``evidence`` says what decided (shown to nurses)."""

    category: str
    evidence: str


def _patterns(category: str) -> PatternList:
    return PatternList.load(f"emergency/{category}")


def pattern_category(normalised: str) -> tuple[str, str] | None:
    """The first category (in ``EMERGENCY_CATEGORIES`` order) whose red-flag pattern matches, with the match.

    Reassuring negations ("no fever", "temperature 36.8") are cut out first.
    """
    text = without_negated(normalised)
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
    """Textbook ("can liver mets cause bleeding?"), planning ("what should I do if…") or over-and-done framing.

    Never exempt when anything says it is happening now, or when the asker, a relative or "he / she" is in a
    textbook question ("what is happening to me, I'm vomiting blood").
    """
    if PatternList.load("emergency/present").matches(normalised):
        return False
    textbook = PatternList.load("emergency/educational").matches(normalised) and not any(
        PatternList.load(name).matches(normalised) for name in ("first_person", "emergency/someone")
    )
    return (
        textbook
        or PatternList.load("emergency/hypothetical").matches(normalised)
        or PatternList.load("emergency/past").matches(normalised)
    )


def sentences_of(text: str) -> list[str]:
    """The sentences and clauses of a message longer than the embedded head, worth scoring on their own.

    A message within ``HEAD_WORDS`` is embedded whole, so its sentences add little but time.
    """
    if len(text.split()) <= HEAD_WORDS:
        return []
    parts = [part.strip() for part in _SENTENCE_BREAK.split(text) if part and len(part.split()) >= 2]
    return parts[:MAX_SENTENCES] if len(parts) > 1 else []


def without_negated(normalised: str) -> str:
    """The message with reassuring negations cut out ("no fever", "not suicidal"): what the checks read."""
    return PatternList.load("emergency/negated").strip(normalised)[0]


def find_self_harm(normalised: str) -> EmergencyFinding | None:
    """Thoughts of self-harm or suicide decide alone, unless told as a textbook question, a plan or long past
    with nothing present (then the classifier, which sees the same pattern as a feature, decides)."""
    match = _patterns("self_harm").first_match(without_negated(normalised))
    if match is None or is_exempt_framing(normalised):
        return None
    return EmergencyFinding("self_harm", f"pattern: {match.group(0)!r}")


def find_fever_on_treatment(normalised: str) -> EmergencyFinding | None:
    """ "I have a high fever after chemo": the policy makes any fever now during treatment an emergency, with
    or without a number, so this does not wait for the classifier (which learned that numbers matter)."""
    text = without_negated(normalised)
    fever = PatternList.load("emergency/fever_now").first_match(text)
    if (
        fever is None
        or not PatternList.load("emergency/on_treatment").matches(text)
        or is_exempt_framing(normalised)
    ):
        return None
    return EmergencyFinding("fever_chemo", f"pattern: {fever.group(0)!r}")


def find_by_patterns(normalised: str) -> EmergencyFinding | None:
    """The red-flag patterns alone, with the exemptions: for text the classifier cannot read (not English)."""
    matched = pattern_category(normalised)
    if matched and not is_exempt_framing(normalised):
        return EmergencyFinding(matched[0], f"pattern: {matched[1]!r}")
    return None


class EmergencyDetector:
    """Self-harm and fever-on-treatment patterns decide alone; the rest is the classifier's, over the message
    and each sentence.

    The medical red-flag patterns are the classifier's features, not deciders: on their own they fire on
    "I laughed till I couldn't breathe" and "nearly had a heart attack at the parking fine".
    """

    def __init__(self, classifier: EmergencyClassifier, embed: Embedder) -> None:
        self.classifier = classifier
        self.embed = embed

    def find(self, normalised: str) -> EmergencyFinding | None:
        found = find_self_harm(normalised) or find_fever_on_treatment(normalised)
        if found:
            return found
        text = without_negated(normalised)
        whole = self._scores([text])[0]
        bar = FRAMED_THRESHOLD if is_exempt_framing(normalised) else self.classifier.threshold
        if whole.probability >= bar:
            return EmergencyFinding(whole.category, f"classifier p={whole.probability:.2f} (message)")
        sentences = sentences_of(text)  # only now: each costs an embedding
        bar = max(bar, SENTENCE_THRESHOLD)
        for index, score in enumerate(self._scores(sentences) if sentences else [], start=1):
            if score.probability >= bar:
                return EmergencyFinding(
                    score.category, f"classifier p={score.probability:.2f} (sentence {index})"
                )
        return None

    def _scores(self, texts: list[str]) -> list[EmergencyScore]:
        return self.classifier.scores(texts, self.embed([head_of(text) for text in texts]))
