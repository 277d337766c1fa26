"""Whether a question asks about the early or the later course of the disease, and whether a sentence speaks only
of the other: "What symptoms can liver mets cause as they get worse?" must not open with "Liver metastases often
cause no symptoms in their early stages…", nor "what are the early signs?" list what comes "as the disease
progresses"."""

from __future__ import annotations

import re

_EARLY_ASKED = re.compile(
    r"\b(early|earliest|first (signs?|symptoms?|warning)|at (the )?(start|beginning)|in the beginning|"
    r"before (it|they|there are) (gets?|are) (worse|bad))\b",
    re.IGNORECASE,
)
_LATER_ASKED = re.compile(
    r"\b((get|gets|getting|got|become|becomes) (worse|bad|serious|more serious)|worsen(s|ing)?|"
    r"progress(es|ing)?|as (it|they) (grows?|spreads?)|later (on|stages?)|late[- ]stage|advanced|end[- ]stage|"
    r"final stages?|last stages?)\b",
    re.IGNORECASE,
)
_EARLY_SAID = re.compile(r"\b(early stages?|early on|in (its|their) early|at first)\b", re.IGNORECASE)
_LATER_SAID = re.compile(
    r"\b(progress(es|ion)|advanced|later stages?|late[- ]stage|end[- ]stage|as the disease)\b", re.IGNORECASE
)


def stage_asked(question: str) -> str | None:
    """ "early" or "later" when the question asks about one part of the disease's course only, else None."""
    early, later = bool(_EARLY_ASKED.search(question)), bool(_LATER_ASKED.search(question))
    if early == later:
        return None
    return "early" if early else "later"


def speaks_only_of_the_other_stage(sentence: str, asked: str) -> bool:
    """Whether the sentence speaks of the other part of the course than ``asked``, and not of the one asked."""
    early, later = bool(_EARLY_SAID.search(sentence)), bool(_LATER_SAID.search(sentence))
    return (early and not later) if asked == "later" else (later and not early)
