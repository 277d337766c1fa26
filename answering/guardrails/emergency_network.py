"""The emergency detector as a torch module: the packaged MiniLM with its top layers fine-tuned, and a head.

Training (``train_emergency.py``) fine-tunes the top ``trained_layers`` transformer layers and a linear head
over the mean-pooled tokens; the lower layers stay the packaged weights. So the repository ships only what
training changed (``emergency_model.safetensors``, fp16, a few MB) and every machine rebuilds the whole network
from the packaged MiniLM plus that delta, then exports it to ONNX once (``emergency_model.py``). Torch is needed
for training and for that one export, never to answer a patient.
"""

from __future__ import annotations

from pathlib import Path

import torch
from safetensors.torch import load_file, save_file
from transformers import AutoModel

from answering.embeddings import package_dir

HEAD = "head"


class EmergencyNetwork(torch.nn.Module):
    """Token ids → class probabilities (``none`` and one per emergency category)."""

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
    def from_delta(cls, path: Path, classes: int, trained_layers: int) -> EmergencyNetwork:
        network = cls(classes, trained_layers)
        delta = {name: value.to(torch.float32) for name, value in load_file(str(path)).items()}
        missing = set(network.delta()) - set(delta)
        if missing or set(delta) - set(network.delta()):
            raise ValueError(f"{path} does not fit a network with {trained_layers} trained layers")
        network.load_state_dict(delta, strict=False)
        return network.eval()
