"""The extended set: MedQuAD questions over ``data/nih-corpus``, scored by document retrieval and overlap."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from answering.settings import PROJECT_ROOT

MEDQUAD_SOURCE = PROJECT_ROOT / "data" / "medquad-dev.jsonl"
MEDQUAD_SET = PROJECT_ROOT / "evals" / "medquad.jsonl"
NIH_CORPUS = PROJECT_ROOT / "data" / "nih-corpus"


def medquad_item(row: dict) -> dict:
    """An eval item whose source is the whole reference document (chunk ids start with its file stem)."""
    return {
        "id": f"medquad-{row['id']}",
        "question": row["question"],
        "category": "answer",
        "source_ids": [Path(row["source_file"]).stem],
        "reference_answer": row["answer"],
    }


def medquad_items(lines: Iterable[str]) -> list[dict]:
    return [medquad_item(json.loads(line)) for line in lines if line.strip()]
