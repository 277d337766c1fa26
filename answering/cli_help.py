"""Command-line help from a module's docstring: the docstring's ``code`` marks are for the docs, not a terminal."""

from __future__ import annotations


def description(docstring: str | None, first_paragraph_only: bool = False) -> str:
    """The docstring (or its first paragraph) as ``--help`` shows it, without literal double backticks."""
    text = (docstring or "").strip()
    if first_paragraph_only:
        text = text.split("\n\n")[0]
    return text.replace("``", "")
