"""The safety report: emergencies per category, false alarms, personal recall, false deferral, other languages.

``python -m evals safety --out evals/results/safety`` routes every labelled set through the real router (no
index needed) and writes ``scores.json`` and a readable ``report.md``. Figures that count are on data the
classifiers never saw: the held-out emergency templates and the held-out consumer questions.
"""

from __future__ import annotations

import json
from pathlib import Path

from answering.guardrails.router import Router
from evals.baseline import GOLD_PATH
from evals.care_team_replies import REPLY_SETS, UNREAD_REPLY_SETS, reply_fit_figures
from evals.dataset import load_items
from evals.guardrails import (
    GUARDRAIL_SET,
    PERSONAL_PROBE_SETS,
    PROBE_SETS,
    UNREAD_PROBES,
    consumer_items,
    emergency_figures,
    emergency_items,
    misrouted,
    multilingual_figures,
    multilingual_items,
    routing_figures,
    run,
)
from evals.report import fmt, table


def evaluate_safety(router: Router) -> tuple[dict, dict[str, list]]:
    """Scores per set, and the outcomes (for the misrouted lists)."""
    outcomes = {
        "emergency_heldout": run(router, emergency_items("heldout")),
        "emergency_train": run(router, emergency_items("train")),
        **{key: run(router, load_items(path)) for key, (path, _) in PROBE_SETS.items()},
        "consumer_heldout": run(router, consumer_items()),
        "guardrail_set": run(router, load_items(GUARDRAIL_SET)),
        "gold_set": run(router, load_items(GOLD_PATH)),
        **{key: run(router, load_items(path)) for key, (path, _) in PERSONAL_PROBE_SETS.items()},
        "multilingual": run(router, multilingual_items()),
        **{key: run(router, load_items(path)) for key, (path, _) in REPLY_SETS.items()},
    }
    scores = {
        "emergency_heldout": emergency_figures(outcomes["emergency_heldout"]),
        "emergency_train": emergency_figures(outcomes["emergency_train"]),
        **{key: emergency_figures(outcomes[key]) for key in PROBE_SETS},
        "consumer_heldout": routing_figures(outcomes["consumer_heldout"]),
        "guardrail_set": routing_figures(outcomes["guardrail_set"]),
        "gold_set": routing_figures(outcomes["gold_set"]),
        **{key: routing_figures(outcomes[key]) for key in PERSONAL_PROBE_SETS},
        "multilingual": multilingual_figures(outcomes["multilingual"]),
        **{key: reply_fit_figures(outcomes[key], router.settings) for key in REPLY_SETS},
    }
    return scores, outcomes


def _reply_fit_section(scores: dict, errors: int) -> list[str]:
    """How often the care-team reply fits the message, per set and kind, and the first replies that do not (not
    for an unread set)."""
    lines = [
        "## Care-team replies fit the message",
        "",
        "Personal messages labelled with the reply they need (a plan for a red flag: what to do then; feelings: the "
        "warm reply naming support; a symptom: call today; a result or decision: ask at your visit), and "
        "emergencies told the same way (their reply: the emergency route).",
        "",
    ]
    for key, (_, heading) in REPLY_SETS.items():
        figures = scores[key]
        rows = [
            [kind, fmt(f["messages"]), fmt(f["sent_to_care_team"]), fmt(f["given_its_reply"])]
            for kind, f in {**figures["per_kind"], "**all**": figures["all"]}.items()
        ]
        misfits = [] if key in UNREAD_REPLY_SETS else figures["misfits"][:errors]
        lines += [
            f"### {heading}",
            "",
            *table(["kind", "messages", "sent to the care team", "given its reply"], rows),
            "",
            *(
                [f"Replies that do not fit (first {errors}):", "", *(f"- {m}" for m in misfits), ""]
                if misfits
                else []
            ),
        ]
    return lines


def _emergency_section(scores: dict, title: str) -> list[str]:
    rows = [
        [category, fmt(c["emergencies"]), fmt(c["recall"]), fmt(c["hard_negatives"]), fmt(c["false_alarms"])]
        for category, c in scores["per_category"].items()
    ]
    rows.append(
        [
            "**all**",
            fmt(scores["emergencies"]),
            fmt(scores["recall"]),
            fmt(scores["hard_negatives"]),
            fmt(scores["false_alarms"]),
        ]
    )
    return [
        f"## {title}",
        "",
        *table(["category", "emergencies", "recall", "hard negatives", "false alarms"], rows),
        "",
        f"Self-harm messages given the crisis reply: {fmt(scores['self_harm_given_crisis_reply'])}. "
        f"Router median {fmt(scores['latency_ms']['median'], 1)} ms, p95 {fmt(scores['latency_ms']['p95'], 1)} ms.",
        "",
        *_false_alarms_by_kind(scores["false_alarms_per_kind"]),
        *_by_conversation_style(scores["per_conversation_style"]),
    ]


def _by_conversation_style(per_style: dict[str, dict]) -> list[str]:
    if not per_style:
        return []
    rows = [[style, fmt(c["recall"]), fmt(c["false_alarms"])] for style, c in per_style.items()]
    return [
        "By how the latest message relates to the turns before:",
        "",
        *table(["style", "recall", "false alarms"], rows),
        "",
    ]


def _false_alarms_by_kind(per_kind: dict[str, float | None]) -> list[str]:
    """A set whose hard negatives carry no kind (the second probe names them by category) gets no table."""
    if not per_kind:
        return []
    return [
        "False alarms by kind of hard negative:",
        "",
        *table(list(per_kind), [[fmt(value) for value in per_kind.values()]]),
        "",
    ]


def _routing_rows(scores: dict) -> list[list[str]]:
    names = {
        "consumer_heldout": "held-out consumer questions (hand-checked labels)",
        "guardrail_set": "`evals/guardrails.jsonl`",
        "gold_set": "`evals/gold.jsonl`",
        **{key: heading for key, (_, heading) in PERSONAL_PROBE_SETS.items()},
    }
    return [
        [
            name,
            fmt(scores[key]["items"]),
            fmt(scores[key]["personal_recall"]),
            fmt(scores[key]["false_deferral_of_general"]),
            fmt(scores[key]["emergency_recall"]),
            fmt(scores[key]["injection_not_answered"]),
            fmt(scores[key]["questions_sent_to_emergency"]),
            f"{fmt(scores[key]['latency_ms']['median'], 1)} / {fmt(scores[key]['latency_ms']['p95'], 1)}",
        ]
        for key, name in names.items()
    ]


def render_report(scores: dict, outcomes: dict[str, list], errors: int = 15) -> str:
    multilingual = scores["multilingual"]
    lines = [
        "# Safety report",
        "",
        "Every message goes through the real router (patterns, the emergency and personal classifiers, the",
        "language check). The emergency set is split by template within each category: the held-out templates",
        "were never trained on. Command: `python -m evals safety --out evals/results/safety`.",
        "",
        *_emergency_section(scores["emergency_heldout"], "Emergencies: held-out templates"),
        *(
            line
            for key, (_, heading) in PROBE_SETS.items()
            for line in _emergency_section(scores[key], f"Emergencies: {heading}")
        ),
        *_emergency_section(scores["emergency_train"], "Emergencies: training templates (seen in training)"),
        "## Personal questions and false deferral",
        "",
        *table(
            [
                "set",
                "items",
                "personal recall",
                "false deferral",
                "emergency recall",
                "injection not answered",
                "questions sent to emergency",
                "ms median / p95",
            ],
            _routing_rows(scores),
        ),
        "",
        *_reply_fit_section(scores, errors),
        "## Messages not in English",
        "",
        f"{multilingual['items']} messages (`evals/multilingual.jsonl`): never answered "
        f"{fmt(multilingual['never_answered'])}, personal questions not answered "
        f"{fmt(multilingual['personal_not_answered'])}, emergencies in the listed languages routed `emergency` "
        f"{fmt(multilingual['emergency_recall_listed_languages'])}, emergencies in all languages "
        f"{fmt(multilingual['emergency_recall_all_languages'])}; messages that are not emergencies routed "
        f"`emergency` {fmt(multilingual['false_alarms'])}. Router median "
        f"{fmt(multilingual['latency_ms']['median'], 1)} ms, p95 {fmt(multilingual['latency_ms']['p95'], 1)} ms.",
        "",
        *table(
            ["language", *multilingual["emergency_recall_per_language"]],
            [["emergency recall", *map(fmt, multilingual["emergency_recall_per_language"].values())]],
        ),
        "",
        "## Misrouted (first of each set)",
        "",
    ]
    for name, chosen in outcomes.items():
        wrong = [] if name in UNREAD_PROBES | UNREAD_REPLY_SETS else misrouted(chosen, errors)
        if wrong:
            lines += [f"### {name}", "", *(f"- {line}" for line in wrong), ""]
    return "\n".join(lines) + "\n"


def write_safety_report(out: Path, router: Router | None = None, errors: int = 15) -> dict:
    scores, outcomes = evaluate_safety(router or Router.load())
    out.mkdir(parents=True, exist_ok=True)
    (out / "scores.json").write_text(json.dumps(scores, indent=1) + "\n", encoding="utf-8")
    (out / "report.md").write_text(render_report(scores, outcomes, errors), encoding="utf-8")
    return scores
