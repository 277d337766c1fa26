"""Chat shorthand spelled out ("y do u get…" → "why do you get…"), for the checks that read words: the personal
classifier's word pieces and the aspect patterns know "why" and "your", not "y" and "ur"."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from answering.list_files import content_lines

SHORTHAND_LIST = Path(__file__).with_name("textspeak.tsv")
#: A letter, digit, hyphen, slash or apostrophe next to it makes it part of another word: "Y-90", "n/a", "y'all".
_NOT_IN_A_WORD_BEFORE = r"(?<![\w/'’-])"
_NOT_IN_A_WORD_AFTER = r"(?![\w/'’-])"


@cache
def _shorthand() -> tuple[re.Pattern[str], dict[str, str]]:
    words = dict(line.split("\t") for line in content_lines(SHORTHAND_LIST))
    alternatives = "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
    pattern = re.compile(rf"{_NOT_IN_A_WORD_BEFORE}({alternatives}){_NOT_IN_A_WORD_AFTER}", re.IGNORECASE)
    return pattern, words


def spelled_out(text: str) -> str:
    """``text`` with each shorthand word replaced by the word it stands for; the word count stays the same."""
    pattern, words = _shorthand()
    return pattern.sub(lambda match: words[match.group(0).lower()], text)
