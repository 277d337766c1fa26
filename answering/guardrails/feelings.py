"""Does a personal message share feelings rather than ask about a result or a decision?

Someone who writes "I feel so alone with all this" or "my wife cries every night" needs the warm care-team reply
that names the support there is and the crisis line, not "write your question down for your next visit". The
phrase list (``patterns/feelings.txt``) caught a third of the feelings in the training messages ("I dread every
scan", "I'm grieving for my own life", "things r tense at home"), so a small learned model reads them too: word
and word-pair TF-IDF with logistic regression (``train_feelings.py``). It is sparse arithmetic on the words, so it
gives the same answer on every CPU, and it takes well under a millisecond.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

FEELINGS_MODEL_PATH = Path(__file__).resolve().parent / "feelings_model.json"
#: The vectoriser's settings, shared by training and use so the two cannot drift apart.
VECTORISER_OPTIONS = {"ngram_range": (1, 2), "min_df": 2, "sublinear_tf": True}


@dataclass(frozen=True)
class FeelingsModel:
    vectoriser: TfidfVectorizer
    weights: np.ndarray
    bias: float
    threshold: float

    @classmethod
    def load(cls, path: Path = FEELINGS_MODEL_PATH) -> FeelingsModel:
        card = json.loads(path.read_text(encoding="utf-8"))
        vectoriser = TfidfVectorizer(**VECTORISER_OPTIONS, vocabulary=card["vocabulary"])
        vectoriser.idf_ = np.asarray(card["idf"], dtype=np.float64)
        return cls(vectoriser, np.asarray(card["weights"], dtype=np.float64), card["bias"], card["threshold"])

    def probability(self, normalised: str) -> float:
        logit = float((self.vectoriser.transform([normalised]) @ self.weights)[0]) + self.bias
        return float(1.0 / (1.0 + np.exp(-logit)))

    def shares_feelings(self, normalised: str) -> bool:
        return self.probability(normalised) >= self.threshold


@cache
def shipped_feelings_model() -> FeelingsModel:
    return FeelingsModel.load()
