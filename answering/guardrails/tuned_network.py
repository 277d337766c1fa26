"""A fine-tuned MiniLM classifier as a torch module, and its training loop (the emergency and personal detectors).

Training fine-tunes the top ``trained_layers`` transformer layers and a linear head over the mean-pooled tokens;
the lower layers stay the packaged weights. So the repository ships only what training changed (a
``.safetensors`` delta in fp16) and every machine rebuilds the whole network from the packaged MiniLM plus that
delta, then exports it to ONNX once (``tuned_model.py``). Torch is needed for training and for that one export,
never to answer a patient.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch
from safetensors.torch import load_file, save_file
from tokenizers import Tokenizer
from tqdm import tqdm
from transformers import AutoModel

from answering.embeddings import package_dir, packaged_tokenizer
from answering.guardrails.tuned_model import TunedModelCard, sha256_of
from answering.onnx_model import model_inputs

HEAD = "head"
MAX_TOKENS = 128
BATCH_SIZE = 16
ENCODER_LEARNING_RATE = 5e-5
HEAD_LEARNING_RATE = 2e-3
SEED = 0


class TunedNetwork(torch.nn.Module):
    """Token ids → class probabilities."""

    def __init__(self, classes: int, trained_layers: int) -> None:
        super().__init__()
        self.transformer = AutoModel.from_pretrained(str(package_dir()))
        self.head = torch.nn.Linear(self.transformer.config.hidden_size, classes)
        self.trained_layers = trained_layers
        for name, parameter in self.transformer.named_parameters():
            parameter.requires_grad = self._is_trained(name)

    def _is_trained(self, transformer_parameter: str) -> bool:
        layers = self.transformer.config.num_hidden_layers
        return any(
            transformer_parameter.startswith(f"encoder.layer.{index}.")
            for index in range(layers - self.trained_layers, layers)
        )

    def logits(self, input_ids, attention_mask, token_type_ids) -> torch.Tensor:
        tokens = self.transformer(
            input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
        ).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(tokens.dtype)
        return self.head((tokens * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1.0))

    def forward(self, input_ids, attention_mask, token_type_ids) -> torch.Tensor:
        return torch.softmax(self.logits(input_ids, attention_mask, token_type_ids), dim=-1)

    def delta(self) -> dict[str, torch.Tensor]:
        """What training changed: the trained layers and the head, in fp16 (the rest is the packaged model)."""
        trained = {
            f"transformer.{name}": value
            for name, value in self.transformer.state_dict().items()
            if self._is_trained(name)
        }
        head = {f"{HEAD}.{name}": value for name, value in self.head.state_dict().items()}
        return {
            name: value.detach().to(torch.float16).contiguous() for name, value in (trained | head).items()
        }

    def save_delta(self, path: Path) -> None:
        save_file(self.delta(), str(path))

    @classmethod
    def from_delta(cls, path: Path, classes: int, trained_layers: int) -> TunedNetwork:
        network = cls(classes, trained_layers)
        delta = {name: value.to(torch.float32) for name, value in load_file(str(path)).items()}
        missing = set(network.delta()) - set(delta)
        if missing or set(delta) - set(network.delta()):
            raise ValueError(f"{path} does not fit a network with {trained_layers} trained layers")
        network.load_state_dict(delta, strict=False)
        return network.eval()


def tokenizer() -> Tokenizer:
    """The packaged tokenizer, as the ONNX model is fed in use."""
    return packaged_tokenizer(MAX_TOKENS, padding=True)


def batch_inputs(tokens: Tokenizer, texts: list[str]) -> dict[str, torch.Tensor]:
    """The network's inputs, built as in use (``onnx_model.model_inputs``)."""
    return {name: torch.from_numpy(array) for name, array in model_inputs(tokens.encode_batch(texts)).items()}


def fine_tune(
    texts: list[str],
    targets: list[int],
    classes: int,
    trained_layers: int,
    epochs: int,
    weights: Sequence[float] | None = None,
) -> TunedNetwork:
    """Cross-entropy over the classes (each example weighted by ``weights``, if given); the top layers and the
    head learn, the rest stays packaged. Same seed, data and threads: the same network."""
    torch.manual_seed(SEED)
    shuffler = random.Random(SEED)
    network = TunedNetwork(classes, trained_layers)
    trained = [p for p in network.transformer.parameters() if p.requires_grad]
    optimiser = torch.optim.AdamW(
        [
            {"params": trained, "lr": ENCODER_LEARNING_RATE},
            {"params": network.head.parameters(), "lr": HEAD_LEARNING_RATE},
        ],
        weight_decay=0.01,
    )
    tokens = tokenizer()
    order = list(range(len(texts)))
    network.train()
    for epoch in range(epochs):
        shuffler.shuffle(order)
        batches = [order[i : i + BATCH_SIZE] for i in range(0, len(order), BATCH_SIZE)]
        for batch in tqdm(batches, desc=f"epoch {epoch + 1}/{epochs}", leave=False):
            logits = network.logits(**batch_inputs(tokens, [texts[i] for i in batch]))
            expected = torch.tensor([targets[i] for i in batch])
            if weights is None:
                loss = torch.nn.functional.cross_entropy(logits, expected)
            else:
                weight = torch.tensor([weights[i] for i in batch], dtype=torch.float32)
                each = torch.nn.functional.cross_entropy(logits, expected, reduction="none")
                loss = (each * weight).sum() / weight.sum()
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
    return network.eval()


def class_probabilities(network: TunedNetwork, texts: list[str]) -> np.ndarray:
    """One row of class probabilities per text (batches of 64)."""
    tokens = tokenizer()
    with torch.no_grad():
        rows = [network(**batch_inputs(tokens, texts[i : i + 64])) for i in range(0, len(texts), 64)]
    return torch.cat(rows).numpy()


def save_trained(
    network: TunedNetwork, card_path: Path, classes: list[str], threshold: float, report: dict
) -> None:
    """The fine-tuned delta beside its card (``<card>.safetensors``); the card records the settings and report."""
    weights = card_path.with_suffix(".safetensors")
    network.save_delta(weights)
    TunedModelCard(
        classes=classes,
        threshold=threshold,
        trained_layers=network.trained_layers,
        max_tokens=MAX_TOKENS,
        weights=weights.name,
        weights_sha256=sha256_of(weights),
        training={
            **report,
            "batch_size": BATCH_SIZE,
            "learning_rates": [ENCODER_LEARNING_RATE, HEAD_LEARNING_RATE],
        },
    ).save(card_path)
    print(f"wrote {card_path} and {weights.name}: " + ", ".join(f"{k}={v}" for k, v in report.items()))
