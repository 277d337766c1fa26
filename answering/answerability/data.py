"""The labelled questions the answerability model learns from, and their split by template.

``training/sentences.jsonl`` holds source sentences (the seed document and four NIH documents that no eval
uses); each question file row names the sentences that answer it (``key``, ``useful``) or none (``kind``
"uncovered"). Paraphrases share a ``template``: a template is wholly in training or wholly held out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from answering.splits import hash_fraction

TRAINING_DIR = Path(__file__).resolve().parent / "training"
SENTENCES_FILE = "sentences.jsonl"
SEED_DOCUMENT = "liver-metastases"
HELD_OUT_SHARE = 0.3
VALIDATION_SHARE = 0.2  # of the training templates: thresholds are chosen there


@dataclass(frozen=True)
class SourceSentence:
    doc: str
    sid: str
    text: str


@dataclass(frozen=True)
class LabelledQuestion:
    question: str
    template: str
    doc: str
    key: frozenset[str]
    useful: frozenset[str]

    @property
    def covered(self) -> bool:
        return bool(self.key)


def split_of(template: str) -> str:
    """ "held_out", "validation" or "train" — fixed by the template's name, the same on every machine."""
    if hash_fraction(template, "held-out") < HELD_OUT_SHARE:
        return "held_out"
    return "validation" if hash_fraction(template, "validation") < VALIDATION_SHARE else "train"


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@cache
def load_sentences() -> dict[str, list[SourceSentence]]:
    """Document → its sentences in order."""
    by_doc: dict[str, list[SourceSentence]] = {}
    for row in _rows(TRAINING_DIR / SENTENCES_FILE):
        by_doc.setdefault(row["doc"], []).append(SourceSentence(row["doc"], row["sid"], row["text"]))
    return by_doc


def load_questions(files: tuple[str, ...] | None = None) -> list[LabelledQuestion]:
    """The questions of every question file, or of ``files`` (names in ``training/``) only."""
    return [
        LabelledQuestion(
            row["question"],
            row["template"],
            row.get("doc", SEED_DOCUMENT),
            frozenset(row.get("key", [])),
            frozenset(row.get("useful", [])),
        )
        for path in sorted(TRAINING_DIR.glob("*.jsonl"))
        if path.name != SENTENCES_FILE and (files is None or path.name in files)
        for row in _rows(path)
    ]
