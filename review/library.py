"""The reviewed-answer library in the review database: entries made from nurses' verdicts, and their changes.

An approval of an answered turn, or a correction whose right reply is an answer, adds an entry (the question,
the text, its citations). A correction keeps the citations its text still marks with ``[n]``; its other sentences
are the care team's own wording. Entries are never updated: retiring, invalidating or returning one adds a
``LibraryEvent``, and an entry with any event is out of the library.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from answering.reviewed.library import ReviewedEntry
from answering.schema import Citation, Route
from review.models import Action, LibraryChange, LibraryEvent, ReviewedAnswer, Turn, Verdict

_MARKER = re.compile(r"\[(\d+)\]")


def entry_from_verdict(turn: Turn, verdict: Verdict) -> ReviewedAnswer | None:
    """The library entry a verdict makes, or None (a flag, a reply that is not an answer, or a turn that was
    itself served from the library)."""
    if turn.reviewed_answer_id is not None:
        return None
    if verdict.action == Action.APPROVE and turn.route == Route.ANSWERED:
        text, citations = turn.answer, turn.citations
    elif (
        verdict.action == Action.CORRECT and verdict.right_route == Route.ANSWERED and verdict.corrected_text
    ):
        marked = {int(n) for n in _MARKER.findall(verdict.corrected_text)}
        text, citations = verdict.corrected_text, [c for c in turn.citations if c.get("n") in marked]
    else:
        return None
    return ReviewedAnswer(
        turn_id=turn.id,
        verdict_id=verdict.id,
        reviewer=verdict.reviewer,
        question=turn.standalone_question or turn.question,
        answer=text,
        citations=citations,
    )


def _unchanged():
    """No ``LibraryEvent`` has taken the entry out: it is in the library."""
    return ~exists().where(LibraryEvent.reviewed_answer_id == ReviewedAnswer.id)


def active_entries(session: Session) -> list[ReviewedEntry]:
    """Entries with no change recorded, oldest first."""
    rows = session.scalars(select(ReviewedAnswer).where(_unchanged()).order_by(ReviewedAnswer.id))
    return [
        ReviewedEntry(
            id=row.id,
            question=row.question,
            answer=row.answer,
            citations=[Citation(**c) for c in row.citations],
            reviewed_at=row.created_at,
        )
        for row in rows
    ]


def change_event(session: Session, reviewed_id: int, change: str, reason: str, by: str) -> LibraryEvent:
    if session.get(ReviewedAnswer, reviewed_id) is None:
        raise KeyError(f"No reviewed answer {reviewed_id}")
    if not reason.strip() or not by.strip():
        raise ValueError("A change to a reviewed answer needs a reason and who made it.")
    return LibraryEvent(
        reviewed_answer_id=reviewed_id,
        change=LibraryChange(change).value,
        reason=reason.strip(),
        by=by.strip(),
    )


@dataclass(frozen=True)
class LibraryRow:
    """An active entry as nurses see it on the review page."""

    id: int
    question: str
    answer: str
    reviewer: str
    reviewed_at: datetime
    times_served: int


def library_rows(session: Session) -> list[LibraryRow]:
    """Active entries, newest first, with how many turns each has answered."""
    served = (
        select(Turn.reviewed_answer_id, func.count().label("times"))
        .where(Turn.reviewed_answer_id.is_not(None))
        .group_by(Turn.reviewed_answer_id)
        .subquery()
    )
    query = (
        select(ReviewedAnswer, func.coalesce(served.c.times, 0))
        .outerjoin(served, served.c.reviewed_answer_id == ReviewedAnswer.id)
        .where(_unchanged())
        .order_by(ReviewedAnswer.id.desc())
    )
    return [
        LibraryRow(row.id, row.question, row.answer, row.reviewer, row.created_at, int(times))
        for row, times in session.execute(query)
    ]
