"""Prompts and patient-facing message templates live as files in ``prompts/``, never as strings in code."""

from __future__ import annotations

from functools import cache

from answering.settings import PROJECT_ROOT

PROMPTS_DIR = PROJECT_ROOT / "prompts"


@cache
def load_prompt(name: str) -> str:
    """Return the text of ``prompts/<name>`` (e.g. ``"out_of_scope.md"``), stripped."""
    return (PROMPTS_DIR / name).read_text(encoding="utf-8").strip()
