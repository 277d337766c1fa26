"""The hand-kept list files beside the code (word lists, pattern lists): one entry per line, ``#`` comments."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path


def content_lines(path: Path) -> list[str]:
    """The lines of ``path`` that are neither blank nor comments, as written (a regex may end in a space)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.lstrip().startswith("#")]


def word_replacer(path: Path, before: str = r"\b", after: str = r"\b") -> Callable[[str], str]:
    """A function replacing each word or phrase of a ``word<TAB>replacement`` list file (lower case) by its
    replacement, in any case, where ``before`` and ``after`` say a word starts and ends. Longer entries are tried
    first, so that "a lot" is not read as "a" followed by "lot"."""
    words = dict(line.split("\t") for line in content_lines(path))
    longest_first = sorted(words, key=len, reverse=True)
    pattern = re.compile(f"{before}({'|'.join(map(re.escape, longest_first))}){after}", re.IGNORECASE)
    return lambda text: pattern.sub(lambda match: words[match.group(0).lower()], text)
