"""Where chunks live: a Chroma collection (local directory or server) and a BM25 index over the same chunks.

The BM25 index is a cache of the collection: it records the collection *generation* it was built
from, and is rebuilt whenever the two disagree (an interrupted ingest, another replica's ingest).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from answering.embeddings import embed, embedding_id
from answering.settings import Settings
from answering.stems import stemmer
from answering.vocabulary import CorpusVocabulary

log = logging.getLogger(__name__)

GENERATION_KEY = "generation"
EMBEDDING_KEY = "embedding"
#: What an index that records no embedding holds: every index made before the key existed used torch.
LEGACY_EMBEDDING = embedding_id("torch")
DIRTY = "dirty"  # set while an ingest is changing the collection
_BM25_META = "chunks.json"
_VOCABULARY = "vocabulary.json"


class IndexUnavailableError(RuntimeError):
    """The index is missing or unreadable; the message says how to rebuild it."""


class PackagedEmbeddingFunction:
    """Chroma's default embedding function downloads ONNX weights: hand it ours instead."""

    def __init__(self, threads: int = 1) -> None:
        self.threads = threads

    def __call__(self, input: list[str]) -> list[np.ndarray]:
        return list(embed(list(input), threads=self.threads))

    @staticmethod
    def name() -> str:
        return "packaged-all-minilm-l6-v2"

    def is_legacy(self) -> bool:
        return False

    def default_space(self) -> str:
        return "cosine"

    def supported_spaces(self) -> list[str]:
        return ["cosine", "l2", "ip"]

    def get_config(self) -> dict:
        return {}

    @staticmethod
    def build_from_config(config: dict) -> PackagedEmbeddingFunction:
        return PackagedEmbeddingFunction()


def _check_sqlite(path: Path) -> None:
    """Fail at start-up, not on a patient's first question: Chroma opens a damaged file without complaint."""
    import sqlite3

    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as connection:
            verdict = connection.execute("PRAGMA quick_check(1)").fetchone()[0]
    except sqlite3.Error as error:
        verdict = str(error)
    if verdict != "ok":
        raise ValueError(f"{path.name} is damaged: {verdict}")


def open_collection(settings: Settings, create: bool = True, kind: str = ""):
    """Open (or create) the chunk collection (or its ``kind`` companion), locally or on a Chroma server."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    try:
        if settings.chroma_host:
            client = chromadb.HttpClient(
                host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings
            )
        else:
            if not create and not (settings.index_dir / "chroma").exists():
                raise IndexUnavailableError(
                    f"No index at {settings.index_dir}. Build it with: python -m ingest {settings.corpus_dir}"
                )
            if not create:
                _check_sqlite(settings.index_dir / "chroma" / "chroma.sqlite3")
            client = chromadb.PersistentClient(
                path=str(settings.index_dir / "chroma"), settings=chroma_settings
            )
        function = PackagedEmbeddingFunction(settings.torch_threads)
        name = f"{settings.collection_name}__{kind}" if kind else settings.collection_name
        if create:
            return client.get_or_create_collection(
                name, embedding_function=function, configuration={"hnsw": {"space": "cosine"}}
            )
        collection = client.get_collection(name, embedding_function=function)
    except IndexUnavailableError:
        raise
    except Exception as error:  # chromadb raises many types for a corrupt or absent store
        raise IndexUnavailableError(
            f"The index at {settings.chroma_host or settings.index_dir} cannot be opened ({error}). "
            f"Rebuild it with: rm -rf {settings.index_dir} && python -m ingest {settings.corpus_dir}"
        ) from error
    built_with, wanted = index_embedding(collection), embedding_id(settings.embedding_backend)
    if not kind and built_with not in ("", wanted):
        raise IndexUnavailableError(
            f"The index was embedded with {built_with}, but EMBEDDING_BACKEND asks for {wanted}. "
            f"Re-embed it with: python -m ingest {settings.corpus_dir}"
        )
    return collection


def index_embedding(collection) -> str:
    """Which model and backend embedded the collection ("" for an empty one that records none)."""
    recorded = (collection.metadata or {}).get(EMBEDDING_KEY, "")
    return recorded or (LEGACY_EMBEDDING if collection.count() else "")


def set_index_embedding(collection, embedding: str) -> None:
    _set_metadata(collection, EMBEDDING_KEY, embedding)


#: Sentence ids asked for per passage in one read (a 180-token passage rarely holds more than 20 sentences).
SENTENCES_PER_READ = 48


class SentenceVectorStore:
    """Each passage's sentences, split and embedded at ingest, so that answering does neither.

    A cache, never a source of truth: a passage's stored sentences are used only while each is still in its
    text, and whatever is missing (an interrupted ingest, an older index) is split and embedded on the fly.
    """

    KIND = "sentences"

    def __init__(self, collection) -> None:
        self.collection = collection

    @staticmethod
    def sentence_id(chunk_id: str, index: int) -> str:
        return f"{chunk_id}/{index}"

    def sentences_of(self, passages: dict[str, str]) -> dict[str, list[tuple[str, np.ndarray]]]:
        """Each passage's sentences as ingest split them, in order, with their vectors (``passages``: id → text):
        answering reads these instead of splitting the passages again (pysbd took 68 of a cold answer's ~99 ms
        at 100k chunks). A passage is left out, to be split afresh, unless its stored sentences are numbered 0,
        1, 2… without a gap and each is still in its text (an edit, or an ingest killed midway).

        By id, ``SENTENCES_PER_READ`` a passage at a time (a filter on ``chunk_id`` took ~125 ms at 484k
        sentences, ids ~10 ms); a passage with more is read on from there."""
        found: dict[str, dict[int, tuple[str, np.ndarray]]] = {}
        pending, start = list(passages), 0
        while pending:
            ids = [self.sentence_id(c, i) for c in pending for i in range(start, start + SENTENCES_PER_READ)]
            page = self.collection.get(ids=ids, include=["documents", "embeddings"])
            for sentence_id, text, vector in zip(
                page["ids"], page["documents"], page["embeddings"], strict=True
            ):
                chunk_id, _, index = sentence_id.rpartition("/")
                found.setdefault(chunk_id, {})[int(index)] = (text, np.asarray(vector, dtype=np.float32))
            start += SENTENCES_PER_READ
            pending = [c for c in pending if start - 1 in found.get(c, {})]
        return {
            chunk_id: [numbered[i] for i in range(len(numbered))]
            for chunk_id, numbered in found.items()
            if set(numbered) == set(range(len(numbered)))
            and all(text in passages[chunk_id] for text, _ in numbered.values())
        }

    def nearest_chunks(self, vector: np.ndarray, sentences: int) -> list[str]:
        """The passages holding the ``sentences`` sentences nearest the question, nearest first."""
        if not sentences:  # no count() first: it takes ~90 ms at 484k sentences; an empty store returns []
            return []
        hits = self.collection.query(query_embeddings=[vector], n_results=sentences, include=["metadatas"])
        return list(dict.fromkeys(metadata["chunk_id"] for metadata in hits["metadatas"][0]))

    def store(self, ids: list[str], texts: list[str], vectors: np.ndarray, chunk_ids: list[str]) -> None:
        if ids:
            self.collection.upsert(
                ids=ids, documents=texts, embeddings=vectors, metadatas=[{"chunk_id": c} for c in chunk_ids]
            )

    def delete_chunks(self, chunk_ids: list[str]) -> None:
        if chunk_ids:
            self.collection.delete(where={"chunk_id": {"$in": chunk_ids}})


def collection_generation(collection) -> str:
    return (collection.metadata or {}).get(GENERATION_KEY, "")


def set_generation(collection, generation: str) -> None:
    """Record which BM25 build matches the collection, or ``DIRTY`` while an ingest changes it."""
    _set_metadata(collection, GENERATION_KEY, generation)


def _set_metadata(collection, key: str, value: str) -> None:
    metadata = {k: v for k, v in (collection.metadata or {}).items() if not k.startswith("hnsw:")}
    metadata[key] = value
    collection.modify(metadata=metadata)


@dataclass
class ChunkRecord:
    """A chunk as the answering side needs it."""

    id: str
    text: str
    metadata: dict


def collection_pages(collection, include: list[str], batch: int = 5000) -> Iterator[dict]:
    """The collection page by page, so a large library does not need one huge response."""
    offset = 0
    while True:
        page = collection.get(include=include, limit=batch, offset=offset)
        yield page
        if len(page["ids"]) < batch:
            return
        offset += batch


def all_chunks(collection) -> list[ChunkRecord]:
    """Every chunk in the collection."""
    return [
        ChunkRecord(id=i, text=d, metadata=m)
        for page in collection_pages(collection, ["documents", "metadatas"])
        for i, d, m in zip(page["ids"], page["documents"], page["metadatas"], strict=True)
    ]


def search_text(title: str, section_path: str, text: str) -> str:
    """The text BM25 and the embedder see: title and section give short passages their topic."""
    return f"{title} — {section_path}\n{text}"


def record_search_text(record: ChunkRecord) -> str:
    return search_text(record.metadata.get("title", ""), record.metadata.get("section_path", ""), record.text)


# Question words carry no topic; bm25s's English list keeps some of them.
_QUESTION_WORDS = (
    "what",
    "whats",
    "how",
    "why",
    "when",
    "where",
    "which",
    "who",
    "does",
    "do",
    "can",
    "could",
    "would",
    "should",
    "tell",
    "explain",
    "mean",
    "means",
    "please",
    "know",
    "like",
)


@lru_cache(maxsize=1)
def _stopwords() -> list[str]:
    from bm25s.stopwords import STOPWORDS_EN

    return sorted(set(STOPWORDS_EN) | set(_QUESTION_WORDS))


@lru_cache(maxsize=1)
def _bm25s():
    """bm25s, imported when first needed; its import sets its own logger to DEBUG, which printed "DEBUG Building
    index from IDs objects" on every ingest, so the logger is put back to warnings."""
    import bm25s

    logging.getLogger("bm25s").setLevel(logging.WARNING)
    return bm25s


def _bm25_tokenize(texts: list[str], return_ids: bool):
    bm25s = _bm25s()
    return bm25s.tokenize(
        texts, stopwords=_stopwords(), stemmer=stemmer(), return_ids=return_ids, show_progress=False
    )


def content_terms(text: str) -> set[str]:
    """Stemmed words without stop words: what lexical overlap between two texts is measured on."""
    return set(_bm25_tokenize([text], return_ids=False)[0])


class Bm25Index:
    """BM25 (bm25s, English stop words, Snowball stemming) over the collection's chunks."""

    def __init__(
        self, retriever, chunk_ids: list[str], generation: str, vocabulary: CorpusVocabulary
    ) -> None:
        self.retriever = retriever
        self.chunk_ids = chunk_ids
        self.generation = generation
        self.vocabulary = vocabulary

    @staticmethod
    def _tokenize(texts: list[str], return_ids: bool):
        return _bm25_tokenize(texts, return_ids)

    @classmethod
    def build(cls, records: list[ChunkRecord], generation: str) -> Bm25Index:
        retriever = _bm25s().BM25()
        if records:
            retriever.index(
                cls._tokenize([record_search_text(r) for r in records], return_ids=True), show_progress=False
            )
        vocabulary = CorpusVocabulary.from_texts([record_search_text(r) for r in records])
        return cls(retriever, [r.id for r in records], generation, vocabulary)

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        if self.chunk_ids:
            self.retriever.save(str(directory), show_progress=False)
        self.vocabulary.save(directory / _VOCABULARY)
        meta = {"generation": self.generation, "chunk_ids": self.chunk_ids}
        (directory / _BM25_META).write_text(json.dumps(meta), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> Bm25Index | None:
        """The saved index, or None when absent or unreadable (the caller rebuilds it)."""
        bm25s = _bm25s()
        try:
            meta = json.loads((directory / _BM25_META).read_text(encoding="utf-8"))
            retriever = (
                bm25s.BM25.load(str(directory), show_progress=False) if meta["chunk_ids"] else bm25s.BM25()
            )
            vocabulary = CorpusVocabulary.load(directory / _VOCABULARY)
            if vocabulary is None:
                raise ValueError("vocabulary missing")
        except (OSError, ValueError, KeyError) as error:
            log.info("BM25 index at %s not loaded (%s); rebuilding", directory, error)
            return None
        return cls(retriever, meta["chunk_ids"], meta["generation"], vocabulary)

    def known_terms(self, terms: set[str]) -> set[str]:
        """The ``terms`` (as :func:`content_terms` makes them) that occur somewhere in the corpus."""
        vocab = getattr(self.retriever, "vocab_dict", None) or {}
        return {term for term in terms if term in vocab}

    def search(self, query: str, k: int) -> list[tuple[str, float]]:
        """(chunk id, score) best first; chunks sharing no term with the query are left out."""
        if not self.chunk_ids:
            return []
        tokens = self._tokenize([query], return_ids=False)
        if not tokens or not tokens[0]:
            return []
        k = min(k, len(self.chunk_ids))
        documents, scores = self.retriever.retrieve(tokens, k=k, show_progress=False, n_threads=1)
        return [
            (self.chunk_ids[int(d)], float(s)) for d, s in zip(documents[0], scores[0], strict=True) if s > 0
        ]


def load_or_rebuild_bm25(collection, settings: Settings) -> Bm25Index:
    """The BM25 index matching the collection's current generation, rebuilt (and saved) if stale."""
    directory = settings.index_dir / "bm25"
    generation = collection_generation(collection)
    index = Bm25Index.load(directory)
    if index is not None and index.generation == generation and generation not in ("", DIRTY):
        return index
    log.info("Rebuilding the BM25 index from the collection (generation %r)", generation)
    index = Bm25Index.build(all_chunks(collection), generation)
    index.save(directory)
    return index
