"""The answer contract shared by the CLI, the web page, the eval runner and the review store."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, Field

#: The reason of the reply to a message over ``max_question_chars``: the page keeps such a message for editing.
TOO_LONG = "question too long"


class Route(StrEnum):
    """Exactly one route per answer (see DESIGN.md)."""

    ANSWERED = "answered"
    CARE_TEAM = "care_team"
    EMERGENCY = "emergency"
    OUT_OF_SCOPE = "out_of_scope"


class Citation(BaseModel):
    """A numbered source for the sentence(s) marked ``[n]``; ``quote`` is verbatim source text."""

    n: int
    source: str
    title: str
    section: str
    chunk_id: str
    quote: str
    #: The approved plain-language version of the quote, when one is served (``answering/plain/``); the answer
    #: text then says this and the quote stays the verbatim source.
    plain: str | None = None


class GlossaryTerm(BaseModel):
    """A hard word of the answer with its plain definition (``corpus/glossary.json``)."""

    term: str
    definition: str


class ChatTurn(BaseModel):
    """One message of the conversation history."""

    role: str
    content: str


def as_turns(history: Sequence[ChatTurn | dict]) -> list[ChatTurn]:
    """Accept history as ``ChatTurn`` objects or ``{role, content}`` dicts (the eval JSONL shape)."""
    return [turn if isinstance(turn, ChatTurn) else ChatTurn(**turn) for turn in history]


class ReviewedMark(BaseModel):
    """Says an answer is one the care team reviewed (``answering.reviewed``), and when."""

    id: int
    reviewed_at: datetime


def with_note(note: str, text: str) -> str:
    """An answer as the patient read it: the note said before it (``Answer.note``), if any, then the answer."""
    return f"{note}\n\n{text}" if note else text


class Answer(BaseModel):
    """What the pipeline returns for one patient turn."""

    route: Route
    text: str
    #: Said before an answer to a message that told of someone's own case: the assistant cannot speak to that case,
    #: and something new or worse is for the care team today. Not a claim, so it carries no citation.
    note: str = ""
    citations: list[Citation] = Field(default_factory=list)
    glossary: list[GlossaryTerm] = Field(default_factory=list)
    reviewed: ReviewedMark | None = None
    standalone_question: str = ""
    generator: str = ""
    reason: str = ""
    retrieved_ids: list[str] = Field(default_factory=list)
    timings_ms: dict[str, float] = Field(default_factory=dict)

    @property
    def shown_text(self) -> str:
        """The reply as the patient reads it: the note, then the answer."""
        return with_note(self.note, self.text)

    def as_contract(self) -> dict:
        """The ``{route, answer, note, citations}`` shape of the CLI's ``--json`` and the eval runner."""
        return {
            "route": self.route.value,
            "answer": self.text,
            "note": self.note,
            "citations": [c.model_dump() for c in self.citations],
        }
