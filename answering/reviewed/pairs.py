"""The labelled question pairs (``training/pairs*.jsonl``): a reviewed question and a new message that asks the
same thing (paraphrase, typos, a follow-up) or nearly but not quite (another treatment, test, condition or
aspect). Split by the reviewed question's template, as the answerability set is: the threshold is chosen on
training templates, the evals report the held-out ones.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from answering.answerability.data import split_of
from answering.condense import condense_question, question_read_with
from answering.glossary import GlossaryEntry
from answering.reviewed.matching import Embedder, asked_keys, question_keys, similarity

PAIRS_DIR = Path(__file__).resolve().parent / "training"


@dataclass(frozen=True)
class QuestionPair:
    id: str
    template: str
    reviewed: str
    asked: str
    same: bool
    kind: str
    history: list[dict] = field(default_factory=list)

    @property
    def split(self) -> str:
        return split_of(self.template)

    @property
    def standalone(self) -> str:
        """The message as the product reads it: a follow-up joined with the question before it."""
        return condense_question(self.asked, self.history)

    @property
    def previous(self) -> str | None:
        """The earlier question a follow-up is read with."""
        return question_read_with(self.asked, self.history)


def load_pairs(folder: Path = PAIRS_DIR) -> list[QuestionPair]:
    """Every labelled pair of ``training/pairs*.jsonl``."""
    return [pair for path in sorted(folder.glob("pairs*.jsonl")) for pair in load_pair_file(path)]


def load_pair_file(path: Path) -> list[QuestionPair]:
    """The labelled pairs of one JSON-lines file."""
    lines = path.read_text("utf-8").splitlines()
    return [QuestionPair(**json.loads(line)) for line in lines if line.strip()]


def pair_similarities(
    pairs: list[QuestionPair], embed: Embedder, glossary: tuple[GlossaryEntry, ...]
) -> np.ndarray:
    """The matcher's score for each pair (-1 when the things named or the aspects differ)."""
    reviewed = question_keys([p.reviewed for p in pairs], embed, glossary)
    asked = [asked_keys(p.asked, p.previous, embed, glossary)[0] for p in pairs]
    return np.array([similarity(a, b) for a, b in zip(asked, reviewed, strict=True)])


def serving_figures(similarities: np.ndarray, same: np.ndarray, threshold: float) -> dict[str, float | int]:
    """Serving precision (served pairs that ask the same thing) and recall on same-question pairs."""
    served = similarities >= threshold
    return {
        "pairs": len(same),
        "same": int(same.sum()),
        "served": int(served.sum()),
        "precision": float(same[served].mean()) if served.any() else 1.0,
        "recall": float(served[same].mean()) if same.any() else 0.0,
    }
