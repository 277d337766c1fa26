"""Is a new question the same question a nurse reviewed an answer for?

Same meaning is not enough: "side effects of TACE" and "side effects of Y-90" are close in any embedding, and
so are "what is TACE" and "how long does TACE take". Two questions match only when they name the same things
(glossary terms: treatments, tests), the same other conditions ("bone metastases"), ask the same aspect
(``answering/aspects.json``), and their embeddings are close. Both are first reworded alike (``wording.py``):
typos corrected, synonyms and abbreviations replaced by one glossary term, so "wat r liver mets" and "what is
secondary liver cancer" name what "what are liver metastases?" names. The threshold is calibrated on the
training templates of the labelled pair set (``calibrate.py``); a wrong serve costs more than a missed one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from answering.condense import compares, goes_on, read_together
from answering.glossary import GlossaryEntry
from answering.reviewed.wording import Asked, asked

Embedder = Callable[[list[str]], np.ndarray]
#: From ``python -m answering.reviewed.calibrate`` (the lowest cosine whose training-template precision is 1.0).
MATCH_THRESHOLD = 0.83


@dataclass(frozen=True)
class QuestionKey:
    """What a question asks: the things and conditions it names, the aspects it asks, and its meaning."""

    named: frozenset[str]
    aspects: frozenset[str]
    conditions: frozenset[str]
    qualifiers: frozenset[str]
    vector: np.ndarray

    @classmethod
    def of(cls, question: Asked, vector: np.ndarray) -> QuestionKey:
        return cls(question.named, question.aspects, question.conditions, question.qualifiers, vector)


def question_keys(
    questions: list[str], embed: Embedder, glossary: tuple[GlossaryEntry, ...]
) -> list[QuestionKey]:
    """Each question's key; the embedding is of the reworded question, so "SIRT" and "Y-90" read alike."""
    reworded = [asked(question, glossary) for question in questions]
    vectors = embed([a.text for a in reworded]) if questions else np.zeros((0, 0), dtype=np.float32)
    return [QuestionKey.of(a, vector) for a, vector in zip(reworded, vectors, strict=True)]


def asked_keys(
    question: str, previous: str | None, embed: Embedder, glossary: tuple[GlossaryEntry, ...]
) -> tuple[QuestionKey, QuestionKey | None]:
    """The key of the message as asked and, for a follow-up, the key of the question it was read with
    (``best_match``). A follow-up asks its own aspect about what the earlier question named: "how is it treated?"
    after "Why can liver metastases cause jaundice?" asks how jaundice is treated, not why."""
    if previous is None:
        return question_keys([question], embed, glossary)[0], None
    own, before = (asked(text, glossary) for text in (question, previous))
    vectors = embed([asked(read_together(question, previous), glossary).text, before.text])
    return follow_up_key(question, own, before, vectors[0]), QuestionKey.of(before, vectors[1])


def follow_up_key(question: str, own: Asked, before: Asked, vector: np.ndarray) -> QuestionKey:
    """What a follow-up asks: the things it names, or else those the earlier question named (both, when it
    compares: "and how does microwave ablation differ from it?"); its own aspect and qualifiers, or the earlier
    question's when it only carries on from it ("and what about alcohol?")."""
    named = own.named | before.named if compares(question) else own.named or before.named
    carried = not own.aspects and goes_on(question)
    return QuestionKey(
        named,
        own.aspects or (before.aspects if carried else frozenset()),
        own.conditions | before.conditions,
        own.qualifiers | (before.qualifiers if carried else frozenset()),
        vector,
    )


def similarity(a: QuestionKey, b: QuestionKey) -> float:
    """The cosine of the two questions, or -1 when they name different things, ask different aspects or pin
    them down differently (``wording.QUALIFIERS``: before or after, why, results)."""
    if (a.named, a.aspects, a.conditions, a.qualifiers) != (b.named, b.aspects, b.conditions, b.qualifiers):
        return -1.0
    return float(np.dot(a.vector, b.vector))


def best_match(
    asked: QuestionKey,
    reviewed: list[QuestionKey],
    threshold: float = MATCH_THRESHOLD,
    previous: QuestionKey | None = None,
) -> int | None:
    """The index of the reviewed question ``asked`` matches best, or None when none reaches the threshold.

    ``previous`` is the question a follow-up was read with ("what's the targeted one?" after "What treatments are
    available?"): when that question alone matches the same entry, the follow-up asks more than the entry answers,
    and the entry is not served."""
    scores = [similarity(asked, key) for key in reviewed]
    if not scores or max(scores) < threshold:
        return None
    best = int(np.argmax(scores))
    if previous is not None and best_match(previous, reviewed, threshold) == best:
        return None
    return best
