"""The answerability model's held-out seed-document questions as an eval set with a sentence key.

Gold was read while the sentence choice was tuned; these questions were written by other hands, for training
data, their templates were never trained on, and no bar of the sentence choice was chosen on them. So they show
how answers fare on questions the design was not fitted to. ``python -m evals import-heldout`` writes them
(``answerability_heldout.jsonl`` and its key beside ``gold_sentence_keys.jsonl``); ``python -m evals run`` scores
them like gold: key recall, precision and complete answers for covered questions, "not answered" for the
uncovered ones.
"""

from __future__ import annotations

import json
from pathlib import Path

from answering.answerability.data import SEED_DOCUMENT, load_questions, split_of
from answering.settings import PROJECT_ROOT
from evals.answer_quality import KEYS_DIR
from evals.dataset import write_items

HELDOUT_SET = PROJECT_ROOT / "evals" / "answerability_heldout.jsonl"
HELDOUT_KEYS = KEYS_DIR / "answerability_heldout_sentence_keys.jsonl"


def heldout_rows() -> tuple[list[dict], list[dict]]:
    """(eval items, their sentence keys): a covered question is an ``answer`` item with a key; an uncovered one
    (its topic covered, the aspect asked not) an ``out_of_scope`` item of kind ``uncovered_aspect``."""
    questions = [q for q in load_questions() if q.doc == SEED_DOCUMENT and split_of(q.template) == "held_out"]
    seed_sentences = (KEYS_DIR / "seed_sentences.jsonl").read_text(encoding="utf-8").splitlines()
    section_of = {row["sid"]: row["section"] for row in map(json.loads, seed_sentences)}
    items, keys = [], []
    for number, question in enumerate(questions, start=1):
        item_id = f"ah-{number:03d}"
        if question.covered:
            sections = sorted({section_of[sid] for sid in question.key})
            source_ids = [f"{SEED_DOCUMENT}#{section}" for section in sections]
            items.append(
                {"id": item_id, "question": question.question, "category": "answer", "source_ids": source_ids}
            )
            keys.append({"id": item_id, "key": sorted(question.key), "useful": sorted(question.useful)})
        else:
            items.append(
                {
                    "id": item_id,
                    "question": question.question,
                    "category": "out_of_scope",
                    "kind": "uncovered_aspect",
                }
            )
    return items, keys


def write_heldout(items_path: Path = HELDOUT_SET, keys_path: Path = HELDOUT_KEYS) -> tuple[int, int]:
    """Write both files; returns (items, keyed items)."""
    items, keys = heldout_rows()
    write_items(items, items_path)
    keys_path.write_text("".join(json.dumps(key) + "\n" for key in keys), encoding="utf-8")
    return len(items), len(keys)
