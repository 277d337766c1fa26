"""The learned emergency detector in use: a fine-tuned MiniLM run by onnxruntime (no torch, no network).

Classes are ``none`` plus one per emergency category, so one model says both *whether* (1 − P(none)) and
*which* emergency it is (the crisis line for self-harm, the 24-hour chemotherapy line for a fever).
Fine-tuning reads word order, so it tells "he collapsed and won't wake up" from "he collapsed on the sofa after
the walk and woke up fine" — which the linear model over frozen embeddings and n-grams it replaced could not:
in a one-off comparison of the models alone (not rerunnable: the linear model is gone), false alarms at recall
0.99 on the held-out templates fell from 0.14 to 0.03. The whole detector's figures are in
``evals/results/safety/report.md`` (``python -m evals safety``).

The repository ships ``emergency_model.json`` (classes, threshold, training report) and the fine-tuned weights
(``emergency_model.safetensors``); ``tuned_model.py`` builds and runs them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from answering.guardrails.tuned_model import TunedModel

EMERGENCY_MODEL_PATH = Path(__file__).resolve().parent / "emergency_model.json"
#: The second reader: trained with more self-harm told without the words, it alarms only when sure; the detector
#: alarms when either network does (``emergency.py``).
EMERGENCY_SECOND_MODEL_PATH = EMERGENCY_MODEL_PATH.with_name("emergency_second_model.json")
NONE = "none"

#: When self-harm holds this share of the emergency probability, self-harm is the category (and the crisis
#: reply, which also gives the emergency number): "took half the box of sleeping pills, finishing the rest".
SELF_HARM_SHARE = 0.15


@dataclass(frozen=True)
class EmergencyScore:
    probability: float  # 1 − P(none)
    category: str  # the most likely emergency category, or self-harm when it holds SELF_HARM_SHARE
    self_harm_share: float = 0.0  # the share of ``probability`` on self-harm


class EmergencyModel(TunedModel):
    """Normalised messages → ``EmergencyScore``."""

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
        share = float(row[self_harm] / probability) if probability > 0 else 0.0
        crisis = share >= SELF_HARM_SHARE
        scores.append(EmergencyScore(probability, "self_harm" if crisis else likeliest, share))
    return scores
