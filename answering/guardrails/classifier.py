"""The personal-vs-general logistic regression, stored as plain JSON coefficients (no pickle, no network)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

CLASSIFIER_PATH = Path(__file__).resolve().parent / "personal_classifier.json"


@dataclass(frozen=True)
class PersonalClassifier:
    """P(personal) = sigmoid(coef · features + intercept), features = MiniLM embedding ⊕ marker features.

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
    embedding_model: str = "all-MiniLM-L6-v2"
    training: dict = field(default_factory=dict)

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        logits = features @ np.asarray(self.coef, dtype=np.float32) + self.intercept
        return 1.0 / (1.0 + np.exp(-logits))

    def threshold_for(self, has_personal_cue: bool) -> float:
        return self.threshold if has_personal_cue else self.threshold_without_cue

    def save(self, path: Path = CLASSIFIER_PATH) -> None:
        path.write_text(json.dumps(asdict(self), indent=1) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path = CLASSIFIER_PATH) -> PersonalClassifier:
        return cls(**json.loads(path.read_text(encoding="utf-8")))
