"""Nurses' decisions on plain versions, as the answering side sees them: the latest one per source sentence.

The decisions live in the review database (``review.store``), so every app replica serves the same versions;
this module only reads them through ``DecisionSource``, at most every ``refresh_s`` seconds, so a patient's
answer does not wait on the database. A failed read keeps what was last read and rests before trying again;
before any read has succeeded nothing is known, and then no plain version is served at all: a shipped version a
nurse rejected must not come back because the database is down.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from time import monotonic
from typing import Protocol

from answering.sentences import comparable

log = logging.getLogger(__name__)


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


class CachedDecisions:
    """The decisions, read again once ``refresh_s`` has passed (``rest_after_failure_s`` after a failed read)."""

    def __init__(self, source: DecisionSource, refresh_s: float, rest_after_failure_s: float) -> None:
        self.source = source
        self.refresh_s = refresh_s
        self.rest_after_failure_s = rest_after_failure_s
        self._known: Decisions | None = None
        self._next_read = 0.0

    def current(self) -> Decisions | None:
        """The latest decision per source sentence; None while none could be read yet."""
        if monotonic() < self._next_read:
            return self._known
        try:
            self._known = by_sentence(self.source.plain_decisions())
            self._next_read = monotonic() + self.refresh_s
        except DecisionsUnavailable as error:  # locked or down: expected in an outage, one line is enough
            log.warning("Nurses' plain-version decisions unavailable (%s); keeping the last ones read", error)
            self._next_read = monotonic() + self.rest_after_failure_s
        except Exception:
            log.exception("Reading nurses' plain-version decisions failed; keeping the last ones read")
            self._next_read = monotonic() + self.rest_after_failure_s
        return self._known
