"""Small stand-ins for the pipeline and the PII scrubber, for fast web-page and review-store tests."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from answering.schema import Answer, ChatTurn, Citation, Route

TACE_QUOTE = "TACE delivers chemotherapy directly into the artery feeding the tumour, then blocks it."
TACE_CITATION = Citation(
    n=1,
    source="liver-metastases.md",
    title="Liver Metastases",
    section="Local therapies",
    chunk_id="liver-metastases#local-therapies:0",
    quote=TACE_QUOTE,
)
CARE_TEAM_TEXT = "That is a question about your own care, so your care team is the best place to ask."
NOT_COVERED_TEXT = "My materials don't cover that. Please ask your care team."


class SignedInRequest:
    """A review page request signed in as "nurse" (what a desk's handler reads of ``gr.Request``)."""

    username = "nurse"


def fake_scrub(text: str) -> str:
    """Replaces phone-like numbers, so tests can see that the store scrubs what it keeps."""
    return re.sub(r"\+?\d[\d\s-]{7,}\d", "[PHONE]", text)


class FakeAssistant:
    """Cites an answer about TACE (or a "how …" follow-up), defers "my …" questions; "crash" raises."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, list[ChatTurn]]] = []

    def is_emergency(self, question: str, history: Sequence[ChatTurn] = ()) -> bool:
        return "not breathing" in question.lower()

    def stream(self, question: str, history: Sequence[ChatTurn] = ()) -> Iterator[Answer]:
        self.calls.append((question, list(history)))
        if self.is_emergency(question, history):
            yield Answer(route=Route.EMERGENCY, text="Call your emergency number now.", generator="fake")
            return
        if "crash" in question:
            raise RuntimeError("boom")
        if re.search(r"\bmy\b", question, re.IGNORECASE):
            yield Answer(route=Route.CARE_TEAM, text=CARE_TEAM_TEXT, generator="fake")
            return
        follow_up = bool(history) and question.lower().startswith("how")
        if "tace" not in question.lower() and not follow_up:
            yield Answer(route=Route.OUT_OF_SCOPE, text=NOT_COVERED_TEXT, generator="fake")
            return
        first = "TACE is a treatment given through the liver's blood supply [1]."
        yield Answer(route=Route.ANSWERED, text=first, generator="fake")
        yield Answer(
            route=Route.ANSWERED,
            text=first + " It blocks the artery after the drug is given [1].",
            citations=[TACE_CITATION],
            standalone_question="What is TACE?",
            generator="fake",
            timings_ms={"total": 12.0},
        )
