"""The learned emergency detector: a multinomial logistic regression stored as plain JSON (no pickle, no network).

Classes are ``none`` plus one per emergency category, so one model says both *whether* (1 − P(none)) and
*which* emergency it is (the crisis line for self-harm, the 24-hour chemotherapy line for a fever).
Features: the MiniLM embedding (meaning, paraphrase), word and character n-gram tf-idf (slang, typos, "39.5"),
and one 0/1 feature per category's red-flag patterns and per framing list (``emergency_patterns.py``).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from answering.guardrails.emergency_patterns import pattern_features

EMERGENCY_CLASSIFIER_PATH = Path(__file__).resolve().parent / "emergency_classifier.json"
NONE = "none"


def word_ngrams(vocabulary: dict[str, int] | None = None, max_features: int | None = None) -> TfidfVectorizer:
    return TfidfVectorizer(
        token_pattern=r"(?u)\b\w+\b",
        ngram_range=(1, 2),
        sublinear_tf=True,
        min_df=2,
        max_features=max_features,
        vocabulary=vocabulary,
    )


def char_ngrams(vocabulary: dict[str, int] | None = None, max_features: int | None = None) -> TfidfVectorizer:
    return TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(3, 5),
        sublinear_tf=True,
        min_df=3,
        max_features=max_features,
        vocabulary=vocabulary,
    )


#: When self-harm holds this share of the emergency probability, self-harm is the category (and the crisis
#: reply, which also gives the emergency number): "took half the box of sleeping pills, finishing the rest".
#: On the training emergencies of other categories the share is below 0.03 for 95 % of them.
SELF_HARM_SHARE = 0.15


@dataclass(frozen=True)
class EmergencyScore:
    probability: float  # 1 − P(none)
    category: str  # the most likely emergency category, or self-harm when it holds SELF_HARM_SHARE


@dataclass(frozen=True)
class EmergencyClassifier:
    classes: list[str]
    coef: list[list[float]]  # one row per class
    intercept: list[float]
    threshold: float
    word_vocabulary: list[str]
    word_idf: list[float]
    char_vocabulary: list[str]
    char_idf: list[float]
    embedding_model: str
    training: dict = field(default_factory=dict)

    @cached_property
    def _weights(self) -> tuple[np.ndarray, np.ndarray]:
        return np.asarray(self.coef, dtype=np.float32).T, np.asarray(self.intercept, dtype=np.float32)

    @cached_property
    def words(self) -> TfidfVectorizer:
        return _fitted(word_ngrams({w: i for i, w in enumerate(self.word_vocabulary)}), self.word_idf)

    @cached_property
    def chars(self) -> TfidfVectorizer:
        return _fitted(char_ngrams({c: i for i, c in enumerate(self.char_vocabulary)}), self.char_idf)

    def features(self, normalised_texts: list[str], vectors: np.ndarray) -> np.ndarray:
        """``vectors``: embeddings of each text's head after ``emergency.without_negated``."""
        return emergency_features(normalised_texts, vectors, self.words, self.chars)

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        """Class probabilities, one row per text (softmax of the linear scores)."""
        coef, intercept = self._weights
        logits = features @ coef + intercept
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

    def scores(self, normalised_texts: list[str], vectors: np.ndarray) -> list[EmergencyScore]:
        probabilities = self.probabilities(self.features(normalised_texts, vectors))
        none, self_harm = self.classes.index(NONE), self.classes.index("self_harm")
        emergency_columns = [i for i in range(len(self.classes)) if i != none]
        scores = []
        for row in probabilities:
            probability = float(1.0 - row[none])
            likeliest = self.classes[emergency_columns[int(np.argmax(row[emergency_columns]))]]
            crisis = probability > 0 and row[self_harm] / probability >= SELF_HARM_SHARE
            scores.append(EmergencyScore(probability, "self_harm" if crisis else likeliest))
        return scores

    def save(self, path: Path = EMERGENCY_CLASSIFIER_PATH) -> None:
        path.write_text(json.dumps(asdict(self)) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path = EMERGENCY_CLASSIFIER_PATH) -> EmergencyClassifier:
        return cls(**json.loads(path.read_text(encoding="utf-8")))


def _fitted(vectorizer: TfidfVectorizer, idf: list[float]) -> TfidfVectorizer:
    vectorizer.idf_ = np.asarray(idf)
    return vectorizer


def emergency_features(
    normalised_texts: list[str], vectors: np.ndarray, words: TfidfVectorizer, chars: TfidfVectorizer
) -> np.ndarray:
    """Embedding ⊕ pattern features ⊕ word n-grams ⊕ character n-grams; the same in training and use."""
    return np.hstack(
        [
            np.asarray(vectors, dtype=np.float32),
            np.asarray([pattern_features(text) for text in normalised_texts], dtype=np.float32),
            words.transform(normalised_texts).toarray().astype(np.float32),
            chars.transform(normalised_texts).toarray().astype(np.float32),
        ]
    )
