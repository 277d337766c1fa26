"""Heading-aware chunks measured in tiktoken tokens, each with a stable id and its provenance."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from langchain_text_splitters import MarkdownHeaderTextSplitter, RecursiveCharacterTextSplitter

from answering.settings import Settings
from answering.store import search_text
from ingest.loaders import LoadedDocument

_HEADING_LEVELS = [("#", "h1"), ("##", "h2"), ("###", "h3"), ("####", "h4")]


@dataclass(frozen=True)
class Chunk:
    """One retrievable passage; ``id`` is stable while the document's text and headings are."""

    id: str
    text: str
    metadata: dict[str, str | int] = field(default_factory=dict)

    @property
    def search_text(self) -> str:
        """What is embedded and BM25-indexed: headings give short passages their topic."""
        return search_text(str(self.metadata["title"]), str(self.metadata["section_path"]), self.text)


def slugify(text: str) -> str:
    """``"Local Therapies"`` → ``"local-therapies"``; ids must survive in URLs and logs."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"


@lru_cache(maxsize=4)
def _token_splitter(encoding: str, chunk_tokens: int, overlap_tokens: int) -> RecursiveCharacterTextSplitter:
    return RecursiveCharacterTextSplitter.from_tiktoken_encoder(
        encoding_name=encoding,  # the offline encoding: the default (gpt2) downloads its BPE file
        chunk_size=chunk_tokens,
        chunk_overlap=overlap_tokens,
        separators=["\n\n", "\n", ". ", "; ", ", ", " ", ""],
    )


def split_document(document: LoadedDocument, file_hash: str, settings: Settings) -> list[Chunk]:
    """Split by headings first, then by tokens inside a section; never across sections."""
    sections = MarkdownHeaderTextSplitter(_HEADING_LEVELS, strip_headers=True).split_text(document.markdown)
    splitter = _token_splitter(
        settings.tiktoken_encoding, settings.chunk_tokens, settings.chunk_overlap_tokens
    )
    per_section_count: dict[str, int] = {}
    chunks: list[Chunk] = []
    for section in sections:
        headings = [section.metadata[key] for _, key in _HEADING_LEVELS if key in section.metadata]
        if headings and headings[0] == document.title:
            headings = headings[1:]
        section_name = headings[-1] if headings else document.title
        slug = slugify(section_name)
        for piece in splitter.split_text(section.page_content):
            text = piece.strip()
            if not text:
                continue
            index = per_section_count.get(slug, 0)
            per_section_count[slug] = index + 1
            chunks.append(
                Chunk(
                    id=f"{document.doc_id}#{slug}:{index}",
                    text=text,
                    metadata={
                        "doc_id": document.doc_id,
                        "source": document.source,
                        "title": document.title,
                        "section": section_name,
                        "section_path": " › ".join(headings) or document.title,
                        "source_url": document.source_url,
                        "position": len(chunks),
                        "file_hash": file_hash,
                    },
                )
            )
    for chunk in chunks:  # so a re-run can tell a file an interrupted run left half-stored
        chunk.metadata["file_chunks"] = len(chunks)
    return chunks
