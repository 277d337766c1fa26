"""Nurses' decisions on plain versions in the review database: each one a new row, the latest per sentence counts.

Whether a version is faithful is checked before it is stored (``webui/plain_panel.py``) and again before it is
served (``answering/plain/versions.py``); this module only keeps who decided what, and when.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from answering.plain.decisions import NurseDecision, PlainDecision
from review.models import PlainVersionDecision


def decision_row(
    source: str, plain: str, decision: PlainDecision | str, reviewer: str, signed_in_as: str | None
) -> PlainVersionDecision:
    if not source.strip() or not plain.strip():
        raise ValueError("A decision on a plain version needs the source sentence and the plain version.")
    if not reviewer.strip():
        raise ValueError("A decision on a plain version needs the reviewer's name.")
    return PlainVersionDecision(
        source=source,
        plain=plain.strip(),
        decision=PlainDecision(decision).value,
        reviewer=reviewer.strip(),
        signed_in_as=signed_in_as or None,
    )


def _decision(row: PlainVersionDecision) -> NurseDecision:
    return NurseDecision(
        row.source, row.plain, PlainDecision(row.decision), row.reviewer, row.created_at, row.signed_in_as
    )


def latest_decisions(session: Session) -> list[NurseDecision]:
    """The latest decision on each source sentence."""
    latest = select(func.max(PlainVersionDecision.id)).group_by(PlainVersionDecision.source)
    rows = session.scalars(
        select(PlainVersionDecision)
        .where(PlainVersionDecision.id.in_(latest))
        .order_by(PlainVersionDecision.id)
    )
    return [_decision(row) for row in rows]


def decisions_on(session: Session, source: str) -> list[NurseDecision]:
    """Every decision on one source sentence, oldest first: its audit trail."""
    rows = session.scalars(
        select(PlainVersionDecision)
        .where(PlainVersionDecision.source == source)
        .order_by(PlainVersionDecision.id)
    )
    return [_decision(row) for row in rows]
