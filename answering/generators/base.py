"""What every answer writer offers the pipeline, and the one error it may raise."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from answering.retrieval import Retrieval


class GeneratorError(RuntimeError):
    """The model failed (server down, timeout, empty or garbage output): answer extractively instead."""


class Generator(Protocol):
    """Writes an answer from retrieved passages; grounding decides which of its sentences survive."""

    name: str

    def stream(self, question: str, retrieval: Retrieval) -> Iterator[str]:
        """Raw text deltas of the answer, as the model writes them."""
        ...
