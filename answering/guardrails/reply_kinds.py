"""Which care-team reply does a personal message need? Small learned models for what the phrase lists miss.

Someone who writes "I feel so alone with all this" needs the warm reply that names the support there is and the
crisis line; "dad's had hiccups on and off for two days" needs "if it is new or worse, call your care team today";
"if mum's lips ever go blue, do we ring 999 or the ward?" needs what to do then; none needs "write your question
down for your next visit". The phrase lists (``patterns/feelings.txt``, ``patterns/symptom_report.txt``,
``patterns/emergency/asks_what_to_do_if.txt``) caught a third of the feelings in the training messages ("I dread
every scan", "I'm grieving for my own life" slipped through) and half of another writer's plans, so a model per
kind reads them too: word and word-pair TF-IDF with logistic regression (``train_reply_kinds.py``). It is sparse
arithmetic on the words, so it gives the same answer on every CPU, and it takes well under a millisecond.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

MODELS_DIR = Path(__file__).resolve().parent
#: The kinds with a model, each in ``<kind>_model.json``.
KINDS = ("feelings", "symptom", "plan")
#: Not a reply kind: a symptom report told calmly, against an emergency told in the same words. An unsure network
#: alarm on a message this model is sure of stands down (``emergency.CALM_READER_CAP``).
CALM = "calm"
MODELS = (*KINDS, CALM)
#: The vectoriser's settings, shared by training and use so the two cannot drift apart.
VECTORISER_OPTIONS = {"ngram_range": (1, 2), "min_df": 2, "sublinear_tf": True}


def model_path(kind: str) -> Path:
    return MODELS_DIR / f"{kind}_model.json"


@dataclass(frozen=True)
class WordModel:
    """P(the message is of this kind) from its words."""

    vectoriser: TfidfVectorizer
    weights: np.ndarray
    bias: float
    threshold: float

    @classmethod
    def load(cls, path: Path) -> WordModel:
        card = json.loads(path.read_text(encoding="utf-8"))
        vectoriser = TfidfVectorizer(**VECTORISER_OPTIONS, vocabulary=card["vocabulary"])
        vectoriser.idf_ = np.asarray(card["idf"], dtype=np.float64)
        return cls(vectoriser, np.asarray(card["weights"], dtype=np.float64), card["bias"], card["threshold"])

    def probability(self, normalised: str) -> float:
        logit = float((self.vectoriser.transform([normalised]) @ self.weights)[0]) + self.bias
        return float(1.0 / (1.0 + np.exp(-logit)))

    def decides(self, normalised: str) -> bool:
        return self.probability(normalised) >= self.threshold


@cache
def shipped_model(kind: str) -> WordModel:
    return WordModel.load(model_path(kind))
