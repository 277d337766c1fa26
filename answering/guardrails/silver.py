"""The shared silver set (``data/personal-general-dev.jsonl``) split once, by id, so nobody trains on the report rows.

Buckets come from a hash of the row id, not from the row order, so the split never changes when rows are
added or shuffled: ``heldout`` is only ever reported on, ``evalpool`` feeds hand-checked items into
``evals/guardrails.jsonl``, and ``train`` is the only part the classifier may learn from.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Literal

from answering.list_files import content_lines
from answering.settings import PROJECT_ROOT

SILVER_PATH = PROJECT_ROOT / "data" / "personal-general-dev.jsonl"
Split = Literal["heldout", "evalpool", "train"]


def split_of(row_id: str) -> Split:
    """30 % held out for reporting, 10 % for the hand-checked eval items, 60 % for training."""
    bucket = int(hashlib.sha256(row_id.encode("utf-8")).hexdigest(), 16) % 10
    if bucket < 3:
        return "heldout"
    return "evalpool" if bucket == 3 else "train"


#: Every row of every split read by hand (about one silver label in four was wrong): the held-out and evalpool
#: splits in one file, the training split in two halves.
HAND_CHECKED_PATHS = tuple(
    Path(__file__).resolve().parent / "training" / name
    for name in ("heldout_labels.tsv", "train_labels_even.tsv", "train_labels_odd.tsv")
)


def hand_checked_labels(paths: tuple[Path, ...] = HAND_CHECKED_PATHS) -> dict[str, str]:
    """id → personal / general / drop, as a person judged it by ``prompts/personal_policy.md``."""
    labels = {}
    for path in paths:
        labels.update(line.split("\t")[:2] for line in content_lines(path))
    return labels


def load_hand_checked(split: Split) -> list[dict]:
    """The rows of a split with their hand-checked label (``drop`` rows left out)."""
    labels = hand_checked_labels()
    rows = [{**row, "label": labels.get(row["id"], row["label"])} for row in load_silver(split)]
    return [row for row in rows if row["label"] != "drop"]


def load_silver(split: Split, path: Path = SILVER_PATH) -> list[dict]:
    """Rows ``{id, text, label, ...}`` of one split, in file order."""
    with path.open(encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines if line.strip()]
    return [row for row in rows if split_of(row["id"]) == split]
