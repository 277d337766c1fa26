"""Text normalisation and the pattern-list loader shared by every guardrail check."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from answering.list_files import content_lines

PATTERNS_DIR = Path(__file__).resolve().parent / "patterns"
_APOSTROPHES = re.compile(r"['’‘`´]")
_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Lower case, apostrophes dropped (``can't`` → ``cant``), whitespace collapsed: typos and quotes differ less."""
    return _SPACES.sub(" ", _APOSTROPHES.sub("", text.lower())).strip()


class PatternList:
    """The regular expressions of one ``patterns/<name>.txt`` file (see its README)."""

    def __init__(self, name: str, patterns: list[re.Pattern[str]]) -> None:
        self.name = name
        self.patterns = patterns

    @classmethod
    @cache
    def load(cls, name: str) -> PatternList:
        sources = content_lines(PATTERNS_DIR / f"{name}.txt")
        return cls(name, [re.compile(source, re.IGNORECASE) for source in sources])

    def first_match(self, text: str) -> re.Match[str] | None:
        """The first pattern (in file order) that matches anywhere in ``text``."""
        for pattern in self.patterns:
            match = pattern.search(text)
            if match:
                return match
        return None

    def matches(self, text: str) -> bool:
        return self.first_match(text) is not None

    def strip(self, text: str) -> tuple[str, list[str]]:
        """``text`` with every matched span removed, and the removed spans (for the decision's reason)."""
        removed: list[str] = []

        def cut(match: re.Match[str]) -> str:
            removed.append(match.group(0).strip())
            return " "

        for pattern in self.patterns:
            text = pattern.sub(cut, text)
        return _SPACES.sub(" ", text).strip(), [span for span in removed if span]
