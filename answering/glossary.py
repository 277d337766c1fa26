"""Plain definitions of the hard words in an answer, from the reviewed glossary beside the corpus.

Quoted source sentences keep their words (resectable, bilirubin, ascites): the answer stays verbatim and
cited, and the page explains each hard word once, under the answer. The definitions are content a hospital
reviews (``corpus/glossary.json``), never generated at answer time; nurses may rewrite one on the review page
(``glossary_edits.py``), and the same plainness rule (``definition_problems``) holds for both.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import textstat

from answering.schema import GlossaryTerm

#: Beside the corpus's documents (ingest reads only document types, so it is not indexed as one).
GLOSSARY_FILE = "glossary.json"
#: A definition patients read: Flesch-Kincaid grade 6 or below (patient-education guidance asks 6-8, the glossary
#: explains the answer's hardest words) and at most 30 words (it sits under the answer, one per hard word).
PLAIN_GRADE = 6.0
MAX_DEFINITION_WORDS = 30


@dataclass(frozen=True)
class GlossaryEntry:
    term: str
    variants: tuple[str, ...]
    definition: str
    pattern: re.Pattern[str]


@lru_cache(maxsize=4)
def load_glossary(path: Path) -> tuple[GlossaryEntry, ...]:
    """The entries of ``path``; none when the corpus has no glossary."""
    if not path.is_file():
        return ()
    rows = json.loads(path.read_text(encoding="utf-8"))["terms"]
    return tuple(
        GlossaryEntry(
            row["term"],
            tuple(row["variants"]),
            row["definition"],
            re.compile(
                r"(?<![\w-])(" + "|".join(map(re.escape, row["variants"])) + r")(?![\w-])", re.IGNORECASE
            ),
        )
        for row in rows
    )


def entries_in(text: str, glossary: tuple[GlossaryEntry, ...]) -> list[tuple[GlossaryEntry, str]]:
    """The glossary entries ``text`` names, in the order of their first mention, each with the words used.

    A mention inside a longer one of another entry is that entry's: "liver resection" names surgical resection,
    not also resection (so "what is a liver resection?" asks about one term)."""
    mentions = [(m.start(), m.end(), entry) for entry in glossary for m in entry.pattern.finditer(text)]
    found: dict[str, tuple[int, GlossaryEntry, str]] = {}
    for start, end, entry in sorted(mentions, key=lambda m: m[0]):
        inside_longer = any(s <= start and end <= e and (e - s) > (end - start) for s, e, _ in mentions)
        if not inside_longer:
            found.setdefault(entry.term, (start, entry, text[start:end]))
    return [(entry, words) for _, entry, words in found.values()]


def terms_in(text: str, glossary: tuple[GlossaryEntry, ...]) -> list[GlossaryTerm]:
    """The glossary terms ``text`` uses, in the order of their first mention."""
    return [
        GlossaryTerm(term=entry.term, definition=entry.definition) for entry, _ in entries_in(text, glossary)
    ]


def definition_problems(definition: str) -> list[str]:
    """Why a definition is not yet plain enough to show patients, in words a nurse can act on; [] when it is."""
    words = len(definition.split())
    if not words:
        return ["the definition is empty"]
    problems = []
    grade = textstat.flesch_kincaid_grade(definition)
    if grade > PLAIN_GRADE:
        problems.append(
            f"it reads at school grade {grade:.1f}; use shorter sentences and everyday words "
            f"(grade {PLAIN_GRADE:.0f} or below)"
        )
    if words > MAX_DEFINITION_WORDS:
        problems.append(f"it has {words} words; keep it to {MAX_DEFINITION_WORDS} or fewer")
    return problems
