"""Regression guard: the gold set's headline metrics (extractive generator) vs ``evals/baseline.json``.

The extractive path is deterministic, so the tolerance only absorbs numeric noise across machines (an
embedding cosine landing on the other side of a threshold for one sentence or item); anything larger is
a real change and must be accepted deliberately with ``python -m evals baseline``.
"""

from __future__ import annotations

import json
from pathlib import Path

from answering.settings import PROJECT_ROOT

BASELINE_PATH = PROJECT_ROOT / "evals" / "baseline.json"
GOLD_PATH = PROJECT_ROOT / "evals" / "gold.jsonl"
BASELINE_GENERATOR = "extractive"
TOLERANCE = 0.02

HEADLINE = {
    "key_sentence_recall": ("answer_quality", "key_recall"),
    "sentence_precision": ("answer_quality", "sentence_precision"),
    "complete_answers": ("answer_quality", "complete_share"),
    "fact_accuracy": ("facts", "fact_accuracy"),
    "all_facts_share": ("facts", "all_facts_share"),
    "citation_support": ("citation_support", "supported_share"),
    "routing_accuracy": ("routing", "accuracy"),
    "recall@5": ("retrieval", "recall@5"),
}


def headline(scores: dict) -> dict[str, float | None]:
    """The numbers the guard watches, from one generator's scores."""
    return {name: scores[section][key] for name, (section, key) in HEADLINE.items()}


def baseline_document(scores: dict, questions: str) -> dict:
    """What ``evals/baseline.json`` holds."""
    return {
        "questions": questions,
        "generator": BASELINE_GENERATOR,
        "tolerance": TOLERANCE,
        "metrics": {
            name: None if value is None else round(value, 4) for name, value in headline(scores).items()
        },
    }


def write_baseline(document: dict, path: Path) -> None:
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")


def load_baseline(path: Path = BASELINE_PATH) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def regressions(current: dict[str, float | None], baseline: dict) -> list[str]:
    """Each headline metric below ``baseline - tolerance`` (or gone missing); empty when all hold."""
    tolerance = baseline["tolerance"]
    found = []
    for name, expected in baseline["metrics"].items():
        actual = current.get(name)
        if expected is None:
            continue
        if actual is None:
            found.append(f"{name}: missing (baseline {expected:.3f})")
        elif actual < expected - tolerance:
            found.append(f"{name}: {actual:.3f} < baseline {expected:.3f} - {tolerance}")
    return found
