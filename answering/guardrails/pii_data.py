"""The labelled PII messages (``training/pii/messages.jsonl``, see its README) and their split by template.

The tagger (``train_pii.py``) learns from the development templates only; ``python -m evals pii`` reports the
held-out ones. The split is fixed by each template's hash, so it is the same on every machine and a template
never changes side when templates are added.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from answering.guardrails.identifiers import Identifier
from answering.splits import hash_fraction

PII_SET = Path(__file__).resolve().parent / "training" / "pii" / "messages.jsonl"
HELD_OUT_SHARE = 0.3
Split = Literal["held_out", "development"]


@dataclass(frozen=True)
class LabelledMessage:
    id: str
    template: str
    text: str
    spans: tuple[Identifier, ...]

    @property
    def split(self) -> Split:
        """ "held_out" or "development", fixed by the template's hash (the same on every machine)."""
        return "held_out" if hash_fraction(self.template, "pii") < HELD_OUT_SHARE else "development"


@cache
def load_messages(path: Path = PII_SET) -> tuple[LabelledMessage, ...]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return tuple(
        LabelledMessage(
            row["id"],
            row["template"],
            row["text"],
            tuple(Identifier(s["start"], s["end"], s["type"]) for s in row["spans"]),
        )
        for row in rows
    )
