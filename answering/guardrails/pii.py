"""Scrub personal identifiers from what gets stored or logged; the medical content of the question stays.

Policy: every personal name is replaced, clinicians' too ("Dr. [NAME]"), because a named oncologist at a
small clinic plus a diagnosis can identify a patient. Identifiers are replaced by a typed placeholder so a
reviewer still sees what kind of thing was there. It errs towards removing too much: a capitalised word after
"I'm" is taken for a name.
"""

from __future__ import annotations

import re

_NAME = r"[A-Z][a-zA-Z'’-]+(?: [A-Z][a-zA-Z'’-]+)?"
_RELATIVES = (
    r"husband|wife|partner|spouse|son|daughter|mother|mom|mum|father|dad|brother|sister|friend|boyfriend|"
    r"girlfriend|grandma|grandmother|grandpa|grandfather|aunt|uncle|cousin|niece|nephew|fiancee?"
)
_MONTHS = r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"

# (pattern, replacement) in order: the most specific identifiers first, names last.
_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b"), "[EMAIL]"),
    (
        re.compile(
            r"(?i)\b(mrn|medical record(?: number| no\.?| #)?|hospital (?:number|no\.?|id)|patient (?:id|number|no\.?)|"
            r"record (?:number|no\.?|#)|chart (?:number|#))\s*(?:is|:|#|=)?\s*[A-Z0-9][A-Z0-9-]{3,}"
        ),
        r"\1 [MRN]",
    ),
    (
        re.compile(
            r"(?i)\b(nhs|ssn|social security|insurance|policy|member)( (?:number|no\.?|#|id))?\s*(?:is|:|#)?\s*[A-Z0-9][A-Z0-9 -]{5,}\d\b"
        ),
        r"\1\2 [ID]",
    ),
    (re.compile(r"\b\d{3}-\d{2}-\d{4}\b"), "[ID]"),
    (re.compile(r"\b\d{3} \d{3} \d{4}\b(?![-\d])"), "[ID]"),
    (
        re.compile(
            r"(?<![\w/.])(?:\+\d{1,3}[ .-]?)?(?:\(\d{2,5}\)[ .-]?|\d{2,5}[ .-])\d{3,4}[ .-]?\d{3,4}\b"
        ),
        "[PHONE]",
    ),
    (re.compile(r"(?<![\w/.])\d{10,11}\b"), "[PHONE]"),
    (
        re.compile(
            r"(?i)\b(dob|d\.o\.b\.?|date of birth|born(?: on| in)?)(?: is|:)?\s*[^\s,;.]+(?:[ ,]+[^\s,;.]+){0,2}"
        ),
        r"\1 [DATE]",
    ),
    (re.compile(r"\b\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}\b"), "[DATE]"),
    (re.compile(rf"(?i)\b\d{{1,2}}(?:st|nd|rd|th)? (?:of )?(?:{_MONTHS})\.?,? \d{{4}}\b"), "[DATE]"),
    (re.compile(rf"(?i)\b(?:{_MONTHS})\.? \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}}\b"), "[DATE]"),
    (
        re.compile(
            rf"\b((?i:my name is|name is|name:|call me|this is|signed|regards|thanks|thank you),?) {_NAME}"
        ),
        r"\1 [NAME]",
    ),
    (re.compile(rf"\b((?i:i'm|i’m|im|i am)) {_NAME}(?=\s*(?:[,.!]|and\b|from\b|here\b|$))"), r"\1 [NAME]"),
    (re.compile(rf"\b((?i:my) (?i:{_RELATIVES})(?:,| is called| named| called)?) {_NAME}"), r"\1 [NAME]"),
    (re.compile(rf"\b((?i:dr|doctor|prof|professor|mr|mrs|ms|miss|nurse)\.?) {_NAME}"), r"\1 [NAME]"),
]


def scrub(text: str) -> str:
    """``text`` with names, dates, phone numbers, e-mails and record/ID numbers replaced by placeholders."""
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return text
