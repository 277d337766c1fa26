"""The extended set: MedQuAD questions over ``data/nih-corpus``, scored by document retrieval and overlap.

``data/nih-corpus`` keeps only some sections of each NIH page, so for many questions the reference answer is
not in the corpus at all (45 of 107: "What are the symptoms of gallbladder cancer?" over a document that has
only its stages). Such an item must not be answered: it becomes ``out_of_scope`` with kind
``not_in_document``, decided by a rule anyone can check — fewer than half the reference answer's sentences
occur in the source document.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from answering.sentences import comparable, split_sentences
from answering.settings import PROJECT_ROOT
from ingest.loaders import load_document

MEDQUAD_SOURCE = PROJECT_ROOT / "data" / "medquad-dev.jsonl"
MEDQUAD_SET = PROJECT_ROOT / "evals" / "medquad.jsonl"
NIH_CORPUS = PROJECT_ROOT / "data" / "nih-corpus"
IN_DOCUMENT_SHARE = 0.5
NOT_IN_DOCUMENT = "not_in_document"


def share_in_document(answer: str, document: str) -> float:
    """The share of the reference answer's sentences found verbatim (``comparable`` aside) in the document."""
    sentences = split_sentences(answer)
    text = comparable(document)
    return sum(comparable(s) in text for s in sentences) / len(sentences) if sentences else 0.0


def documents_titled_as(source: str, corpus_dir: Path = NIH_CORPUS) -> list[str]:
    """The source document and every other with its title. MedQuAD answers one question from several NIH
    pages, and the corpus keeps four titled "Colorectal Cancer": citing any of them cites the right source."""
    titles = _titles(corpus_dir)
    return [source, *(stem for stem, title in titles.items() if stem != source and title == titles[source])]


@cache
def _titles(corpus_dir: Path) -> dict[str, str]:
    return {
        path.stem: load_document(path, corpus_dir).title.lower() for path in sorted(corpus_dir.glob("*.txt"))
    }


def medquad_item(row: dict, corpus_dir: Path = NIH_CORPUS) -> dict:
    """An eval item whose sources are the whole reference document and those with its title (chunk ids start
    with a file stem). Whether the answer is in the corpus is read from the reference document alone."""
    source = Path(row["source_file"]).stem
    document = (corpus_dir / f"{source}.txt").read_text(encoding="utf-8")
    in_document = share_in_document(row["answer"], document) >= IN_DOCUMENT_SHARE
    item = {
        "id": f"medquad-{row['id']}",
        "question": row["question"],
        "category": "answer" if in_document else "out_of_scope",
        "source_ids": documents_titled_as(source, corpus_dir),
        "reference_answer": row["answer"],
    }
    return item if in_document else item | {"kind": NOT_IN_DOCUMENT}


def medquad_items(lines: Iterable[str], corpus_dir: Path = NIH_CORPUS) -> list[dict]:
    return [medquad_item(json.loads(line), corpus_dir) for line in lines if line.strip()]
