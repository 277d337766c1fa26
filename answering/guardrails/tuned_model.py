"""A fine-tuned MiniLM classifier in use: its card, the ONNX file built from the shipped delta, onnxruntime.

The repository ships, per detector, a card (``<name>.json``: classes, threshold, training report) and the
fine-tuned weights beside it (``<name>.safetensors``); each machine builds the ONNX file once from them and the
packaged MiniLM (``python -m answering.guardrails.build_models``; ``make run`` and ``make test`` do). It runs in
fp32, the same numbers on every CPU within float rounding, so no route depends on the instruction set.
"""

from __future__ import annotations

import hashlib
import json
import warnings
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from answering.embeddings import packaged_tokenizer
from answering.onnx_model import INPUT_NAMES, ONNX_OPSET, cpu_session, made_once, model_inputs

#: Bump when the export changes, so every machine builds the file again.
EXPORT_VERSION = 1


@dataclass(frozen=True)
class TunedModelCard:
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
    def load(cls, path: Path) -> TunedModelCard:
        return cls(**json.loads(path.read_text(encoding="utf-8")))


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def onnx_path(card_path: Path, cache_dir: Path) -> Path:
    """The built ONNX file for this card's weights under ``cache_dir``, exported first if it is not there."""
    card = TunedModelCard.load(card_path)
    weights = card.weights_path(card_path)
    if sha256_of(weights) != card.weights_sha256:
        raise ValueError(f"{weights} does not match the sha256 in {card_path}; retrain or restore both files")
    target = cache_dir / f"{card_path.stem}-{card.weights_sha256[:16]}-v{EXPORT_VERSION}.onnx"
    return made_once(target, lambda built: export(card, weights, built))


def export(card: TunedModelCard, weights: Path, target: Path) -> None:
    """The network in fp32, dynamic batch and length."""
    import torch

    from answering.guardrails.tuned_network import TunedNetwork

    network = TunedNetwork.from_delta(weights, len(card.classes), card.trained_layers)
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


class TunedModel:
    """Normalised messages → class probabilities; one onnxruntime run per batch of texts."""

    def __init__(self, card: TunedModelCard, model_file: Path, threads: int = 1) -> None:
        self.card = card
        self.threshold = card.threshold
        self.tokenizer = packaged_tokenizer(card.max_tokens, padding=True)
        self.session = cpu_session(model_file, threads)

    @classmethod
    def load(cls, card_path: Path, cache_dir: Path, threads: int = 1):
        return cls(TunedModelCard.load(card_path), onnx_path(card_path, cache_dir), threads)

    def probabilities(self, normalised_texts: list[str]) -> np.ndarray:
        """Class probabilities, one row per text (``card.classes`` order)."""
        if not normalised_texts:
            return np.zeros((0, len(self.card.classes)), dtype=np.float32)
        return self.session.run(None, model_inputs(self.tokenizer.encode_batch(normalised_texts)))[0]
