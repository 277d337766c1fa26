"""Does the care-team reply fit the message? A plan for a red flag gets what to do then, feelings the warm reply
naming support, a symptom "call today", a result or decision the calm "ask at your visit" (``Router._care_team``).

``REPLY_SETS`` hold personal messages labelled with the reply they need (``kind``: plan, feelings, symptom,
decision), written without sight of the repository; the second set also holds emergencies told in the same calm,
personal way (``kind`` emergency: the emergency route is their reply). Each kind is scored on the share sent to the
care team and the share given its own reply, recognised by the reply's text; a router that gave every message the
calm reply would score 1.0 on decisions and 0 on the rest.
"""

from __future__ import annotations

from answering.guardrails.router import CARE_TEAM_TEMPLATES, PLAN_TEMPLATES
from answering.prompts import with_safety_numbers
from answering.schema import Route
from answering.settings import PROJECT_ROOT, Settings
from evals.guardrails import Outcome, share
from evals.shares import share_where

#: Each set's heading in the safety report.
REPLY_SETS = {
    "care_team_replies": (
        PROJECT_ROOT / "evals" / "care_team_replies.jsonl",
        "`evals/care_team_replies.jsonl` (160 messages, written on 2026-12-07 without sight of the repository; its "
        "misfits were read that day)",
    ),
    "care_team_replies_b_read": (
        PROJECT_ROOT / "evals" / "care_team_replies_b_read.jsonl",
        "`evals/care_team_replies_b_read.jsonl` (the read half of 300 messages written on 2026-12-07 by another "
        "helper without sight of the repository, split by a hash of the id; 60 of each kind and 60 emergencies "
        "told the same calm way; the development half: it chose the reply-kind models' form and bars and was read)",
    ),
    "care_team_replies_b_unread": (
        PROJECT_ROOT / "evals" / "care_team_replies_b_unread.jsonl",
        "`evals/care_team_replies_b_unread.jsonl` (the other half; **unread**: its misfits are not listed)",
    ),
}
UNREAD_REPLY_SETS = frozenset({"care_team_replies_b_unread"})
#: The kinds in report order; an emergency's reply is the emergency route.
REPLY_KINDS = (*CARE_TEAM_TEMPLATES, "emergency")
#: The templates of each kind's reply: a plan's depends on its red flag.
REPLY_TEMPLATES = {
    kind: (template, *PLAN_TEMPLATES.values()) if kind == "plan" else (template,)
    for kind, template in CARE_TEAM_TEMPLATES.items()
}


def reply_kind(outcome: Outcome, settings: Settings) -> str | None:
    """The kind whose reply the outcome's message is, "emergency" for the emergency route, or None (an answer)."""
    if outcome.route == Route.EMERGENCY:
        return "emergency"
    for kind, templates in REPLY_TEMPLATES.items():
        if any(outcome.decision.message == with_safety_numbers(template, settings) for template in templates):
            return kind
    return None


def reply_fit_figures(outcomes: list[Outcome], settings: Settings) -> dict:
    """Per kind and over all: messages, the share sent to the care team, the share given that kind's reply; and
    the messages given another reply, each with the reply it got (for the report)."""
    given = {o.item.id: reply_kind(o, settings) for o in outcomes}

    def figures(chosen: list[Outcome]) -> dict:
        return {
            "messages": len(chosen),
            "sent_to_care_team": share(chosen, {Route.CARE_TEAM}),
            "given_its_reply": share_where(chosen, lambda o: given[o.item.id] == o.item.kind),
        }

    return {
        "all": figures(outcomes),
        "per_kind": {
            kind: figures([o for o in outcomes if o.item.kind == kind])
            for kind in REPLY_KINDS
            if any(o.item.kind == kind for o in outcomes)
        },
        "misfits": [
            f"{o.item.id} [{o.item.kind} → {given[o.item.id] or o.route.value}] {o.item.question!r}"
            for o in outcomes
            if given[o.item.id] != o.item.kind
        ],
    }
