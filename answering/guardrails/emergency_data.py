"""The labelled emergency set (``training/emergency/*.jsonl``) and its split by template within each category.

Each message belongs to a *template* (one situation and wording idea; its variants swap person, tense, typos,
units). Paraphrases of one template must not sit on both sides, so whole templates are held out: within each
category the templates are ordered by a hash of their id and the first ``HELD_OUT_SHARE`` go to ``heldout``,
which training never reads. Adding templates never moves an existing one unless its category's count changes
the cut; the hash keeps the choice independent of file order.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

EMERGENCY_DATA_DIR = Path(__file__).resolve().parent / "training" / "emergency"
HELD_OUT_SHARE = 0.3
Split = Literal["train", "heldout"]


@dataclass(frozen=True)
class EmergencyExample:
    id: str
    text: str
    emergency: bool
    category: str  # the emergency category (for a negative: the one whose words it borrows)
    template: str
    split: Split
    kind: str = ""  # for a negative: what makes it one (textbook, idiom, past, mild symptom, …)


def _hash(template: str) -> str:
    return hashlib.sha256(template.encode("utf-8")).hexdigest()


def held_out_templates(rows: list[dict]) -> set[str]:
    """Per (label, category): the first ``HELD_OUT_SHARE`` of its templates in hash order, at least one."""
    templates: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in rows:
        templates[(row["label"], row["category"])].add(row["template"])
    held: set[str] = set()
    for group in templates.values():
        ordered = sorted(group, key=_hash)
        held.update(ordered[: max(1, round(len(ordered) * HELD_OUT_SHARE))])
    return held


def load_emergency_set(directory: Path = EMERGENCY_DATA_DIR) -> list[EmergencyExample]:
    rows = [
        json.loads(line)
        for path in sorted(directory.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    held = held_out_templates(rows)
    return [
        EmergencyExample(
            id=row["id"],
            text=row["text"],
            emergency=row["label"] == "emergency",
            category=row["category"],
            template=row["template"],
            split="heldout" if row["template"] in held else "train",
            kind=row.get("kind", ""),
        )
        for row in rows
    ]
