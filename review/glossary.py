"""Nurses' definitions of glossary terms in the review database: each one a new row, the latest per term counts.

Whether a definition is plain enough is checked before it is stored (``webui/glossary_panel.py``, with
``answering.glossary.definition_problems``); this module only keeps who defined what, and when.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from answering.glossary_edits import DefinitionEdit
from review.models import GlossaryDefinition


def definition_row(term: str, definition: str, reviewer: str, signed_in_as: str | None) -> GlossaryDefinition:
    if not term.strip() or not definition.strip():
        raise ValueError("A glossary definition needs the term and its definition.")
    if not reviewer.strip():
        raise ValueError("A glossary definition needs the reviewer's name.")
    return GlossaryDefinition(
        term=term.strip(),
        definition=" ".join(definition.split()),
        reviewer=reviewer.strip(),
        signed_in_as=signed_in_as or None,
    )


def _edit(row: GlossaryDefinition) -> DefinitionEdit:
    return DefinitionEdit(row.term, row.definition, row.reviewer, row.created_at, row.signed_in_as)


def latest_definitions(session: Session) -> tuple[DefinitionEdit, ...]:
    """The latest definition of each term a nurse has defined, oldest first."""
    latest = select(func.max(GlossaryDefinition.id)).group_by(GlossaryDefinition.term)
    rows = session.scalars(
        select(GlossaryDefinition).where(GlossaryDefinition.id.in_(latest)).order_by(GlossaryDefinition.id)
    )
    return tuple(_edit(row) for row in rows)


def definitions_of(session: Session, term: str) -> list[DefinitionEdit]:
    """Every definition a nurse gave one term, oldest first: its audit trail."""
    rows = session.scalars(
        select(GlossaryDefinition).where(GlossaryDefinition.term == term).order_by(GlossaryDefinition.id)
    )
    return [_edit(row) for row in rows]
