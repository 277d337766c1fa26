"""Whether a question asks about cancer that cannot be operated on, and whether a sentence speaks only of cancer
that can: "what is the survival rate for liver metastases that cannot be operated on?" must not be answered with
the five-year survival after surgery, which a patient would read as theirs."""

from __future__ import annotations

import re

_SURGERY = r"(surgery|an operation|the operation|operation|an op|resection|being operated on)"
_NOT_OPERABLE_ASKED = re.compile(
    r"\b(inoperable|unresectable|non-?resectable|non-?operable|not (operable|resectable|removable)"
    r"|(can ?not|can'?t|couldn'?t|could not) be (operated|removed|resected|cut out|taken out)"
    rf"|(can ?not|can'?t|unable to|not able to) (have|get|undergo) {_SURGERY}"
    rf"|not (suitable|fit|eligible|a candidate|well enough) for {_SURGERY}"
    rf"|(without|instead of|other than|rather than|apart from|except|no|not) {_SURGERY})\b",
    re.IGNORECASE,
)
#: What a sentence says of cancer that was or can be removed: outcomes after surgery, "resectable" patients.
_OPERABLE = re.compile(
    r"\b(resectable|(after|following) (surgery|resection|(the |an )?operation))\b", re.IGNORECASE
)
_INOPERABLE = re.compile(r"\b(inoperable|unresectable|non-?resectable)\b", re.IGNORECASE)


def asks_about_inoperable(question: str) -> bool:
    """Whether the question is about cancer that cannot be, or is not, removed by surgery."""
    return bool(_NOT_OPERABLE_ASKED.search(question))


def speaks_only_of_operable(sentence: str) -> bool:
    """Whether the sentence is about cancer removed by surgery, and says nothing of cancer that cannot be:
    "…five-year survival rates can exceed 50% following surgery" is; "…convert initially inoperable liver
    metastases into resectable ones" and "Surgery is only feasible if…" are not."""
    return bool(_OPERABLE.search(sentence)) and not _INOPERABLE.search(sentence)
