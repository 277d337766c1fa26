"""The learned emergency detector in use: a fine-tuned MiniLM run by onnxruntime (no torch, no network).

Classes are ``none`` plus one per emergency category, so one model says both *whether* (1 − P(none)) and
*which* emergency it is (the crisis line for self-harm, the 24-hour chemotherapy line for a fever).
Fine-tuning reads word order, so it tells "he collapsed and won't wake up" from "he collapsed on the sofa after
the walk and woke up fine" — which the linear model over frozen embeddings and n-grams it replaced could not:
in a one-off comparison of the models alone (not rerunnable: the linear model is gone), false alarms at recall
0.99 on the held-out templates fell from 0.14 to 0.03. The whole detector's figures are in
``evals/results/safety/report.md`` (``python -m evals safety``).

The repository ships ``emergency_model.json`` (classes, threshold, training report) and the fine-tuned weights
(``emergency_model.safetensors``); each machine builds the ONNX file once from them and the packaged MiniLM
(``python -m answering.guardrails.emergency_model``; ``make run`` and ``make test`` do).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import warnings
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from answering.embeddings import packaged_tokenizer
from answering.onnx_model import INPUT_NAMES, ONNX_OPSET, cpu_session, model_inputs

log = logging.getLogger(__name__)

EMERGENCY_MODEL_PATH = Path(__file__).resolve().parent / "emergency_model.json"
NONE = "none"
#: Bump when the export changes, so every machine builds the file again.
EXPORT_VERSION = 1

#: When self-harm holds this share of the emergency probability, self-harm is the category (and the crisis
#: reply, which also gives the emergency number): "took half the box of sleeping pills, finishing the rest".
SELF_HARM_SHARE = 0.15


@dataclass(frozen=True)
class EmergencyScore:
    probability: float  # 1 − P(none)
    category: str  # the most likely emergency category, or self-harm when it holds SELF_HARM_SHARE


@dataclass(frozen=True)
class EmergencyModelCard:
    """What the JSON file says about the shipped weights."""

    classes: list[str]
    threshold: float
    trained_layers: int
    max_tokens: int
    weights: str  # file name of the fine-tuned delta, beside the card
    weights_sha256: str
    training: dict = field(default_factory=dict)

    def weights_path(self, card_path: Path) -> Path:
        return card_path.parent / self.weights

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self), indent=1) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path = EMERGENCY_MODEL_PATH) -> EmergencyModelCard:
        return cls(**json.loads(path.read_text(encoding="utf-8")))


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def onnx_path(card_path: Path, cache_dir: Path) -> Path:
    """The built ONNX file for this card's weights under ``cache_dir``, exported first if it is not there."""
    card = EmergencyModelCard.load(card_path)
    weights = card.weights_path(card_path)
    if sha256_of(weights) != card.weights_sha256:
        raise ValueError(f"{weights} does not match the sha256 in {card_path}; retrain or restore both files")
    target = cache_dir / f"emergency-{card.weights_sha256[:16]}-v{EXPORT_VERSION}.onnx"
    if target.exists():
        return target
    cache_dir.mkdir(parents=True, exist_ok=True)
    log.info("Building the emergency detector %s (once per machine, ~10 s)", target)
    with tempfile.TemporaryDirectory(dir=cache_dir) as scratch:
        built = Path(scratch) / "model.onnx"
        export(card, weights, built)
        os.replace(built, target)  # atomic: a process that starts meanwhile sees no file or the whole file
    return target


def export(card: EmergencyModelCard, weights: Path, target: Path) -> None:
    """The network in fp32 (the same numbers on every CPU, within float rounding), dynamic batch and length."""
    import torch

    from answering.guardrails.emergency_network import EmergencyNetwork

    network = EmergencyNetwork.from_delta(weights, len(card.classes), card.trained_layers)
    example = {
        "input_ids": torch.tensor([[101, 2023, 102], [101, 2023, 102]]),
        "attention_mask": torch.ones(2, 3, dtype=torch.int64),
        "token_type_ids": torch.zeros(2, 3, dtype=torch.int64),
    }
    # The tracer warns that shape checks become constants; the tests check the graph against torch.
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            network,
            tuple(example[name] for name in INPUT_NAMES),
            str(target),
            input_names=list(INPUT_NAMES),
            output_names=["probabilities"],
            dynamic_axes={name: {0: "batch", 1: "tokens"} for name in INPUT_NAMES}
            | {"probabilities": {0: "batch"}},
            opset_version=ONNX_OPSET,
            dynamo=False,
        )


class EmergencyModel:
    """Normalised messages → ``EmergencyScore``; one onnxruntime run per batch of texts."""

    def __init__(self, card: EmergencyModelCard, model_file: Path, threads: int = 1) -> None:
        self.card = card
        self.threshold = card.threshold
        self.tokenizer = packaged_tokenizer(card.max_tokens, padding=True)
        self.session = cpu_session(model_file, threads)

    @classmethod
    def load(cls, card_path: Path, cache_dir: Path, threads: int = 1) -> EmergencyModel:
        return cls(EmergencyModelCard.load(card_path), onnx_path(card_path, cache_dir), threads)

    def probabilities(self, normalised_texts: list[str]) -> np.ndarray:
        """Class probabilities, one row per text (``card.classes`` order)."""
        if not normalised_texts:
            return np.zeros((0, len(self.card.classes)), dtype=np.float32)
        return self.session.run(None, model_inputs(self.tokenizer.encode_batch(normalised_texts)))[0]

    def scores(self, normalised_texts: list[str]) -> list[EmergencyScore]:
        return scores_from(self.probabilities(normalised_texts), self.card.classes)


def scores_from(probabilities: np.ndarray, classes: list[str]) -> list[EmergencyScore]:
    """Whether (1 − P(none)) and which emergency, self-harm first when it holds ``SELF_HARM_SHARE``."""
    none, self_harm = classes.index(NONE), classes.index("self_harm")
    emergency_columns = [i for i in range(len(classes)) if i != none]
    scores = []
    for row in probabilities:
        probability = float(1.0 - row[none])
        likeliest = classes[emergency_columns[int(np.argmax(row[emergency_columns]))]]
        crisis = probability > 0 and row[self_harm] / probability >= SELF_HARM_SHARE
        scores.append(EmergencyScore(probability, "self_harm" if crisis else likeliest))
    return scores


# `python -m answering.guardrails.emergency_model` builds the file now (`make run` and `make test` do).
if __name__ == "__main__":
    from answering.settings import get_settings

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    settings = get_settings()
    print(onnx_path(settings.emergency_model_path, settings.model_cache_dir))
