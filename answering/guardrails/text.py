"""Text normalisation and the pattern-list loader shared by every guardrail check."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from answering.list_files import content_lines

PATTERNS_DIR = Path(__file__).resolve().parent / "patterns"
#: Under ``PATTERNS_DIR`` but word lists, not patterns (``pii.py`` reads them).
WORD_LIST_DIRS = ("pii",)
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

    @classmethod
    def load_every(cls) -> None:
        """Compile every list now (~1.3 s, most of it twelve languages' emergency phrases), at start-up rather
        than inside the turn of the first patient whose message needs one."""
        for path in sorted(PATTERNS_DIR.rglob("*.txt")):
            name = path.relative_to(PATTERNS_DIR).with_suffix("")
            if name.parts[0] not in WORD_LIST_DIRS:
                cls.load(name.as_posix())

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
