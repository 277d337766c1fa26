"""What a question asks about (its *focus*), and what the materials say about it when not the aspect asked.

The focus is the first glossary term the question names, in the patient's own words ("TACE", "Y-90"). It
keeps the aspect check honest (a survival rate after surgery does not say how well Y-90 works), and when the
materials do not say the aspect asked ("What are the side effects of TACE?" of materials that only explain
what TACE is), the patient still gets what they hold about TACE, cited, beside a plain statement of what they
do not say.
"""

from __future__ import annotations

from dataclasses import dataclass

from answering.glossary import GlossaryEntry, entries_in
from answering.schema import Citation

#: A short reminder of what the materials hold, not a second answer.
MAX_SENTENCES = 2


@dataclass(frozen=True)
class Focus:
    entry: GlossaryEntry
    words: str  # as the question words it


@dataclass(frozen=True)
class CoveredPart:
    focus: str
    text: str  # the quoted sentences, each with its [n]
    citations: list[Citation]


def focus_of(question: str, glossary: tuple[GlossaryEntry, ...]) -> Focus | None:
    named = entries_in(question, glossary)
    return Focus(*named[0]) if named else None


def covered_part(focus: Focus | None, citations: list[Citation]) -> CoveredPart | None:
    """The cited source sentences that name the focus, renumbered from 1; None when none does."""
    if focus is None:
        return None
    naming = [c for c in sorted(citations, key=lambda c: c.n) if focus.entry.pattern.search(c.quote)]
    if not naming:
        return None
    kept = [c.model_copy(update={"n": n}) for n, c in enumerate(naming[:MAX_SENTENCES], start=1)]
    return CoveredPart(focus.words, " ".join(f"{c.quote} [{c.n}]" for c in kept), kept)
