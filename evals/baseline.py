"""Regression guard: the headline metrics (extractive generator) vs ``evals/baseline.json``: the gold set's, the
share of ``evals/unanswerable.jsonl`` not answered per kind (uncovered aspect, other disease), and the answer
quality on ``evals/answerability_heldout.jsonl`` (questions the sentence choice was not fitted to).

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
UNANSWERABLE_PATH = PROJECT_ROOT / "evals" / "unanswerable.jsonl"
HELDOUT_PATH = PROJECT_ROOT / "evals" / "answerability_heldout.jsonl"
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
#: Of ``UNANSWERABLE_PATH``: a confident, cited non-answer is the failure these count.
REFUSAL_HEADLINE = {
    "uncovered_aspect_not_answered": ("not_answered_by_kind", "uncovered_aspect"),
    "other_disease_not_answered": ("not_answered_by_kind", "other_disease"),
}


def headline(scores: dict, names: dict[str, tuple[str, str]] = HEADLINE) -> dict[str, float | None]:
    """The numbers the guard watches, from one generator's scores of one question set."""
    return {name: scores[section].get(key) for name, (section, key) in names.items()}


#: Of ``HELDOUT_PATH``: gold was read while the bars were tuned, these questions were not.
HELDOUT_HEADLINE = {
    "heldout_key_sentence_recall": ("answer_quality", "key_recall"),
    "heldout_sentence_precision": ("answer_quality", "sentence_precision"),
    "heldout_complete_answers": ("answer_quality", "complete_share"),
    "heldout_uncovered_not_answered": ("not_answered_by_kind", "uncovered_aspect"),
}


def current_headline(
    gold_scores: dict, unanswerable_scores: dict, heldout_scores: dict | None = None
) -> dict[str, float | None]:
    """The gold set's headline, the unanswerable set's refusals and the held-out set's answer quality, as one
    dict (no held-out figures without its scores)."""
    held = headline(heldout_scores, HELDOUT_HEADLINE) if heldout_scores is not None else {}
    return headline(gold_scores) | headline(unanswerable_scores, REFUSAL_HEADLINE) | held


def baseline_document(metrics: dict[str, float | None], questions: list[str]) -> dict:
    """What ``evals/baseline.json`` holds."""
    return {
        "questions": questions,
        "generator": BASELINE_GENERATOR,
        "tolerance": TOLERANCE,
        "metrics": {name: None if value is None else round(value, 4) for name, value in metrics.items()},
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
