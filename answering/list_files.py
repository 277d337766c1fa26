"""The hand-kept list files beside the code (word lists, pattern lists): one entry per line, ``#`` comments."""

from __future__ import annotations

from pathlib import Path


def content_lines(path: Path) -> list[str]:
    """The lines of ``path`` that are neither blank nor comments, as written (a regex may end in a space)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.lstrip().startswith("#")]
