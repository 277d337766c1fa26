"""Nurses' decisions on plain versions, as the answering side sees them: the latest one per source sentence.

The decisions live in the review database (``review.store``), so every app replica serves the same versions;
this module only reads them through ``DecisionSource`` (``answering.cached_read``: at most every ``refresh_s``
seconds, the last ones read kept in an outage). Before any read has succeeded nothing is known, and then no plain
version is served at all: a shipped version a nurse rejected must not come back because the database is down.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from answering.cached_read import CachedRead
from answering.sentences import comparable


class PlainDecision(StrEnum):
    APPROVED = "approved"
    REJECTED = "rejected"


@dataclass(frozen=True)
class NurseDecision:
    """The latest decision on the plain version of one source sentence (the sentence as the nurse saw it)."""

    source: str
    plain: str
    decision: PlainDecision
    reviewer: str  # the name the nurse gave
    decided_at: datetime
    signed_in_as: str | None = None  # the login it was made under (one login may be shared by a ward)


class DecisionsUnavailable(Exception):
    """The review database cannot be read now (locked, down); the message says why in one line, no SQL."""


class DecisionSource(Protocol):
    """``review.store.ReviewStore``, or a stand-in in the tests."""

    def plain_decisions(self) -> list[NurseDecision]: ...


Decisions = dict[str, NurseDecision]


def by_sentence(decisions: list[NurseDecision]) -> Decisions:
    """Source-sentence key (``comparable``) → its decision."""
    return {comparable(decision.source): decision for decision in decisions}


class CachedDecisions(CachedRead[Decisions]):
    """The latest decision per source sentence (``current()``), read again once ``refresh_s`` has passed."""

    def __init__(self, source: DecisionSource, refresh_s: float, rest_after_failure_s: float) -> None:
        super().__init__(
            lambda: by_sentence(source.plain_decisions()),
            "Nurses' plain-version decisions",
            DecisionsUnavailable,
            refresh_s,
            rest_after_failure_s,
        )
