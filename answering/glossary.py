"""Plain definitions of the hard words in an answer, from the reviewed glossary beside the corpus.

Quoted source sentences keep their words (resectable, bilirubin, ascites): the answer stays verbatim and
cited, and the page explains each hard word once, under the answer. The definitions are content a hospital
reviews (``corpus/glossary.json``), never generated at answer time.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from answering.schema import GlossaryTerm

#: Beside the corpus's documents (ingest reads only document types, so it is not indexed as one).
GLOSSARY_FILE = "glossary.json"


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
    """The glossary entries ``text`` names, in the order of their first mention, each with the words used."""
    found = [
        (match.start(), entry, match.group(0)) for entry in glossary if (match := entry.pattern.search(text))
    ]
    return [(entry, words) for _, entry, words in sorted(found, key=lambda f: f[0])]


def terms_in(text: str, glossary: tuple[GlossaryEntry, ...]) -> list[GlossaryTerm]:
    """The glossary terms ``text`` uses, in the order of their first mention."""
    return [
        GlossaryTerm(term=entry.term, definition=entry.definition) for entry, _ in entries_in(text, glossary)
    ]
