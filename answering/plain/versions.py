"""The approved plain versions beside the corpus, and an answer restated with them.

Each document may have ``<name>.plain.jsonl`` beside it: one row per source sentence, ``{source, plain,
approved_by, approved_at}``. A row is served only when it is approved and passes the faithfulness checks against
its source sentence *as the corpus holds it now*: an edited source sentence no longer matches, so its old plain
version is not shown. Rows failing the checks are logged (a reviewer must fix them) and left out.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from answering.embeddings import reference_vectors
from answering.extractive import GroundedAnswer
from answering.glossary import GLOSSARY_FILE, GlossaryEntry, load_glossary
from answering.plain.checks import PlainCheck, check_plain, embedded_once
from answering.schema import Citation
from answering.sentences import comparable, split_sentences

PLAIN_SUFFIX = ".plain.jsonl"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PlainVersion:
    source: str
    plain: str
    approved_by: str
    approved_at: str


def read_rows(path: Path) -> list[PlainVersion]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [
        PlainVersion(row["source"], row["plain"], row.get("approved_by") or "", row.get("approved_at") or "")
        for row in rows
    ]


def previous_sources(rows: list[PlainVersion]) -> list[str]:
    """The source sentence before each row's (rows are in document order): what a "This…" sentence names."""
    return ["", *(row.source for row in rows[:-1])]


def checked(rows: list[PlainVersion], glossary: tuple[GlossaryEntry, ...]) -> list[PlainCheck]:
    """Each row of one file checked against its source sentence and the one before it, the file's texts embedded
    in one batch (fp32 reference vectors: the verdict must not depend on the CPU)."""
    embed = embedded_once([text for row in rows for text in (row.source, row.plain)], reference_vectors)
    return [
        check_plain(row.source, row.plain, glossary, embed, previous)
        for row, previous in zip(rows, previous_sources(rows), strict=True)
    ]


@lru_cache(maxsize=4)
def _served(corpus_dir: Path, stamp: tuple[tuple[str, float], ...]) -> dict[str, PlainVersion]:
    """Source-sentence key → plain version, for the approved rows that pass the checks (``stamp``: the files'
    names and times, so an edited file is read again)."""
    glossary = load_glossary(corpus_dir / GLOSSARY_FILE)
    served: dict[str, PlainVersion] = {}
    for name, _ in stamp:
        rows = read_rows(corpus_dir / name)
        for row, verdict in zip(rows, checked(rows, glossary), strict=True):
            if not row.approved_by:
                continue
            if not verdict.faithful:
                log.warning("Plain version not served (%s): %r", "; ".join(verdict.problems), row.plain)
                continue
            served[comparable(row.source)] = row
    return served


def served_versions(corpus_dir: Path) -> dict[str, PlainVersion]:
    files = sorted(corpus_dir.glob(f"*{PLAIN_SUFFIX}")) if corpus_dir.is_dir() else []
    return _served(corpus_dir, tuple((path.name, path.stat().st_mtime) for path in files))


def restated(grounded: GroundedAnswer, versions: dict[str, PlainVersion]) -> GroundedAnswer:
    """The answer with each quoted sentence's plain version, where one is served; the citations keep the
    verbatim quote and carry the plain version beside it."""
    citations: list[Citation] = []
    parts = []
    for citation in sorted(grounded.citations, key=lambda c: c.n):
        version = versions.get(comparable(citation.quote))
        plain = version.plain if version else None
        citations.append(citation.model_copy(update={"plain": plain}))
        # A plain version may be two short sentences: each carries the marker, so each is cited.
        parts += [f"{sentence} [{citation.n}]" for sentence in split_sentences(plain or citation.quote)]
    return GroundedAnswer(" ".join(parts), citations, grounded.support)
