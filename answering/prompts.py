"""Prompts and patient-facing message templates live as files in ``prompts/``, never as strings in code."""

from __future__ import annotations

from functools import cache

from answering.settings import PROJECT_ROOT, Settings

PROMPTS_DIR = PROJECT_ROOT / "prompts"


@cache
def load_prompt(name: str) -> str:
    """Return the text of ``prompts/<name>`` (e.g. ``"out_of_scope.md"``), stripped."""
    return (PROMPTS_DIR / name).read_text(encoding="utf-8").strip()


def with_safety_numbers(name: str, settings: Settings) -> str:
    """``prompts/<name>`` with the numbers a hospital sets (emergency, crisis line, 24-hour oncology line)."""
    return load_prompt(name).format(
        emergency_number=settings.emergency_number,
        crisis_line=settings.crisis_line,
        oncology_line=settings.oncology_line,
    )
