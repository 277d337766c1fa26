"""Does the care-team reply fit the message? A plan for a red flag gets what to do then, feelings the warm reply
naming support, a symptom "call today", a result or decision the calm "ask at your visit" (``Router._care_team``).

``evals/care_team_replies.jsonl`` holds personal messages labelled with the reply they need (``kind``: plan,
feelings, symptom, decision), written without sight of the repository. Each kind is scored on the share sent to the
care team and the share given its own reply, recognised by the reply's text; a router that gave every message the
calm reply would score 1.0 on decisions and 0 on the rest.
"""

from __future__ import annotations

from collections.abc import Callable

from answering.guardrails.router import CARE_TEAM_TEMPLATES, PLAN_TEMPLATES
from answering.prompts import with_safety_numbers
from answering.schema import Route
from answering.settings import PROJECT_ROOT, Settings
from evals.guardrails import Outcome, share

CARE_TEAM_REPLY_SET = PROJECT_ROOT / "evals" / "care_team_replies.jsonl"
#: The templates of each kind's reply: a plan's depends on its red flag.
REPLY_TEMPLATES = {
    kind: (template, *PLAN_TEMPLATES.values()) if kind == "plan" else (template,)
    for kind, template in CARE_TEAM_TEMPLATES.items()
}


def reply_kind(message: str, settings: Settings) -> str | None:
    """The kind whose reply ``message`` is, or None (an emergency reply, an answer)."""
    for kind, templates in REPLY_TEMPLATES.items():
        if any(message == with_safety_numbers(template, settings) for template in templates):
            return kind
    return None


def reply_fit_figures(outcomes: list[Outcome], settings: Settings) -> dict:
    """Per kind and over all: messages, the share sent to the care team, the share given that kind's reply; and
    the messages given another reply, each with the reply it got (for the report)."""
    given = {o.item.id: reply_kind(o.decision.message, settings) for o in outcomes}

    def figures(chosen: list[Outcome]) -> dict:
        return {
            "messages": len(chosen),
            "sent_to_care_team": share(chosen, {Route.CARE_TEAM}),
            "given_its_reply": share_of(chosen, lambda o: given[o.item.id] == o.item.kind),
        }

    return {
        "all": figures(outcomes),
        "per_kind": {kind: figures([o for o in outcomes if o.item.kind == kind]) for kind in REPLY_TEMPLATES},
        "misfits": [
            f"{o.item.id} [{o.item.kind} → {given[o.item.id] or o.route.value}] {o.item.question!r}"
            for o in outcomes
            if given[o.item.id] != o.item.kind
        ],
    }


def share_of(outcomes: list[Outcome], test: Callable[[Outcome], bool]) -> float | None:
    return sum(map(test, outcomes)) / len(outcomes) if outcomes else None
