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

import numpy as np

from answering.guardrails.emergency_classifier import EmergencyClassifier, EmergencyScore
from answering.guardrails.emergency_patterns import (
    EmergencyFinding,
    is_exempt_framing,
    pattern_category,
    without_negated,
)
from answering.guardrails.multilingual import find_multilingual_emergency
from answering.guardrails.text import HEAD_WORDS, PatternList, head_of

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


def sentences_of(text: str) -> list[str]:
    """The sentences and clauses of a message longer than the embedded head, worth scoring on their own.

    A message within ``HEAD_WORDS`` is embedded whole, so its sentences add little but time.
    """
    if len(text.split()) <= HEAD_WORDS:
        return []
    parts = [part.strip() for part in _SENTENCE_BREAK.split(text) if part and len(part.split()) >= 2]
    return parts[:MAX_SENTENCES] if len(parts) > 1 else []


def find_self_harm(normalised: str) -> EmergencyFinding | None:
    """Thoughts of self-harm or suicide decide alone, unless told as a textbook question, a plan or long past
    with nothing present (then the classifier, which sees the same pattern as a feature, decides)."""
    return _self_harm(without_negated(normalised), is_exempt_framing(normalised))


def find_fever_on_treatment(normalised: str) -> EmergencyFinding | None:
    """ "I have a high fever after chemo": the policy makes any fever now during treatment an emergency, with
    or without a number, so this does not wait for the classifier (which learned that numbers matter)."""
    return _fever_on_treatment(without_negated(normalised), is_exempt_framing(normalised))


def _self_harm(text: str, framed: bool) -> EmergencyFinding | None:
    """``text`` without reassuring negations; ``framed``: the message's framing exempts it."""
    match = PatternList.load("emergency/self_harm").first_match(text)
    if match is None or framed:
        return None
    return EmergencyFinding("self_harm", f"pattern: {match.group(0)!r}")


def _fever_on_treatment(text: str, framed: bool) -> EmergencyFinding | None:
    fever = PatternList.load("emergency/fever_now").first_match(text)
    if fever is None or not PatternList.load("emergency/on_treatment").matches(text) or framed:
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
        """For English text. Other languages' phrases are looked for too (a message may mix them), unless the
        framing exempts it ("suicidal" is Spanish as well as English)."""
        text, framed = without_negated(normalised), is_exempt_framing(normalised)
        found = (
            _self_harm(text, framed) or _fever_on_treatment(text, framed) or self._classified(text, framed)
        )
        if found or framed:
            return found
        return find_multilingual_emergency(text)

    def _classified(self, text: str, framed: bool) -> EmergencyFinding | None:
        whole = self._scores([text])[0]
        bar = FRAMED_THRESHOLD if framed else self.classifier.threshold
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
