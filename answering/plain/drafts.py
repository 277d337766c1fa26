"""Drafts of plain versions for a document a hospital adds: a model rewrites each of its sentences, and the rows
are written beside it as drafts nobody has approved.

``python -m answering.plain.drafts corpus/new-leaflet.md`` (after ``python -m ingest``): the sentences are the
ones answers quote, read from the index in document order; the model is the local one (``GENERATOR=local``) or a
hospital's OpenAI-compatible server (``LLM_BASE_URL``), with ``prompts/plain_draft.md``. A generated sentence
can reverse a meaning ("impair" became "make … work better"), so a draft is never served: the review page shows
each with what the faithfulness checks found, and only a version a nurse approves, which must pass them, reaches
patients. Rows already in the file (shipped or drafted before) are kept as they are.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

import httpx
import openai
from langchain_core.output_parsers import StrOutputParser
from tqdm import tqdm

from answering.cli_help import description
from answering.generators import model_endpoint
from answering.generators.chat import openai_chat_model
from answering.generators.prompt import chat_template
from answering.glossary import GLOSSARY_FILE, load_glossary
from answering.plain.versions import PLAIN_SUFFIX, PlainVersion, checked, read_rows
from answering.sentences import comparable, split_sentences
from answering.settings import Settings, get_settings
from answering.store import IndexUnavailableError, open_collection

Rewrite = Callable[[str], str]


def indexed_sentences(settings: Settings, document: str) -> list[str]:
    """The document's sentences as answers quote them: its passages in the index, in document order, split as
    ingest split them."""
    page = open_collection(settings, create=False).get(
        where={"source": document}, include=["documents", "metadatas"]
    )
    passages = sorted(
        zip(page["metadatas"], page["documents"], strict=True), key=lambda pair: pair[0]["position"]
    )
    return list(dict.fromkeys(sentence for _, text in passages for sentence in split_sentences(text)))


def with_drafts(
    sentences: list[str], rows: list[PlainVersion], rewrite: Rewrite
) -> tuple[list[PlainVersion], int]:
    """The plain file's rows in document order, a draft for each sentence it lacked (its rows for sentences no
    longer in the document follow, kept for the record); and how many drafts were written."""
    existing = {comparable(row.source): row for row in rows}
    merged, drafted = [], 0
    for sentence in tqdm(sentences, desc="drafting", unit="sentence"):
        row = existing.pop(comparable(sentence), None)
        if row is None:
            row, drafted = PlainVersion(sentence, " ".join(rewrite(sentence).split()), "", ""), drafted + 1
        merged.append(row)
    return merged + list(existing.values()), drafted


def model_rewrite(settings: Settings) -> Rewrite:
    """One sentence at a time through ``prompts/plain_draft.md``."""
    _, base_url, model = model_endpoint(settings)
    chain = (
        chat_template("plain_draft.md") | openai_chat_model(base_url(), model, settings) | StrOutputParser()
    )
    return lambda sentence: chain.invoke({"sentence": sentence})


def write_rows(path: Path, rows: list[PlainVersion]) -> None:
    lines = [
        json.dumps(
            {
                "source": r.source,
                "plain": r.plain,
                "approved_by": r.approved_by,
                "approved_at": r.approved_at,
            },
            ensure_ascii=False,
        )
        for r in rows
    ]
    path.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")


def draft_document(document: Path, settings: Settings, rewrite: Rewrite) -> str:
    """Write the drafts beside ``document``; a one-line report."""
    sentences = indexed_sentences(settings, document.name)
    if not sentences:
        return f"{document.name} has no sentences in the index: ingest it first (python -m ingest {document.parent})."
    path = document.with_name(f"{document.stem}{PLAIN_SUFFIX}")
    rows, drafted = with_drafts(sentences, read_rows(path) if path.is_file() else [], rewrite)
    write_rows(path, rows)
    drafts = [row for row in rows if not row.approved_by]
    passing = sum(
        check.faithful for check in checked(drafts, load_glossary(settings.corpus_dir / GLOSSARY_FILE))
    )
    return (
        f"Wrote {drafted} new drafts to {path} ({len(drafts)} drafts in all, {passing} passing the checks). "
        "Patients read none until a nurse approves it on the review page."
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=description(__doc__, first_paragraph_only=True))
    parser.add_argument("document", type=Path, help="a document of the corpus, already ingested")
    args = parser.parse_args(argv)
    settings = get_settings()
    try:
        rewrite = model_rewrite(settings)
        print(draft_document(args.document, settings, rewrite))
    except (ValueError, IndexUnavailableError) as problem:
        print(f"No drafts written: {problem}", file=sys.stderr)
        return 2
    except (openai.APIError, httpx.HTTPError) as error:  # nothing is written until every sentence is drafted
        print(f"No drafts written: the model failed ({type(error).__name__}: {error}).", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
