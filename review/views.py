"""Plain, session-free views of stored rows, for the review page and the exports."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from answering.schema import with_note
from review.models import Action, Turn, Verdict


@dataclass(frozen=True)
class FeedbackView:
    created_at: datetime
    thumb: str | None
    comment: str | None
    flagged: bool


@dataclass(frozen=True)
class VerdictView:
    id: int
    turn_id: int
    created_at: datetime
    reviewer: str
    action: Action
    corrected_text: str | None
    reason: str | None
    right_route: str | None = None
    signed_in_as: str | None = None


@dataclass(frozen=True)
class TurnView:
    """A stored turn with everything said about it, detached from the database session."""

    id: int
    created_at: datetime
    session_id: str
    question: str
    history: list[dict]
    standalone_question: str
    route: str
    answer: str
    citations: list[dict]
    generator: str
    latency_ms: float | None
    feedback: list[FeedbackView] = field(default_factory=list)
    verdicts: list[VerdictView] = field(default_factory=list)
    reviewed_answer_id: int | None = None  # the library entry it was given, if any
    note: str = ""  # said before the answer (``Answer.note``)

    @property
    def shown_answer(self) -> str:
        """The reply as the patient read it: the note, then the answer."""
        return with_note(self.note, self.answer)

    @property
    def latest_verdict(self) -> VerdictView | None:
        return self.verdicts[-1] if self.verdicts else None

    @property
    def flagged(self) -> bool:
        return any(f.flagged for f in self.feedback)

    @property
    def thumbs_down(self) -> bool:
        return any(f.thumb == "down" for f in self.feedback)


def verdict_view(row: Verdict) -> VerdictView:
    return VerdictView(
        row.id,
        row.turn_id,
        row.created_at,
        row.reviewer,
        Action(row.action),
        row.corrected_text,
        row.reason,
        row.right_route,
        row.signed_in_as,
    )


def turn_view(row: Turn) -> TurnView:
    return TurnView(
        id=row.id,
        created_at=row.created_at,
        session_id=row.session_id,
        question=row.question,
        history=list(row.history or []),
        standalone_question=row.standalone_question,
        route=row.route,
        answer=row.answer,
        citations=list(row.citations or []),
        generator=row.generator,
        latency_ms=row.latency_ms,
        feedback=[FeedbackView(f.created_at, f.thumb, f.comment, f.flagged) for f in row.feedback],
        verdicts=[verdict_view(v) for v in row.verdicts],
        reviewed_answer_id=row.reviewed_answer_id,
        note=row.note or "",
    )
