"""How closely must the best source sentence answer a question before the extractive answer is given?

``python -m evals support --out evals/results/support`` answers the seed-document questions of the answerability
set (``answering/answerability/training``: covered questions, and questions on a covered topic whose aspect no
sentence answers) with the product's pipeline, and reads each one's *support*: the extractive score of its best
source sentence (a definition or comparison the product answers by naming its subject counts as above any bar).
For a range of bars it reports the share of covered questions still answered and of uncovered
ones declined — on the templates a bar is chosen on (training and validation) and on the held-out templates,
which only report. The shipped bar is the setting ``MIN_ANSWER_SUPPORT``.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from answering.answerability.data import SEED_DOCUMENT, load_questions, split_of
from answering.extractive import extractive_answer
from answering.focus import answered_by_naming
from answering.glossary import GLOSSARY_FILE, load_glossary
from answering.pipeline import Assistant
from answering.schema import Route
from answering.settings import get_settings
from evals.report import fmt, table
from evals.shares import share_where

BARS = tuple(round(bar, 2) for bar in np.arange(0.70, 1.21, 0.05))
CHOSEN_ON = ("train", "validation")


@dataclass(frozen=True)
class SupportOutcome:
    covered: bool
    split: str
    answered: bool  # by the pipeline with no support bar
    support: float


def support_outcomes(assistant: Assistant) -> list[SupportOutcome]:
    """Every seed-document question, answered with the support bar off, and its support."""
    glossary = load_glossary(assistant.settings.corpus_dir / GLOSSARY_FILE)
    outcomes = []
    for question in load_questions():
        if question.doc != SEED_DOCUMENT:
            continue
        answer = assistant.answer(question.question)
        grounded = extractive_answer(
            assistant.retriever.retrieve(assistant.search_query(question.question)), assistant.settings
        )
        answered = answer.route == Route.ANSWERED or answer.reason.startswith("no sentence answers")
        support = grounded.support if grounded and grounded.support is not None else 0.0
        if grounded and answered_by_naming(question.question, glossary, grounded.citations):
            support = math.inf  # a definition or comparison the product answers at any bar
        outcomes.append(SupportOutcome(question.covered, split_of(question.template), answered, support))
    return outcomes


def curve(outcomes: list[SupportOutcome], bar: float) -> dict[str, float | None]:
    """Covered questions answered, uncovered ones declined, with this bar (a question the pipeline declined for
    another reason stays declined)."""
    covered = [o for o in outcomes if o.covered]
    uncovered = [o for o in outcomes if not o.covered]
    return {
        "covered_answered": share_where(covered, lambda o: o.answered and o.support >= bar),
        "uncovered_declined": share_where(uncovered, lambda o: not o.answered or o.support < bar),
    }


def balanced_bar(curves: dict[str, dict[str, float | None]]) -> float:
    """The bar at which covered questions answered and uncovered ones declined, weighed alike, are highest: a
    confident non-answer misleads as much as a wrongly declined question disappoints. Ties go to the lower bar."""
    best, _ = min(curves.items(), key=lambda item: (-_balanced(item[1]), float(item[0])))
    return float(best)


def _balanced(point: dict[str, float | None]) -> float:
    return ((point["covered_answered"] or 0.0) + (point["uncovered_declined"] or 0.0)) / 2


def write_support_report(out: Path) -> dict:
    settings = get_settings()
    outcomes = support_outcomes(Assistant.from_settings(settings))
    groups = {
        "chosen_on": [o for o in outcomes if o.split in CHOSEN_ON],
        "held_out": [o for o in outcomes if o.split not in CHOSEN_ON],
    }
    scores = {
        "shipped_bar": settings.min_answer_support,
        "questions": {name: len(group) for name, group in groups.items()},
        "curves": {name: {str(bar): curve(group, bar) for bar in BARS} for name, group in groups.items()},
        "shipped": {name: curve(group, settings.min_answer_support) for name, group in groups.items()},
    }
    scores["balanced_bar"] = balanced_bar(scores["curves"]["chosen_on"])
    out.mkdir(parents=True, exist_ok=True)
    (out / "scores.json").write_text(json.dumps(scores, indent=2), encoding="utf-8")
    (out / "report.md").write_text("\n".join(_report(scores)) + "\n", encoding="utf-8")
    return scores


def _report(scores: dict) -> list[str]:
    rows = [
        [
            f"**{bar}**" if float(bar) == scores["shipped_bar"] else bar,
            *(fmt(scores["curves"][name][bar][key]) for name in ("chosen_on", "held_out") for key in _KEYS),
            fmt(_balanced(scores["curves"]["chosen_on"][bar])),
        ]
        for bar in scores["curves"]["chosen_on"]
    ]
    return [
        "# Answer support: how closely the best sentence must answer",
        "",
        "Seed-document questions of the answerability set, answered by the pipeline; a question whose best source "
        "sentence scores below the bar is declined. Command: `python -m evals support --out evals/results/support`.",
        "",
        f"Questions: {scores['questions']['chosen_on']} on the training and validation templates (the bar is "
        f"chosen there), {scores['questions']['held_out']} on the held-out templates. Shipped bar in bold. The bar "
        "is chosen where the two shares on the chosen-on templates, weighed alike, are highest (a confident "
        f"non-answer misleads as much as a wrongly declined question disappoints): {scores['balanced_bar']}.",
        "",
        *table(
            [
                "bar",
                "covered answered (chosen on)",
                "uncovered declined (chosen on)",
                "covered answered (held out)",
                "uncovered declined (held out)",
                "mean of the two (chosen on)",
            ],
            rows,
        ),
    ]


_KEYS = ("covered_answered", "uncovered_declined")
