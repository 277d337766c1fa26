"""Incremental ingest: only new or edited files are embedded; deleted files' chunks disappear.

The collection itself is the manifest: every chunk carries its file's sha256, so an unchanged file
is recognised without a side file that could drift from the index.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from answering.embeddings import embed, embedding_id
from answering.sentences import split_sentences
from answering.settings import Settings
from answering.store import (
    DIRTY,
    Bm25Index,
    SentenceVectorStore,
    all_chunks,
    collection_generation,
    collection_pages,
    index_embedding,
    open_collection,
    set_generation,
    set_index_embedding,
)
from ingest.chunking import Chunk, split_document
from ingest.loaders import SUPPORTED_SUFFIXES, LoadError, load_document

log = logging.getLogger(__name__)


@dataclass
class IngestReport:
    """What one ingest run did, for the CLI, the tests and the benchmarks."""

    files_seen: int = 0
    files_unchanged: int = 0
    files_added_or_changed: int = 0
    files_removed: int = 0
    chunks_embedded: int = 0
    chunks_deleted: int = 0
    chunks_total: int = 0
    errors: dict[str, str] = field(default_factory=dict)

    def summary(self) -> str:
        lines = [
            f"{self.files_seen} files: {self.files_added_or_changed} new or changed, "
            f"{self.files_unchanged} unchanged, {self.files_removed} removed, {len(self.errors)} skipped",
            f"{self.chunks_embedded} chunks embedded, {self.chunks_deleted} deleted, {self.chunks_total} in the index",
        ]
        lines += [f"skipped {name}: {reason}" for name, reason in sorted(self.errors.items())]
        return "\n".join(lines)


def discover_files(corpus_dir: Path) -> list[Path]:
    """Supported documents under the corpus folder, hidden files and folders excluded, in a stable order."""
    return sorted(
        path
        for path in corpus_dir.rglob("*")
        if path.is_file()
        and path.suffix.lower() in SUPPORTED_SUFFIXES
        and not any(part.startswith(".") for part in path.relative_to(corpus_dir).parts)
    )


#: What a file's hashes include when fewer of its chunks are stored than it has: it is ingested again.
PARTIAL = "partial"


def _indexed_files(collection) -> dict[str, tuple[set[str], list[str]]]:
    """source → (file hashes its chunks carry, chunk ids).

    Each chunk records how many chunks its file has; a file with fewer stored (a run killed mid-file) carries
    ``PARTIAL`` too, so the next run stores it whole instead of taking it for unchanged. (Chunks from before
    that count was recorded are taken as complete.)
    """
    files: dict[str, tuple[set[str], list[str]]] = defaultdict(lambda: (set(), []))
    expected: dict[str, set[int | None]] = defaultdict(set)
    for page in collection_pages(collection, ["metadatas"]):
        for chunk_id, metadata in zip(page["ids"], page["metadatas"], strict=True):
            hashes, ids = files[metadata["source"]]
            hashes.add(metadata.get("file_hash", ""))
            ids.append(chunk_id)
            expected[metadata["source"]].add(metadata.get("file_chunks"))
    for source, (hashes, ids) in files.items():
        if None not in expected[source] and expected[source] != {len(ids)}:
            hashes.add(PARTIAL)
    return dict(files)


def _vectors(texts: list[str], settings: Settings):
    return embed(texts, threads=settings.torch_threads, batch_size=settings.embed_batch_size)


def _batches(chunks: list[Chunk], settings: Settings):
    size = settings.embed_batch_size * 8
    return (chunks[start : start + size] for start in range(0, len(chunks), size))


def _store_sentences(sentences: SentenceVectorStore, chunks: list[Chunk], settings: Settings) -> None:
    """Embed each chunk's sentences, which answering reads as a cache instead of embedding them."""
    for batch in _batches(chunks, settings):
        parts = [(chunk.id, i, text) for chunk in batch for i, text in enumerate(split_sentences(chunk.text))]
        sentences.delete_chunks([c.id for c in batch])  # an edited chunk may have fewer sentences now
        sentences.store(
            ids=[SentenceVectorStore.sentence_id(chunk_id, i) for chunk_id, i, _ in parts],
            texts=[text for _, _, text in parts],
            vectors=_vectors([text for _, _, text in parts], settings),
            chunk_ids=[chunk_id for chunk_id, _, _ in parts],
        )


def _store_chunks(
    collection, sentences: SentenceVectorStore, chunks: list[Chunk], settings: Settings
) -> None:
    """Sentences first: a chunk that is searchable always has had its sentences stored."""
    _store_sentences(sentences, chunks, settings)
    for batch in _batches(chunks, settings):
        collection.upsert(
            ids=[c.id for c in batch],
            documents=[c.text for c in batch],
            embeddings=_vectors([c.search_text for c in batch], settings),
            metadatas=[c.metadata for c in batch],
        )


def _delete_chunks(collection, sentences: SentenceVectorStore, chunk_ids: list[str]) -> None:
    if chunk_ids:
        collection.delete(ids=chunk_ids)
        sentences.delete_chunks(chunk_ids)


def ingest_corpus(settings: Settings, progress: bool = False) -> IngestReport:
    """Bring the index in line with ``settings.corpus_dir``; safe to interrupt and re-run."""
    corpus_dir = settings.corpus_dir
    if not corpus_dir.is_dir():
        raise FileNotFoundError(f"Corpus folder not found: {corpus_dir}")
    report = IngestReport()
    collection = open_collection(settings)
    sentences = SentenceVectorStore(open_collection(settings, kind=SentenceVectorStore.KIND))
    indexed = _indexed_files(collection)
    embedding, built_with = embedding_id(settings.embedding_backend), index_embedding(collection)
    if not built_with:  # a new index: every vector it will hold is ours, even if this run is interrupted
        set_index_embedding(collection, embedding)
    elif built_with != embedding:
        log.warning("The index was embedded with %s: re-embedding every file with %s", built_with, embedding)
        indexed = {source: ({"other embedding"}, ids) for source, (_, ids) in indexed.items()}
    files = discover_files(corpus_dir)
    report.files_seen = len(files)
    pending: list[tuple[str, str, Path]] = []
    for path in files:
        source = path.relative_to(corpus_dir).as_posix()
        file_hash = hashlib.sha256(path.read_bytes()).hexdigest()
        if source in indexed and indexed[source][0] == {file_hash}:
            report.files_unchanged += 1
        else:
            pending.append((source, file_hash, path))
    present = {path.relative_to(corpus_dir).as_posix() for path in files}
    removed = [source for source in indexed if source not in present]
    if pending or removed:
        set_generation(collection, DIRTY)
    for source in removed:
        _delete_chunks(collection, sentences, indexed[source][1])
        report.files_removed += 1
        report.chunks_deleted += len(indexed[source][1])
    for source, file_hash, path in tqdm(pending, desc="Ingesting", unit="file", disable=not progress):
        old_ids = indexed.get(source, (set(), []))[1]
        try:
            document = load_document(path, corpus_dir, max_bytes=int(settings.max_document_mb * 1e6))
            chunks = split_document(document, file_hash, settings)
        except (LoadError, OSError) as error:
            log.warning("Skipped %s: %s", source, error)
            report.errors[source] = str(error)
            # the approved text is no longer readable: do not keep serving the old version
            _delete_chunks(collection, sentences, old_ids)
            report.chunks_deleted += len(old_ids)
            continue
        _store_chunks(collection, sentences, chunks, settings)
        stale = sorted(set(old_ids) - {c.id for c in chunks})
        _delete_chunks(collection, sentences, stale)
        report.files_added_or_changed += 1
        report.chunks_embedded += len(chunks)
        report.chunks_deleted += len(stale)
    if sentences.collection.count() == 0 and collection.count() > 0:  # an index from before sentence vectors
        _store_sentences(
            sentences, [Chunk(r.id, r.text, r.metadata) for r in all_chunks(collection)], settings
        )
    bm25_dir = settings.index_dir / "bm25"
    bm25 = Bm25Index.load(bm25_dir)
    generation = collection_generation(collection)
    if pending or removed or bm25 is None or bm25.generation != generation or generation in ("", DIRTY):
        generation = uuid.uuid4().hex
        Bm25Index.build(all_chunks(collection), generation).save(bm25_dir)
        set_generation(collection, generation)
    if built_with not in ("", embedding):  # only now: an interrupted re-embed is redone next time
        set_index_embedding(collection, embedding)
    report.chunks_total = collection.count()
    return report
