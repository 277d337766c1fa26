"""Numbers written as words, which patients and the materials use as often as digits ("five-year survival")."""

from __future__ import annotations

#: Index = value: ``SMALL_NUMBERS.index("five") == 5``.
SMALL_NUMBERS = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
)


def as_digits(number: str) -> str:
    """ "five" → "5"; digits and other words unchanged."""
    return str(SMALL_NUMBERS.index(number)) if number in SMALL_NUMBERS else number
