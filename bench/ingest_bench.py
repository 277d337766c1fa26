"""Ingest throughput (chunks/s) and peak memory: seed corpus, NIH corpus, synthetic libraries.

Libraries up to ``--embed-limit`` chunks go through the real ``ingest_corpus`` end to end (files on disk,
chunking, embedding of chunks and of their sentences, Chroma, BM25). Larger ones store precomputed vectors
(see bench/synthetic.py), so the storage side (sentence splitting, Chroma upsert of the chunks and of their
sentences, BM25 build) is measured at full size, and the embedding side (chunks, then sentences) is measured on
a sample and added: projected seconds = N / chunk_rate + S / sentence_rate + split_s + store_s + bm25_s, with
S the number of sentences stored and store_s the chunk and sentence upserts. Each target runs in its own
process so that its peak RSS is its own. The indexes are kept in var/bench/ for the query benchmark.

    python -m bench.ingest_bench [--sizes 1000 10000 100000] [--embed-limit 1000] [--skip-real]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import uuid
from time import perf_counter

import numpy as np

from answering.embeddings import embed
from answering.settings import PROJECT_ROOT, Settings
from answering.store import (
    Bm25Index,
    SentenceVectorStore,
    all_chunks,
    open_collection,
    search_text,
    set_generation,
    set_index_embedding,
)
from bench.machine import peak_rss_mib, save_results
from bench.synthetic import (
    CACHE_DIR,
    backend_id,
    chunk_vectors,
    piece_vectors,
    sentence_vectors,
    split_chunks,
    synthetic_chunks,
    write_documents,
)
from ingest.pipeline import ingest_corpus

REAL_CORPORA = {"seed": PROJECT_ROOT / "corpus", "nih": PROJECT_ROOT / "data" / "nih-corpus"}
EMBED_SAMPLE = 128
UPSERT_BATCH = 1000
SENTENCE_UPSERT_BATCH = 4000  # below Chroma's local max batch (5,461)


def index_settings(name: str) -> Settings:
    return Settings(index_dir=CACHE_DIR / f"index-{name}", corpus_dir=CACHE_DIR / f"corpus-{name}")


def fresh(settings: Settings) -> Settings:
    """An empty index directory; Chroma's per-path client cache is cleared too, or it writes to deleted files."""
    from chromadb.api.client import SharedSystemClient

    SharedSystemClient.clear_system_cache()
    shutil.rmtree(settings.index_dir, ignore_errors=True)
    return settings


def ingest_real(settings: Settings) -> dict:
    """The product's own ingest, timed end to end once the model is loaded (its load time is reported apart)."""
    started = perf_counter()
    embed(["load the model"], threads=settings.torch_threads)
    model_load_s = perf_counter() - started
    started = perf_counter()
    report = ingest_corpus(fresh(settings))
    seconds = perf_counter() - started
    return {
        "method": "ingest_corpus (end to end)",
        "model_load_s": model_load_s,
        "files": report.files_seen,
        "chunks": report.chunks_total,
        "sentences": open_collection(settings, create=False, kind=SentenceVectorStore.KIND).count(),
        "seconds": seconds,
        "chunks_per_s": report.chunks_total / seconds,
    }


def build_precomputed_index(size: int, settings: Settings) -> dict:
    """A ``size``-chunk synthetic index (chunks and their sentences) from precomputed vectors; storage timings.

    Timed: splitting the chunks into sentences, the Chroma upserts (sentences, then chunks, as ingest does)
    and the BM25 build. Not timed: embedding the few pieces that are not corpus sentences (the embedding
    side is projected from a sample, see :func:`embed_rates`).
    """
    chunks = list(synthetic_chunks(size))
    real = sentence_vectors(settings.torch_threads)
    vectors = chunk_vectors(chunks, real)
    started = perf_counter()
    pieces = split_chunks(chunks)
    split_s = perf_counter() - started
    by_text = piece_vectors([text for texts in pieces for text in texts], real, settings.torch_threads)
    rows = [(c.id, i, text) for c, texts in zip(chunks, pieces, strict=True) for i, text in enumerate(texts)]
    collection = open_collection(fresh(settings))
    sentences = SentenceVectorStore(open_collection(settings, kind=SentenceVectorStore.KIND))
    started = perf_counter()
    for start in range(0, len(rows), SENTENCE_UPSERT_BATCH):
        batch = rows[start : start + SENTENCE_UPSERT_BATCH]
        sentences.store(
            ids=[SentenceVectorStore.sentence_id(chunk_id, i) for chunk_id, i, _ in batch],
            texts=[text for _, _, text in batch],
            vectors=np.stack([by_text[text] for _, _, text in batch]),
            chunk_ids=[chunk_id for chunk_id, _, _ in batch],
        )
    sentence_store_s = perf_counter() - started
    started = perf_counter()
    for start in range(0, size, UPSERT_BATCH):
        batch = chunks[start : start + UPSERT_BATCH]
        collection.upsert(
            ids=[c.id for c in batch],
            documents=[c.text for c in batch],
            embeddings=vectors[start : start + UPSERT_BATCH],
            metadatas=[c.metadata for c in batch],
        )
    chunk_store_s = perf_counter() - started
    started = perf_counter()
    generation = uuid.uuid4().hex
    Bm25Index.build(all_chunks(collection), generation).save(settings.index_dir / "bm25")
    set_generation(collection, generation)
    set_index_embedding(collection, backend_id())
    return {
        "chunks": collection.count(),
        "sentences": sentences.collection.count(),
        "split_s": split_s,
        "chunk_store_s": chunk_store_s,
        "sentence_store_s": sentence_store_s,
        "store_s": chunk_store_s + sentence_store_s,
        "bm25_s": perf_counter() - started,
    }


def embed_rates(threads: int) -> tuple[float, float]:
    """(chunks/s, sentences/s) of the real embedder on a sample of synthetic chunks, as ingest embeds them."""
    sample = list(synthetic_chunks(EMBED_SAMPLE, seed=11))
    texts = [search_text(str(c.metadata["title"]), str(c.metadata["section_path"]), c.text) for c in sample]
    pieces = [text for texts in split_chunks(sample) for text in texts]
    embed(texts[:8], threads=threads)
    started = perf_counter()
    embed(texts, threads=threads)
    chunk_rate = EMBED_SAMPLE / (perf_counter() - started)
    started = perf_counter()
    embed(pieces, threads=threads)
    return chunk_rate, len(pieces) / (perf_counter() - started)


def ingest_precomputed(size: int) -> dict:
    settings = index_settings(str(size))
    stored = build_precomputed_index(size, settings)
    chunk_rate, sentence_rate = embed_rates(settings.torch_threads)
    storage_s = stored["split_s"] + stored["store_s"] + stored["bm25_s"]
    projected_s = size / chunk_rate + stored["sentences"] / sentence_rate + storage_s
    return {
        "method": f"precomputed vectors; embedding measured on {EMBED_SAMPLE} chunks and their sentences",
        **stored,
        "embed_chunks_per_s": chunk_rate,
        "embed_sentences_per_s": sentence_rate,
        "storage_chunks_per_s": size / storage_s,
        "projected_seconds": projected_s,
        "chunks_per_s": size / projected_s,
    }


def run_target(target: str, embed_limit: int) -> dict:
    """One benchmark target, in this process."""
    if target in REAL_CORPORA:
        result = ingest_real(
            Settings(corpus_dir=REAL_CORPORA[target], index_dir=CACHE_DIR / f"ingest-{target}")
        )
    else:
        size = int(target.removeprefix("synthetic-"))
        if size <= embed_limit:
            settings = fresh(index_settings(f"real-{size}"))
            shutil.rmtree(settings.corpus_dir, ignore_errors=True)
            write_documents(list(synthetic_chunks(size)), settings.corpus_dir)
            result = ingest_real(settings)
        else:
            result = ingest_precomputed(size)
    return {"target": target, **result, "peak_rss_mib": peak_rss_mib()}


def run_in_subprocess(target: str, embed_limit: int) -> dict:
    completed = subprocess.run(
        [sys.executable, "-m", "bench.ingest_bench", "--target", target, "--embed-limit", str(embed_limit)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(completed.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ingest_bench", description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000, 100000], help="synthetic sizes")
    parser.add_argument(
        "--embed-limit",
        type=int,
        default=1000,
        help="largest synthetic size embedded for real (default 1000)",
    )
    parser.add_argument("--skip-real", action="store_true", help="skip the seed and NIH corpora")
    parser.add_argument("--target", help=argparse.SUPPRESS)  # one target, run by the parent process
    args = parser.parse_args(argv)
    if args.target:
        print(json.dumps(run_target(args.target, args.embed_limit)))
        return 0

    targets = ([] if args.skip_real else list(REAL_CORPORA)) + [f"synthetic-{n}" for n in args.sizes]
    rows = []
    for target in targets:
        row = run_in_subprocess(target, args.embed_limit)
        rows.append(row)
        print(
            f"{target:18s} {row['chunks']:7d} chunks  {row['chunks_per_s']:7.1f} chunks/s  "
            f"peak RSS {row['peak_rss_mib']:6.0f} MiB  ({row['method']})"
        )
    path = save_results("ingest", {"targets": rows})
    print(f"saved {path.relative_to(PROJECT_ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
