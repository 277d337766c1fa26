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
    citations: Mapped[list] = mapped_column(JSON, default=list)
    generator: Mapped[str] = mapped_column(String(64), default="")
    latency_ms: Mapped[float | None] = mapped_column(Float, nullable=True)

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

    turn: Mapped[Turn] = relationship(back_populates="verdicts")
