"""The labelled emergency set (``training/emergency/*.jsonl``) and its split by template within each category.

Each message belongs to a *template* (one situation and wording idea; its variants swap person, tense, typos,
units). Paraphrases of one template must not sit on both sides, so whole templates are held out, and training
never reads ``heldout``. A template's split is fixed once made (``splits.tsv``), so adding templates never
moves one: a model trained before new data arrived is still measured only on templates it never saw. The first
templates were split within each (label, category) by hash order, the first ``HELD_OUT_SHARE`` held out;
a template not in the file yet is held out when its own hash falls in the first ``HELD_OUT_SHARE`` of the
hash space.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from answering.list_files import content_lines

EMERGENCY_DATA_DIR = Path(__file__).resolve().parent / "training" / "emergency"
#: What only the second reader learns from (``emergency_second_model.json``): the first network trained with it
#: lost emergencies it found before (``training/emergency/candidates/README.md``, the eleventh try).
SECOND_READER_DIR = EMERGENCY_DATA_DIR / "second_reader"
SPLITS_FILE = "splits.tsv"
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


def fixed_splits(directory: Path = EMERGENCY_DATA_DIR) -> dict[str, Split]:
    """template → split, as recorded in ``splits.tsv``."""
    return dict(line.split("\t") for line in content_lines(directory / SPLITS_FILE))


def split_of_new(template: str) -> Split:
    """For a template ``splits.tsv`` does not list yet: decided by its own hash, whatever else is added."""
    return "heldout" if int(_hash(template)[:8], 16) < HELD_OUT_SHARE * 16**8 else "train"


def load_emergency_set(*directories: Path) -> list[EmergencyExample]:
    """The labelled messages of ``directories`` (default: the main set), their files read in name order across
    all of them, each directory's ``splits.tsv`` fixing its own templates."""
    directories = directories or (EMERGENCY_DATA_DIR,)
    paths = sorted(
        (path for directory in directories for path in directory.glob("*.jsonl")), key=lambda p: p.name
    )
    rows = [
        json.loads(line)
        for path in paths
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    fixed = {
        template: split for directory in directories for template, split in fixed_splits(directory).items()
    }
    return [
        EmergencyExample(
            id=row["id"],
            text=row["text"],
            emergency=row["label"] == "emergency",
            category=row["category"],
            template=row["template"],
            split=fixed.get(row["template"]) or split_of_new(row["template"]),
            kind=row.get("kind", ""),
        )
        for row in rows
    ]
