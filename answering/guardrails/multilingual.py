"""Emergency phrases in the languages patients here most often write in (``patterns/multilingual/``).

A message in another language is never answered, but someone writing "no puedo respirar" or "我丈夫吐血了"
must still be told to call for help now. Patterns are matched against the normalised text with Latin accents
folded (people type "medico" for "médico"); other scripts are left as they are.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from answering.guardrails.emergency_patterns import EmergencyFinding
from answering.guardrails.text import PATTERNS_DIR, PatternList

MULTILINGUAL_DIR = PATTERNS_DIR / "multilingual"
#: Twelve languages' lists cost ~0.3 s per language on a 100 kB message; a cry for help is in its first lines.
MAX_CHARS = 4000


def fold_latin_accents(text: str) -> str:
    """é → e, ñ → n, ą → a; marks on other scripts (Devanagari vowel signs, Arabic) are kept."""
    folded = []
    for character in unicodedata.normalize("NFKD", text):
        if unicodedata.combining(character) and folded and folded[-1].isascii():
            continue
        folded.append(character)
    return unicodedata.normalize("NFC", "".join(folded))


@cache
def _pattern_lists(kind: str) -> tuple[PatternList, ...]:
    return tuple(
        PatternList.load(f"multilingual/{path.stem}")
        for path in sorted(MULTILINGUAL_DIR.glob(f"{kind}_*.txt"))
    )


def find_multilingual_emergency(normalised: str) -> EmergencyFinding | None:
    """Self-harm phrases first (the crisis reply), then medical emergencies, in any of the listed languages."""
    text = fold_latin_accents(normalised[:MAX_CHARS])
    for kind, category in (("self_harm", "self_harm"), ("emergency", "medical")):
        for patterns in _pattern_lists(kind):
            match = patterns.first_match(text)
            if match:
                language = patterns.name.rsplit("_", 1)[-1]
                return EmergencyFinding(category, f"{language} phrase: {match.group(0)!r}")
    return None
