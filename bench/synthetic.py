"""A reproducible synthetic library made of the real corpus's sentences, at any size.

Every chunk is a seeded recombination of real sentences (seed corpus + NIH corpus), grouped in documents of
``SECTIONS_PER_DOCUMENT`` sections, so BM25 and the embedder see real vocabulary and sentence shapes.

Embedding 100,000 chunks for real takes over an hour on this CPU, so large libraries get *precomputed*
vectors: each real sentence is embedded once with the packaged model, and a chunk's vector is the normalised
mean of its sentences' vectors. :func:`vector_fidelity` measures how close that is to embedding the chunk
text itself. Queries are always embedded for real, so search latency at 100k is measured, not modelled.

The companion sentence collection that ingest fills (``SentenceVectorStore``) gets *real* vectors: each chunk
text is split with ``split_sentences`` exactly as ingest splits it, a piece that is one of the corpus
sentences reuses that sentence's cached embedding, and a piece that is not (about 3% of them: a heading or a
sentence ending in ":" merges with the next one once the sentences are joined) is embedded for real, once,
and cached too (:func:`piece_vectors`).
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from answering.embeddings import embed, embedding_id
from answering.sentences import split_sentences
from answering.settings import PROJECT_ROOT, get_settings
from answering.store import search_text
from ingest.loaders import load_document
from ingest.pipeline import discover_files

SOURCE_DIRS = (PROJECT_ROOT / "corpus", PROJECT_ROOT / "data" / "nih-corpus")
CACHE_DIR = PROJECT_ROOT / "var" / "bench"
SENTENCES_PER_CHUNK = 5
SECTIONS_PER_DOCUMENT = 5


@dataclass(frozen=True)
class SyntheticChunk:
    """One chunk, with the same id scheme and metadata keys as an ingested one."""

    id: str
    text: str
    metadata: dict[str, str | int]
    sentence_indices: tuple[int, ...]


def real_sentences() -> tuple[list[str], list[str]]:
    """(unique sentences, document titles) of the real corpora, in a stable order."""
    sentences: dict[str, None] = {}
    titles: list[str] = []
    for folder in SOURCE_DIRS:
        for path in discover_files(folder):
            document = load_document(path, folder)
            titles.append(document.title)
            sentences.update(dict.fromkeys(split_sentences(document.markdown.replace("#", ""))))
    return list(sentences), titles


def synthetic_chunks(count: int, seed: int = 7) -> Iterator[SyntheticChunk]:
    """``count`` chunks; the same ``count`` and ``seed`` always give the same library."""
    sentences, titles = real_sentences()
    rng = random.Random(seed)
    for n in range(count):
        doc, part = divmod(n, SECTIONS_PER_DOCUMENT)
        title = f"{rng.choice(titles)} ({doc})"
        section = f"Part {part + 1}"
        picked = tuple(rng.sample(range(len(sentences)), SENTENCES_PER_CHUNK))
        yield SyntheticChunk(
            id=f"synthetic/doc-{doc:06d}#part-{part + 1}:0",
            text=" ".join(sentences[i] for i in picked),
            metadata={
                "doc_id": f"synthetic/doc-{doc:06d}",
                "source": f"synthetic/doc-{doc:06d}.md",
                "title": title,
                "section": section,
                "section_path": section,
                "source_url": "",
                "position": part,
                "file_hash": "synthetic",
            },
            sentence_indices=picked,
        )


def write_documents(chunks: list[SyntheticChunk], folder: Path) -> None:
    """The chunks as Markdown files (one heading per chunk), for an end-to-end ingest."""
    documents: dict[str, list[str]] = {}
    for chunk in chunks:
        head = documents.setdefault(str(chunk.metadata["source"]), [f"# {chunk.metadata['title']}\n"])
        head.append(f"## {chunk.metadata['section']}\n\n{chunk.text}\n")
    for source, parts in documents.items():
        path = folder / source
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(parts), encoding="utf-8")


def backend_id() -> str:
    """The embedding the cached vectors (and the indexes built from them) come from."""
    return embedding_id(get_settings().embedding_backend)


def sentence_vectors(threads: int = 1) -> np.ndarray:
    """Real embeddings of every corpus sentence, cached under var/bench keyed by the sentences and the backend."""
    sentences, _ = real_sentences()
    key = hashlib.sha256("\n".join([backend_id(), *sentences]).encode()).hexdigest()[:16]
    cache = CACHE_DIR / f"sentence-vectors-{key}.npy"
    if cache.exists():
        return np.load(cache)
    vectors = embed(sentences, threads=threads)
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    np.save(cache, vectors)
    return vectors


def chunk_vectors(chunks: list[SyntheticChunk], vectors: np.ndarray) -> np.ndarray:
    """Each chunk's vector: the normalised mean of its sentences' real embeddings."""
    means = np.stack([vectors[list(chunk.sentence_indices)].mean(axis=0) for chunk in chunks])
    return means / np.linalg.norm(means, axis=1, keepdims=True)


def vector_fidelity(chunks: list[SyntheticChunk], vectors: np.ndarray, threads: int = 1) -> dict[str, float]:
    """Cosine between the precomputed vector and what ingest would embed for the chunk, on a sample."""
    texts = [search_text(str(c.metadata["title"]), str(c.metadata["section_path"]), c.text) for c in chunks]
    real = embed(texts, threads=threads)
    cosines = np.sum(real * chunk_vectors(chunks, vectors), axis=1)
    return {"n": len(chunks), "mean": float(cosines.mean()), "min": float(cosines.min())}


def split_chunks(chunks: list[SyntheticChunk]) -> list[list[str]]:
    """Each chunk's sentences as ingest sees them: ``split_sentences`` of its text (not its source sentences)."""
    return [split_sentences(chunk.text) for chunk in chunks]


def piece_vectors(pieces: list[str], vectors: np.ndarray, threads: int = 1) -> dict[str, np.ndarray]:
    """A real embedding of every piece: a corpus sentence's cached one, else embedded (and cached) now."""
    sentences, _ = real_sentences()
    known = {sentence: i for i, sentence in enumerate(sentences)}
    result = {piece: vectors[known[piece]] for piece in pieces if piece in known}
    unknown = list(dict.fromkeys(piece for piece in pieces if piece not in known))
    if not unknown:
        return result
    slug = backend_id().replace("/", "-")
    texts_path, vectors_path = CACHE_DIR / f"piece-texts-{slug}.json", CACHE_DIR / f"piece-vectors-{slug}.npy"
    cached: dict[str, np.ndarray] = {}
    if texts_path.exists() and vectors_path.exists():
        texts = json.loads(texts_path.read_text(encoding="utf-8"))
        cached = dict(zip(texts, np.load(vectors_path), strict=True))
    missing = [piece for piece in unknown if piece not in cached]
    if missing:
        cached.update(zip(missing, embed(missing, threads=threads), strict=True))
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        texts_path.write_text(json.dumps(list(cached)), encoding="utf-8")
        np.save(vectors_path, np.stack(list(cached.values())))
    result.update((piece, cached[piece]) for piece in unknown)
    return result
