"""Prompts and patient-facing message templates live as files in ``prompts/``, never as strings in code."""

from __future__ import annotations

from functools import cache

from answering.settings import PROJECT_ROOT, Settings

PROMPTS_DIR = PROJECT_ROOT / "prompts"
#: Replies a patient in an emergency must understand, in the languages whose emergency phrases are listed.
TRANSLATIONS_DIR = "translations"


@cache
def load_prompt(name: str) -> str:
    """Return the text of ``prompts/<name>`` (e.g. ``"out_of_scope.md"``), stripped."""
    return (PROMPTS_DIR / name).read_text(encoding="utf-8").strip()


def with_safety_numbers(name: str, settings: Settings, language: str = "en") -> str:
    """``prompts/<name>`` with the numbers a hospital sets (emergency, crisis line, 24-hour oncology line).

    For a message in another language, its translation (``prompts/translations/<language>/<name>``) comes first
    when there is one, then the English: a person in an emergency should not have to read English to act."""
    numbers = {
        "emergency_number": settings.emergency_number,
        "crisis_line": settings.crisis_line,
        "oncology_line": settings.oncology_line,
    }
    english = load_prompt(name).format(**numbers)
    translation = f"{TRANSLATIONS_DIR}/{language}/{name}"
    if language == "en" or not (PROMPTS_DIR / translation).is_file():
        return english
    return f"{load_prompt(translation).format(**numbers)}\n\n---\n\n{english}"
