"""The personal-vs-general logistic regression, stored as plain JSON coefficients (no pickle, no network)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from answering.embeddings import REFERENCE_BACKEND, embedding_id

CLASSIFIER_PATH = Path(__file__).resolve().parent / "personal_classifier.json"
REFERENCE_EMBEDDING = embedding_id(REFERENCE_BACKEND)
#: Words seen fewer times than this in the training texts get no weight of their own.
WORD_MIN_COUNT = 2


def word_vectorizer(vocabulary: list[str] | None = None) -> TfidfVectorizer:
    """Tf-idf of single words, the same settings in training (fitted) and in use (``vocabulary`` given)."""
    return TfidfVectorizer(
        token_pattern=r"(?u)\b\w+\b", sublinear_tf=True, min_df=WORD_MIN_COUNT, vocabulary=vocabulary
    )


@dataclass(frozen=True)
class PersonalClassifier:
    """P(personal) = sigmoid(coef · features + intercept), features = MiniLM embedding ⊕ marker features ⊕ words.

    The embedding carries the meaning; the word weights (tf-idf over ``vocabulary``, ``idf``) carry what it
    blurs, e.g. "the same as" or "ok to take" in a question about a named product.

    ``threshold_without_cue`` applies to a question that names no person and no present case
    (``personal.has_personal_cue``); it is higher, because such questions are mostly general.
    ``marker_features`` names the pattern lists whose matches follow the embedding (then the length feature),
    so a retrained file with other markers still lines up with the code that builds the features.
    """

    coef: list[float]
    intercept: float
    threshold: float
    threshold_without_cue: float
    marker_features: list[str]
    vocabulary: list[str]
    idf: list[float]
    embedding_model: str = REFERENCE_EMBEDDING  # ``embeddings.embedding_id`` of the training vectors
    training: dict = field(default_factory=dict)

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        logits = features @ np.asarray(self.coef, dtype=np.float32) + self.intercept
        return 1.0 / (1.0 + np.exp(-logits))

    @cached_property
    def words(self) -> TfidfVectorizer:
        vectorizer = word_vectorizer(self.vocabulary)
        vectorizer.idf_ = np.asarray(self.idf)
        return vectorizer

    def threshold_for(self, has_personal_cue: bool) -> float:
        return self.threshold if has_personal_cue else self.threshold_without_cue

    def save(self, path: Path = CLASSIFIER_PATH) -> None:
        path.write_text(json.dumps(asdict(self), indent=1) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path = CLASSIFIER_PATH) -> PersonalClassifier:
        return cls(**json.loads(path.read_text(encoding="utf-8")))
