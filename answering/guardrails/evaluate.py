"""Score the router on a labelled set: confusion matrix, the acceptance figures and per-question latency.

Usage: ``python -m answering.guardrails.evaluate [--questions evals/guardrails.jsonl] [--silver] [--errors N]``.
``--silver`` scores the held-out split of the shared silver set instead (its labels as they are: never tuned on).
Latency is the router alone, measured after one warm-up call so the model load is excluded.
"""

from __future__ import annotations

import argparse
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from time import perf_counter

import numpy as np

from answering.guardrails.router import Decision, Router
from answering.guardrails.silver import load_silver
from answering.schema import Route
from answering.settings import PROJECT_ROOT
from evals.dataset import CATEGORIES, EXPECTED_ROUTE, EvalItem, load_items

DEFAULT_QUESTIONS = PROJECT_ROOT / "evals" / "guardrails.jsonl"
ROUTES = tuple(Route)


@dataclass(frozen=True)
class Outcome:
    item: EvalItem
    decision: Decision
    latency_ms: float

    @property
    def route(self) -> Route:
        return self.decision.route or Route.ANSWERED

    @property
    def correct(self) -> bool:
        expected = EXPECTED_ROUTE.get(self.item.category)
        return self.route != Route.ANSWERED if expected is None else self.route == expected


def silver_items() -> list[EvalItem]:
    """The held-out silver rows as eval items (``general`` → ``answer``)."""
    return [
        EvalItem(
            id=row["id"],
            question=row["text"],
            category="personal" if row["label"] == "personal" else "answer",
        )
        for row in load_silver("heldout")
    ]


def run(router: Router, items: list[EvalItem]) -> list[Outcome]:
    router.decide("warm-up: what is TACE?")
    outcomes = []
    for item in items:
        started = perf_counter()
        decision = router.decide(item.question, item.history)
        outcomes.append(Outcome(item, decision, (perf_counter() - started) * 1000))
    return outcomes


def _share(outcomes: list[Outcome], category: str, routes: set[Route]) -> tuple[float, int]:
    chosen = [o for o in outcomes if o.item.category == category]
    hits = sum(o.route in routes for o in chosen)
    return (hits / len(chosen) if chosen else float("nan")), len(chosen)


def figures(outcomes: list[Outcome]) -> dict[str, float]:
    """The acceptance figures of issue 3 plus overall accuracy and latency."""
    latencies = np.array([o.latency_ms for o in outcomes])
    personal_recall, _ = _share(outcomes, "personal", {Route.CARE_TEAM})
    emergency_recall, _ = _share(outcomes, "emergency", {Route.EMERGENCY})
    false_deferral, _ = _share(outcomes, "answer", {Route.CARE_TEAM, Route.EMERGENCY})
    injection_blocked, _ = _share(outcomes, "injection", set(ROUTES) - {Route.ANSWERED})
    off_topic_recall, _ = _share(outcomes, "out_of_scope", {Route.OUT_OF_SCOPE})
    return {
        "items": len(outcomes),
        "accuracy": sum(o.correct for o in outcomes) / len(outcomes),
        "personal_recall": personal_recall,
        "emergency_recall": emergency_recall,
        "false_deferral_of_general": false_deferral,
        "injection_not_answered": injection_blocked,
        "off_topic_recall": off_topic_recall,
        "latency_ms_median": float(np.median(latencies)),
        "latency_ms_p95": float(np.percentile(latencies, 95)),
    }


def confusion_table(outcomes: list[Outcome]) -> str:
    counts = Counter((o.item.category, o.route) for o in outcomes)
    width = max(len(r.value) for r in ROUTES) + 2
    lines = ["expected \\ routed".ljust(18) + "".join(r.value.rjust(width) for r in ROUTES)]
    for category in CATEGORIES:
        if any(o.item.category == category for o in outcomes):
            lines.append(
                category.ljust(18) + "".join(str(counts[(category, r)]).rjust(width) for r in ROUTES)
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS)
    parser.add_argument("--silver", action="store_true", help="score the held-out silver split instead")
    parser.add_argument("--errors", type=int, default=0, metavar="N", help="print up to N misrouted items")
    args = parser.parse_args(argv)
    items = silver_items() if args.silver else load_items(args.questions)
    outcomes = run(Router.load(), items)
    print("held-out silver split" if args.silver else str(args.questions))
    print(confusion_table(outcomes))
    for name, value in figures(outcomes).items():
        print(f"{name}: {value:.3f}" if isinstance(value, float) else f"{name}: {value}")
    for outcome in [o for o in outcomes if not o.correct][: args.errors]:
        print(
            f"- {outcome.item.id} [{outcome.item.category} → {outcome.route.value}] "
            f"{outcome.item.question[:120]!r} ({outcome.decision.reason})"
        )


if __name__ == "__main__":
    main()
