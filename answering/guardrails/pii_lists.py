"""The scrubber's word lists (``patterns/pii/<name>.txt``), read once: the rules, the address patterns and the
learned tagger all read them."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from answering.list_files import content_lines

PII_LISTS = Path(__file__).resolve().parent / "patterns" / "pii"


@cache
def word_list(name: str) -> frozenset[str]:
    """``patterns/pii/<name>.txt``: one word per line, ``#`` comments."""
    return frozenset(line.strip() for line in content_lines(PII_LISTS / f"{name}.txt"))
