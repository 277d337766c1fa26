"""The features of one (question, sentence) pair: how their meanings meet, their shared words, and the
aspects the question asks against the aspects the sentence speaks to.

Training and use build them with this one function, so the model always sees what it was trained on.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from answering.aspects import Aspect, load_aspects
from answering.store import content_terms


def aspects_named(names: list[str]) -> tuple[Aspect, ...]:
    """The aspects a model was trained with, in its order (aspects added since are not its features)."""
    by_name = {aspect.name: aspect for aspect in load_aspects()}
    missing = [name for name in names if name not in by_name]
    if missing:
        raise ValueError(f"aspects {missing} are gone from aspects.json; retrain the answerability model")
    return tuple(by_name[name] for name in names)


def aspect_flags(texts: list[str], aspects: tuple[Aspect, ...], *, asked: bool) -> np.ndarray:
    """One 0/1 column per aspect: whether each text asks it (``asked``) or holds words that speak to it."""
    flags = np.zeros((len(texts), len(aspects)), dtype=np.float32)
    for row, text in enumerate(texts):
        lowered = text.lower()
        for column, aspect in enumerate(aspects):
            pattern = aspect.asked if asked else aspect.evidence
            flags[row, column] = pattern.search(lowered) is not None
    return flags


@dataclass(frozen=True)
class PairFeatures:
    """The model's input rows, and the two plain similarities among them that ranking uses as well."""

    matrix: np.ndarray
    cosine: np.ndarray
    shared: np.ndarray


def pair_features(
    question: str,
    question_vector: np.ndarray,
    sentences: list[str],
    sentence_vectors: np.ndarray,
    aspects: tuple[Aspect, ...],
) -> PairFeatures:
    """One row per sentence: q⊙s, |q−s|, cosine, shared-word share, asked aspects, spoken-to aspects, and
    aspects asked but not spoken to.

    Not q and s themselves: with them the network learnt which sentences and question kinds its few
    documents usually pair, and gave "what is ascites?" no chance on the ascites sentence."""
    q = np.asarray(question_vector, dtype=np.float32)[None, :]
    s = np.asarray(sentence_vectors, dtype=np.float32)
    cosine = s @ q[0]
    question_terms = content_terms(question)
    shared = np.array(
        [
            len(question_terms & content_terms(text)) / len(question_terms) if question_terms else 0.0
            for text in sentences
        ],
        dtype=np.float32,
    )
    asked = np.repeat(aspect_flags([question], aspects, asked=True), len(sentences), axis=0)
    spoken = aspect_flags(sentences, aspects, asked=False)
    matrix = np.hstack(
        [
            q * s,
            np.abs(q - s),
            cosine[:, None],
            shared[:, None],
            asked,
            spoken,
            asked * (1 - spoken),
        ]
    ).astype(np.float32)
    return PairFeatures(matrix, cosine, shared)
