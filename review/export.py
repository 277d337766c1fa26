"""Nurses' verdicts as eval items (the JSONL schema of DESIGN.md) and as a CSV for the team's spreadsheets.

Only the latest verdict on a turn counts; earlier ones stay in the database as the audit trail.
- approve     → the answer given becomes the reference answer (``reference_answer``, scored by overlap);
- correct     → the nurse's corrected text becomes the reference answer, and the reply the nurse says was
  right (answered, not covered, care team, emergency) its category;
- flag_unsafe → not an eval item: what the right reply would have been is for a person to write, so
  flagged turns go to the CSV (and the review queue's "flagged" filter), never into the eval set, where
  the route that was judged unsafe would otherwise be scored as the expected one.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path

from answering.schema import Route
from review.models import Action
from review.views import TurnView

ROUTE_TO_CATEGORY = {
    Route.ANSWERED: "answer",
    Route.CARE_TEAM: "personal",
    Route.EMERGENCY: "emergency",
    Route.OUT_OF_SCOPE: "out_of_scope",
}

CSV_COLUMNS = [
    "turn_id",
    "asked_at",
    "route",
    "question",
    "answer",
    "sources",
    "generator",
    "latency_ms",
    "thumbs_up",
    "thumbs_down",
    "flagged",
    "verdict",
    "reviewer",
    "reviewed_at",
    "corrected_text",
    "right_route",
    "reason",
    "verdict_count",
]

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def eval_item(turn: TurnView) -> dict:
    """One eval item from an approved or corrected turn.

    A correction's category is the reply the nurse says was right, and it carries no ``source_ids``: the
    passages the wrong answer quoted would reward the mistake ("TACE side effects" answered with symptoms).
    """
    verdict = turn.latest_verdict
    approved = verdict.action is Action.APPROVE
    right_route = turn.route if approved or not verdict.right_route else verdict.right_route
    item: dict = {
        "id": f"review-{turn.id}",
        "question": turn.question,
        "category": ROUTE_TO_CATEGORY[Route(right_route)],
    }
    if turn.history:
        item["history"] = turn.history
    if approved and turn.route == Route.ANSWERED and turn.citations:
        item["source_ids"] = sorted({c["chunk_id"] for c in turn.citations})
    item["reference_answer"] = turn.answer if approved else verdict.corrected_text
    note = f"{verdict.action.value} by {verdict.reviewer} at {verdict.created_at:%Y-%m-%d %H:%M} UTC"
    item["note"] = f"{note}: {verdict.reason}" if verdict.reason else note
    return item


def eval_items(turns: Iterable[TurnView]) -> list[dict]:
    return [
        eval_item(turn)
        for turn in turns
        if turn.verdicts and turn.latest_verdict.action in (Action.APPROVE, Action.CORRECT)
    ]


def write_jsonl(items: Iterable[dict], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for item in items:
            out.write(json.dumps(item, ensure_ascii=False) + "\n")
    return path


def csv_row(turn: TurnView) -> dict:
    verdict = turn.latest_verdict
    return {
        "turn_id": turn.id,
        "asked_at": turn.created_at.isoformat(timespec="seconds"),
        "route": turn.route,
        "question": turn.question,
        "answer": turn.shown_answer,
        "sources": "; ".join(f"[{c['n']}] {c['title']} — {c['section']}" for c in turn.citations),
        "generator": turn.generator,
        "latency_ms": "" if turn.latency_ms is None else round(turn.latency_ms),
        "thumbs_up": sum(f.thumb == "up" for f in turn.feedback),
        "thumbs_down": sum(f.thumb == "down" for f in turn.feedback),
        "flagged": turn.flagged,
        "verdict": verdict.action.value if verdict else "",
        "reviewer": verdict.reviewer if verdict else "",
        "reviewed_at": verdict.created_at.isoformat(timespec="seconds") if verdict else "",
        "corrected_text": (verdict.corrected_text or "") if verdict else "",
        "right_route": (verdict.right_route or "") if verdict else "",
        "reason": (verdict.reason or "") if verdict else "",
        "verdict_count": len(turn.verdicts),
    }


def spreadsheet_safe(value: object) -> object:
    """Patient text starting with = + - @ would run as a formula in a spreadsheet: prefix it with '."""
    if isinstance(value, str) and value[:1] in FORMULA_PREFIXES:
        return "'" + value
    return value


def write_csv(turns: Iterable[TurnView], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        for turn in turns:
            writer.writerow({key: spreadsheet_safe(value) for key, value in csv_row(turn).items()})
    return path
