"""The plain versions patients read: shipped beside the corpus, approved or edited by nurses, and an answer
restated with them.

Each document may have ``<name>.plain.jsonl`` beside it: one row per source sentence, ``{source, plain,
approved_by, approved_at}``. Nurses approve, edit or reject each on the review page (``decisions.py``); their
latest decision on a sentence replaces the shipped row. A version is served only when it is approved and passes the
faithfulness checks against its source sentence *as the corpus holds it now*: an edited source sentence no
longer matches, so its old plain version, shipped or a nurse's, is not shown. Shipped rows failing the checks are
logged (a reviewer must fix them) and left out; the review page shows every version's problems.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from answering.embeddings import reference_vectors
from answering.extractive import GroundedAnswer
from answering.glossary import GLOSSARY_FILE, GlossaryEntry, load_glossary
from answering.plain.checks import PlainCheck, check_plain, embedded_once
from answering.plain.decisions import Decisions, NurseDecision, PlainDecision
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


@dataclass(frozen=True)
class SentenceVersion:
    """One source sentence of a plain file as it stands: the shipped row, the nurses' latest decision on it (if
    any), and the check of the version it now has (the decision's, else the shipped one)."""

    shipped: PlainVersion
    previous: str  # the source sentence before it, which a "This…" sentence may name
    decision: NurseDecision | None
    check: PlainCheck

    @property
    def source(self) -> str:
        return self.shipped.source

    @property
    def plain(self) -> str:
        return self.decision.plain if self.decision else self.shipped.plain

    @property
    def served(self) -> PlainVersion | None:
        """What patients read for the sentence: a faithful version a nurse approved last, else a faithful shipped
        one nobody has decided on; a rejected one never."""
        if not self.check.faithful:
            return None
        if self.decision is None:
            return self.shipped if self.shipped.approved_by else None
        if self.decision.decision is not PlainDecision.APPROVED:
            return None
        approved_at = self.decision.decided_at.isoformat(sep=" ", timespec="minutes")
        return PlainVersion(self.source, self.decision.plain, self.decision.reviewer, approved_at)


@lru_cache(maxsize=4)
def _shipped(corpus_dir: Path, stamp: tuple[tuple[str, float], ...]) -> tuple[SentenceVersion, ...]:
    """Every row of the plain files, checked (``stamp``: the files' names and times, so an edited file is read
    again)."""
    glossary = load_glossary(corpus_dir / GLOSSARY_FILE)
    shipped = []
    for name, _ in stamp:
        rows = read_rows(corpus_dir / name)
        for row, previous, verdict in zip(rows, previous_sources(rows), checked(rows, glossary), strict=True):
            if not verdict.faithful:
                log.warning("Plain version fails the checks (%s): %r", "; ".join(verdict.problems), row.plain)
            shipped.append(SentenceVersion(row, previous, None, verdict))
    return tuple(shipped)


@lru_cache(maxsize=512)
def version_check(corpus_dir: Path, source: str, plain: str, previous: str) -> PlainCheck:
    """One version other than the shipped one (a nurse's edit), checked once per process."""
    return check_plain(source, plain, load_glossary(corpus_dir / GLOSSARY_FILE), reference_vectors, previous)


def sentence_versions(corpus_dir: Path, decisions: Decisions) -> list[SentenceVersion]:
    """Each source sentence of the plain files, in file order, with the decision on it and its check. The
    decision is matched on the sentence as the plain file holds it now: one made on an earlier wording of the
    sentence no longer applies."""
    files = sorted(corpus_dir.glob(f"*{PLAIN_SUFFIX}")) if corpus_dir.is_dir() else []
    versions = []
    for shipped in _shipped(corpus_dir, tuple((path.name, path.stat().st_mtime) for path in files)):
        decision = decisions.get(comparable(shipped.source))
        if decision is None or decision.plain == shipped.plain:
            versions.append(replace(shipped, decision=decision))
        else:
            check = version_check(corpus_dir, shipped.source, decision.plain, shipped.previous)
            versions.append(replace(shipped, decision=decision, check=check))
    return versions


def served_versions(corpus_dir: Path, decisions: Decisions) -> dict[str, PlainVersion]:
    """Source-sentence key → the plain version patients read."""
    versions = sentence_versions(corpus_dir, decisions)
    return {comparable(version.source): version.served for version in versions if version.served is not None}


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
    return replace(grounded, text=" ".join(parts), citations=citations)
