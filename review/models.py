"""Database tables of the review store. Rows are only ever added, never updated: an audit trail."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utc_now() -> datetime:
    """Naive UTC: SQLite drops time zones, so every time in the store is UTC without one."""
    return datetime.now(UTC).replace(tzinfo=None)


class Action(StrEnum):
    """What a nurse can decide about a turn."""

    APPROVE = "approve"
    CORRECT = "correct"
    FLAG_UNSAFE = "flag_unsafe"


class Base(DeclarativeBase):
    pass


class Turn(Base):
    """One patient question and the answer the assistant gave (patient text already scrubbed of PII)."""

    __tablename__ = "turns"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now, index=True)
    session_id: Mapped[str] = mapped_column(String(64), default="", index=True)
    question: Mapped[str] = mapped_column(Text)
    history: Mapped[list] = mapped_column(JSON, default=list)
    standalone_question: Mapped[str] = mapped_column(Text, default="")
    route: Mapped[str] = mapped_column(String(32), index=True)
    answer: Mapped[str] = mapped_column(Text)
    #: Said before the answer (``Answer.note``): kept apart, so a reviewed answer or a reference answer made from
    #: the turn is the cited answer alone, never a note about one patient's case.
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    citations: Mapped[list] = mapped_column(JSON, default=list)
    generator: Mapped[str] = mapped_column(String(64), default="")
    latency_ms: Mapped[float | None] = mapped_column(Float, nullable=True)
    #: The reviewed answer this turn was given, when it came from the library rather than the pipeline (no
    #: foreign key: reviewed answers point at turns, and a cycle of keys cannot be created on every database).
    reviewed_answer_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    #: Set on every new turn: a turn stored from the spool (``review/spool.py``) is recognised by it and never
    #: stored twice.
    spool_key: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)

    feedback: Mapped[list[Feedback]] = relationship(back_populates="turn", order_by="Feedback.id")
    verdicts: Mapped[list[Verdict]] = relationship(back_populates="turn", order_by="Verdict.id")


class Feedback(Base):
    """A patient's thumb, comment or request that a nurse look at an answer."""

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    turn_id: Mapped[int] = mapped_column(ForeignKey("turns.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
    thumb: Mapped[str | None] = mapped_column(String(8), nullable=True)
    comment: Mapped[str | None] = mapped_column(Text, nullable=True)
    flagged: Mapped[bool] = mapped_column(Boolean, default=False)

    turn: Mapped[Turn] = relationship(back_populates="feedback")


class Verdict(Base):
    """A nurse's decision about a turn; a later verdict supersedes an earlier one without erasing it."""

    __tablename__ = "verdicts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    turn_id: Mapped[int] = mapped_column(ForeignKey("turns.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
    reviewer: Mapped[str] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(16))
    corrected_text: Mapped[str | None] = mapped_column(Text, nullable=True)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    #: For a correction, the reply the question should have had: a ``Route`` value (answered, out_of_scope…).
    right_route: Mapped[str | None] = mapped_column(String(16), nullable=True)
    #: The login the verdict was given under (``reviewer`` is the name the nurse typed: one login may be shared).
    signed_in_as: Mapped[str | None] = mapped_column(String(128), nullable=True)

    turn: Mapped[Turn] = relationship(back_populates="verdicts")


class LibraryChange(StrEnum):
    """What can happen to a reviewed answer after it enters the library."""

    RETIRED = "retired"  # a nurse took it out
    INVALIDATED = "invalidated"  # a sentence it cites is no longer in the materials
    RETURNED = "returned"  # a patient's thumbs-down or flag on a turn it answered


class ReviewedAnswer(Base):
    """An answer a nurse approved or corrected: the next patient who asks the same question gets it."""

    __tablename__ = "reviewed_answers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
    turn_id: Mapped[int] = mapped_column(ForeignKey("turns.id"), index=True)
    verdict_id: Mapped[int] = mapped_column(ForeignKey("verdicts.id"))
    reviewer: Mapped[str] = mapped_column(String(128))
    question: Mapped[str] = mapped_column(Text)  # the standalone question it answers
    answer: Mapped[str] = mapped_column(Text)
    citations: Mapped[list] = mapped_column(JSON, default=list)

    changes: Mapped[list[LibraryEvent]] = relationship(order_by="LibraryEvent.id")


class LibraryEvent(Base):
    """A change to a reviewed answer (``LibraryChange``); the answer stays, the event says it is out."""

    __tablename__ = "library_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
    reviewed_answer_id: Mapped[int] = mapped_column(ForeignKey("reviewed_answers.id"), index=True)
    change: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text)
    by: Mapped[str] = mapped_column(String(128))


class PlainVersionDecision(Base):
    """A nurse's decision (``PlainDecision``: approved, rejected) on the plain version of one source sentence; the
    latest for a sentence counts, the earlier ones are its audit trail."""

    __tablename__ = "plain_version_decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
    source: Mapped[str] = mapped_column(Text)  # the source sentence as the plain file held it
    plain: Mapped[str] = mapped_column(Text)
    decision: Mapped[str] = mapped_column(String(16))
    reviewer: Mapped[str] = mapped_column(String(128))
    #: The login the decision was made under (``reviewer`` is the name the nurse typed: one login may be shared).
    signed_in_as: Mapped[str | None] = mapped_column(String(128), nullable=True)


class GlossaryDefinition(Base):
    """A nurse's definition of a glossary term; the latest for a term is what patients read, the earlier ones are
    its audit trail (the shipped definition stays in ``corpus/glossary.json``)."""

    __tablename__ = "glossary_definitions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
    term: Mapped[str] = mapped_column(String(128), index=True)
    definition: Mapped[str] = mapped_column(Text)
    reviewer: Mapped[str] = mapped_column(String(128))
    #: The login the definition was saved under (``reviewer`` is the name the nurse typed).
    signed_in_as: Mapped[str | None] = mapped_column(String(128), nullable=True)
