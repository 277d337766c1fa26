"""The library of reviewed answers as the answering side sees it: find the one for a question, if any.

The entries live in the review database (``review.store``), so every app replica serves the same library; this
module only reads them through ``LibrarySource``. An entry is served only while every sentence it cites is still
in the materials: if an ingest changed or removed one, the entry goes back to the nurses with the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from time import monotonic
from typing import Protocol

from answering.glossary import GlossaryEntry
from answering.reviewed.matching import (
    MATCH_THRESHOLD,
    Embedder,
    QuestionKey,
    asked_keys,
    best_match,
    question_keys,
)
from answering.schema import Citation

#: The ``LibrarySource.change`` an entry gets when a sentence it cites is gone.
INVALIDATED = "invalidated"
#: After a failed read the library is not asked again for this long (the app uses ``REVIEW_SPOOL_RETRY_S``): while
#: the review database is locked or down, every question would otherwise wait out the database's timeout first.
REST_AFTER_FAILURE_S = 30.0


class LibraryUnavailable(Exception):
    """The review database cannot be read now (locked, down); the message says why in one line, no SQL."""


@dataclass(frozen=True)
class ReviewedEntry:
    id: int
    question: str  # the standalone question the nurse reviewed
    answer: str
    citations: list[Citation]
    reviewed_at: datetime


class LibrarySource(Protocol):
    """``review.store.ReviewStore``, or a stand-in in the tests."""

    def reviewed_answers(self) -> list[ReviewedEntry]: ...

    def change_reviewed_answer(self, reviewed_id: int, change: str, reason: str, by: str) -> int: ...


class ReviewedLibrary:
    """Finds the reviewed answer for a standalone question. Entries never change once written (an edit is a new
    entry), so each one's key is computed once per process."""

    def __init__(
        self,
        source: LibrarySource,
        embed: Embedder,
        glossary: tuple[GlossaryEntry, ...],
        still_quoted: Callable[[Citation], bool],
        threshold: float = MATCH_THRESHOLD,
        rest_after_failure_s: float = REST_AFTER_FAILURE_S,
    ) -> None:
        self.source = source
        self.embed = embed
        self.glossary = glossary
        self.still_quoted = still_quoted
        self.threshold = threshold
        self.rest_after_failure_s = rest_after_failure_s
        self._keys: dict[int, QuestionKey] = {}
        self._resting_until = 0.0

    def find(self, question: str, previous: str | None = None) -> ReviewedEntry | None:
        """The entry for the message as asked, if any; None while resting after a failed read (which is raised).
        ``previous``: the earlier question a follow-up is read with (``matching.asked_keys``)."""
        if monotonic() < self._resting_until:
            return None
        try:
            entries = self.source.reviewed_answers()
        except Exception:
            self._resting_until = monotonic() + self.rest_after_failure_s
            raise
        if not entries:
            return None
        new = [entry for entry in entries if entry.id not in self._keys]
        for entry, key in zip(
            new, question_keys([e.question for e in new], self.embed, self.glossary), strict=True
        ):
            self._keys[entry.id] = key
        asked, before = asked_keys(question, previous, self.embed, self.glossary)
        keys = [self._keys[entry.id] for entry in entries]
        index = best_match(asked, keys, self.threshold, before)
        if index is None:
            return None
        entry = entries[index]
        gone = next((c for c in entry.citations if not self.still_quoted(c)), None)
        if gone is not None:
            reason = f"a cited sentence is no longer in {gone.source or gone.chunk_id}: {gone.quote[:120]!r}"
            self.source.change_reviewed_answer(entry.id, INVALIDATED, reason, "assistant")
            return None
        return entry
