"""Chat shorthand spelled out ("y do u get…" → "why do you get…"), for the checks that read words: the personal
classifier's word pieces and the aspect patterns know "why" and "your", not "y" and "ur"."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

from answering.list_files import word_replacer

SHORTHAND_LIST = Path(__file__).with_name("textspeak.tsv")
#: A letter, digit, hyphen, slash or apostrophe next to it makes it part of another word: "Y-90", "n/a", "y'all".
_NOT_IN_A_WORD_BEFORE = r"(?<![\w/'’-])"
_NOT_IN_A_WORD_AFTER = r"(?![\w/'’-])"


@cache
def _shorthand() -> Callable[[str], str]:
    return word_replacer(SHORTHAND_LIST, _NOT_IN_A_WORD_BEFORE, _NOT_IN_A_WORD_AFTER)


def spelled_out(text: str) -> str:
    """``text`` with each shorthand word replaced by the word it stands for; the word count stays the same."""
    return _shorthand()(text)
