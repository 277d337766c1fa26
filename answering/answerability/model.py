"""The answerability model: a one-hidden-layer network over ``features.pair_features``, run with numpy.

Weights and feature scaling travel in one safetensors file with the training card as metadata (no pickle);
``train.py`` writes it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np
from safetensors import safe_open
from safetensors.numpy import save_file

from answering.answerability.features import aspects_named

MODEL_PATH = Path(__file__).resolve().parent / "answerability_model.safetensors"
_WEIGHTS = ("mean", "scale", "hidden_weight", "hidden_bias", "output_weight", "output_bias")


@dataclass(frozen=True)
class AnswerabilityModel:
    """P(sentence answers question). ``card``: how it was trained and how it scored on held-out templates,
    and ``aspects``, the names of the aspect flags among its features."""

    weights: dict[str, np.ndarray]
    card: dict

    @cached_property
    def aspects(self):
        return aspects_named(self.card["aspects"])

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        w = self.weights
        scaled = (features - w["mean"]) / w["scale"]
        hidden = np.maximum(scaled @ w["hidden_weight"] + w["hidden_bias"], 0.0)
        logits = np.clip(hidden @ w["output_weight"] + w["output_bias"], -30.0, 30.0)
        return 1.0 / (1.0 + np.exp(-logits[:, 0]))

    def save(self, path: Path = MODEL_PATH) -> None:
        tensors = {name: np.ascontiguousarray(self.weights[name], dtype=np.float32) for name in _WEIGHTS}
        save_file(tensors, path, {"card": json.dumps(self.card, indent=1)})

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> AnswerabilityModel:
        with safe_open(str(path), framework="numpy") as stored:
            card = json.loads(stored.metadata()["card"])
            return cls({name: stored.get_tensor(name) for name in _WEIGHTS}, card)


@lru_cache(maxsize=2)
def load_model(path: Path = MODEL_PATH) -> AnswerabilityModel:
    return AnswerabilityModel.load(path)
