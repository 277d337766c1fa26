"""Clearly non-health questions (weather, sports, code): conservative, the retrieval threshold catches the rest."""

from __future__ import annotations

from answering.guardrails.text import PatternList

#: A long message is rarely pure small talk; leave it to the classifier and the retrieval threshold.
MAX_WORDS = 40


def is_off_topic(normalised: str) -> bool:
    """A short message on an off-topic subject without a single health word ("golf after surgery?" stays in)."""
    return (
        len(normalised.split()) <= MAX_WORDS
        and PatternList.load("off_topic").matches(normalised)
        and not PatternList.load("health_terms").matches(normalised)
    )
