"""Nurses' rewrites of glossary definitions, as the answering side sees them: the latest one per term wins.

The shipped glossary (``corpus/glossary.json``) is reviewed content; a nurse who finds a definition unclear
rewrites it on the review page. The rewrites live in the review database (``review.store``), so every app replica
explains a word the same way, and are read at most every ``GLOSSARY_REFRESH_S`` seconds (``cached_read``). In an
outage the shipped or last-read definitions stand: every one of them passed the same plainness rule.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from functools import lru_cache
from typing import Protocol

from answering.glossary import GlossaryEntry


@dataclass(frozen=True)
class DefinitionEdit:
    """A nurse's definition of one glossary term (the term as the glossary names it)."""

    term: str
    definition: str
    reviewer: str  # the name the nurse gave
    edited_at: datetime
    signed_in_as: str | None = None  # the login it was made under (one login may be shared by a ward)


class DefinitionsUnavailable(Exception):
    """The review database cannot be read now (locked, down); the message says why in one line, no SQL."""


class DefinitionSource(Protocol):
    """``review.store.ReviewStore``, or a stand-in in the tests."""

    def glossary_definitions(self) -> tuple[DefinitionEdit, ...]: ...


@lru_cache(maxsize=8)
def with_edits(
    entries: tuple[GlossaryEntry, ...], edits: tuple[DefinitionEdit, ...]
) -> tuple[GlossaryEntry, ...]:
    """The glossary with each edited term's latest definition (``edits`` oldest first) in place of the shipped one.
    Cached: every answer asks, and the edits change only when a nurse saves one."""
    latest = {edit.term.casefold(): edit.definition for edit in edits}
    return tuple(
        replace(entry, definition=latest[entry.term.casefold()]) if entry.term.casefold() in latest else entry
        for entry in entries
    )
