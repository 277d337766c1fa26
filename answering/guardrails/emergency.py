"""Red-flag symptoms and self-harm: checked first, because a person in danger needs help now, not a citation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from answering.guardrails.text import PatternList

EmergencyKind = Literal["self_harm", "medical"]


@dataclass(frozen=True)
class EmergencyFinding:
    kind: EmergencyKind
    evidence: str


def find_emergency(normalised: str) -> EmergencyFinding | None:
    """Self-harm always counts; a medical red flag counts unless the question is purely textbook framing.

    "Can liver metastases cause vomiting blood?" is education; "vomiting blood", "my dad is throwing up
    blood" or "what do I do, I'm vomiting blood" are not. Any first-person, relative or "right now" marker
    removes the exemption, so the exemption can only ever lower recall on third-person questions.
    """
    self_harm = PatternList.load("emergency_self_harm").first_match(normalised)
    if self_harm:
        return EmergencyFinding("self_harm", self_harm.group(0))
    medical = PatternList.load("emergency_medical").first_match(normalised) or _urgent_confusion(normalised)
    if medical is None or _is_textbook_question(normalised):
        return None
    return EmergencyFinding("medical", medical if isinstance(medical, str) else medical.group(0))


def _urgent_confusion(normalised: str) -> str | None:
    """Confusion with jaundice or fever (or sudden) may be liver failure or sepsis."""
    confusion = PatternList.load("confusion").first_match(normalised)
    if confusion and PatternList.load("confusion_companions").matches(normalised):
        return confusion.group(0)
    return None


def _is_textbook_question(normalised: str) -> bool:
    return PatternList.load("educational").matches(normalised) and not PatternList.load(
        "first_person"
    ).matches(normalised)
