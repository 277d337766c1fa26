"""Is a new question the same question a nurse reviewed an answer for?

Same meaning is not enough: "side effects of TACE" and "side effects of Y-90" are close in any embedding, and
so are "what is TACE" and "how long does TACE take". Two questions match only when they name the same things
(glossary terms: treatments, tests, conditions), ask the same aspect (``answering/aspects.json``), and their
embeddings are close. The threshold is calibrated on the training templates of the labelled pair set
(``calibrate.py``); a wrong serve costs more than a missed one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from answering.aspects import asked_aspects
from answering.glossary import GlossaryEntry, entries_in

Embedder = Callable[[list[str]], np.ndarray]
#: From ``python -m answering.reviewed.calibrate`` (the lowest cosine whose training-template precision is 1.0).
MATCH_THRESHOLD = 0.95
_WORD = re.compile(r"[\w'-]+")


@dataclass(frozen=True)
class QuestionKey:
    """What a question asks: the things it names, the aspects it asks, and its meaning."""

    named: frozenset[str]
    aspects: frozenset[str]
    vector: np.ndarray


def bare(question: str) -> str:
    """Lower case, words only: "What is TACE?" and "what is tace" are one question to the embedding too."""
    return " ".join(_WORD.findall(question.lower()))


def question_keys(
    questions: list[str], embed: Embedder, glossary: tuple[GlossaryEntry, ...]
) -> list[QuestionKey]:
    vectors = embed([bare(q) for q in questions]) if questions else np.zeros((0, 0), dtype=np.float32)
    return [
        QuestionKey(
            frozenset(entry.term for entry, _ in entries_in(question, glossary)),
            frozenset(aspect.name for aspect in asked_aspects(question)),
            vector,
        )
        for question, vector in zip(questions, vectors, strict=True)
    ]


def similarity(a: QuestionKey, b: QuestionKey) -> float:
    """The cosine of the two questions, or -1 when they name different things or ask different aspects."""
    if a.named != b.named or a.aspects != b.aspects:
        return -1.0
    return float(np.dot(a.vector, b.vector))


def best_match(
    asked: QuestionKey, reviewed: list[QuestionKey], threshold: float = MATCH_THRESHOLD
) -> int | None:
    """The index of the reviewed question ``asked`` matches best, or None when none reaches the threshold."""
    scores = [similarity(asked, key) for key in reviewed]
    if not scores or max(scores) < threshold:
        return None
    return int(np.argmax(scores))
