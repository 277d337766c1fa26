"""Compare embedding backends for the packaged all-MiniLM-L6-v2 on this CPU: torch, ONNX fp32, ONNX int8.

sentence-transformers' own ``backend="onnx"`` needs ``optimum-onnx``, which requires transformers < 4.58
(the project pins 5.x), so the ONNX model is exported here with ``torch.onnx`` from the packaged weights and
run with onnxruntime (mean pooling + normalisation, as the sentence-transformers model does). Nothing is
downloaded. Per backend it reports:

* speed: chunks/s on synthetic chunks (best of ``--repeats``), chunks/s while embedding the NIH corpus, and
  the median ms of one ``embed([question])`` call over gold questions (the query-time cost);
* agreement: mean cosine to the torch vectors, on the synthetic chunks and on the questions;
* quality: dense-only recall@5 and MRR (``evals.retrieval_metrics``, as the evals score ``retrieved_ids``)
  of the gold set over the seed corpus and of the MedQuAD set over ``data/nih-corpus``.

    python -m bench.embedding_backends [--sample 128] [--threads 1] [--questions 60] [--repeats 3]
"""

from __future__ import annotations

import argparse
import statistics
from collections.abc import Callable
from pathlib import Path
from time import perf_counter

import numpy as np

from answering.embeddings import OnnxEncoder, embed
from answering.onnx_model import export_fp32, quantize_int8
from answering.settings import PROJECT_ROOT, Settings
from answering.store import search_text
from bench.machine import save_results
from bench.synthetic import CACHE_DIR, synthetic_chunks
from evals.dataset import EvalItem, load_items
from evals.retrieval_metrics import recall_at_k, reciprocal_rank
from ingest.chunking import split_document
from ingest.loaders import load_document
from ingest.pipeline import discover_files

Embedder = Callable[[list[str]], np.ndarray]
ONNX_DIR = CACHE_DIR / "onnx"
NIH_CORPUS = PROJECT_ROOT / "data" / "nih-corpus"

#: Dynamic int8 variants (onnxruntime ``quantize_dynamic`` keyword arguments), by file-name suffix.
INT8_VARIANTS: dict[str, dict] = {
    "int8": {"per_channel": False},  # one weight scale per tensor, as onnxruntime defaults
    "int8-perchannel": {"per_channel": True},
    "int8-perchannel-rr": {"per_channel": True, "reduce_range": True},
    "int8-perchannel-matmul": {"per_channel": True, "op_types_to_quantize": ["MatMul"]},
}


def export_onnx() -> Path:
    """The packaged model's transformer as ONNX (fp32), exported once from the local weights."""
    target = ONNX_DIR / "minilm.onnx"
    if not target.exists():
        ONNX_DIR.mkdir(parents=True, exist_ok=True)
        export_fp32(target)
    return target


def quantize_variant(fp32: Path, variant: str) -> Path:
    """One dynamic int8 quantisation of ``INT8_VARIANTS``, cached per variant."""
    target = fp32.with_name(f"minilm-{variant}.onnx")
    if not target.exists():
        quantize_int8(fp32, target, **INT8_VARIANTS[variant])
    return target


def corpus_chunks(corpus_dir: Path | None = None) -> tuple[list[str], list[str]]:
    """(chunk ids, texts as ingest embeds them) of a corpus folder (default: the shipped seed corpus),
    chunked with the default settings."""
    settings = Settings()
    corpus_dir = corpus_dir or settings.corpus_dir
    ids, texts = [], []
    for path in discover_files(corpus_dir):
        for chunk in split_document(load_document(path, corpus_dir), "", settings):
            ids.append(chunk.id)
            texts.append(chunk.search_text)
    return ids, texts


def dense_retrieval(
    ids: list[str], chunk_vectors: np.ndarray, items: list[EvalItem], question_vectors: np.ndarray
) -> dict[str, float]:
    """Mean recall@5 and MRR of the items' ``source_ids``, ranking every chunk by cosine alone.

    A source id names a chunk, a section or a whole document (MedQuAD); ``retrieval_metrics.matches``
    decides, exactly as when the evals score the ranked ``retrieved_ids``."""
    recalls, reciprocal_ranks = [], []
    for item, scores in zip(items, question_vectors @ chunk_vectors.T, strict=True):
        ranked = [ids[i] for i in np.argsort(-scores)]
        recalls.append(recall_at_k(ranked, item.source_ids, 5))
        reciprocal_ranks.append(reciprocal_rank(ranked, item.source_ids))
    return {"recall_at_5": float(np.mean(recalls)), "mrr": float(np.mean(reciprocal_ranks))}


def throughput(embedder: Embedder, texts: list[str], repeats: int = 1) -> float:
    """Chunks per second, after one warm-up batch; the best of ``repeats`` runs (the CPU is shared)."""
    embedder(texts[:8])
    best = 0.0
    for _ in range(repeats):
        started = perf_counter()
        embedder(texts)
        best = max(best, len(texts) / (perf_counter() - started))
    return best


def question_latency_ms(embedder: Embedder, questions: list[str]) -> float:
    """Median milliseconds of one ``embedder([question])`` call, as at query time, after three warm-ups."""
    for question in questions[:3]:
        embedder([question])
    timings = []
    for question in questions:
        started = perf_counter()
        embedder([question])
        timings.append((perf_counter() - started) * 1000)
    return statistics.median(timings)


def retrieval_sets() -> dict[str, tuple[list[str], list[str], list[EvalItem]]]:
    """Per check: (chunk ids, chunk texts, items with ``source_ids``)."""
    evals = PROJECT_ROOT / "evals"
    gold = [i for i in load_items(evals / "gold.jsonl") if i.category == "answer" and i.source_ids]
    medquad = [i for i in load_items(evals / "medquad.jsonl") if i.source_ids]
    return {"gold_seed": (*corpus_chunks(), gold), "medquad_nih": (*corpus_chunks(NIH_CORPUS), medquad)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.embedding_backends", description=__doc__)
    parser.add_argument("--sample", type=int, default=128, help="synthetic chunks to time (default 128)")
    parser.add_argument("--threads", type=int, default=1, help="CPU threads per backend (default 1)")
    parser.add_argument(
        "--questions", type=int, default=60, help="gold questions timed one by one (default 60)"
    )
    parser.add_argument(
        "--repeats", type=int, default=3, help="timed runs over the sample, best kept (default 3)"
    )
    args = parser.parse_args(argv)

    sample = [
        search_text(str(c.metadata["title"]), str(c.metadata["section_path"]), c.text)
        for c in synthetic_chunks(args.sample, seed=11)
    ]
    questions = [i.question for i in load_items(PROJECT_ROOT / "evals" / "gold.jsonl")][: args.questions]
    checks = retrieval_sets()
    fp32 = export_onnx()
    backends: dict[str, Embedder] = {
        "torch": lambda texts: embed(texts, threads=args.threads, backend="torch"),
        "onnx-fp32": OnnxEncoder(fp32, args.threads),  # the product's encoder, over any ONNX file
    }
    for variant in INT8_VARIANTS:
        backends[f"onnx-{variant}"] = OnnxEncoder(quantize_variant(fp32, variant), args.threads)

    reference = backends["torch"](sample)
    reference_questions = backends["torch"](questions)
    results = {}
    print(
        f"{'backend':28s} {'chunks/s':>8s} {'nih ch/s':>8s} {'q ms':>6s} {'cos ch':>7s} {'cos q':>7s}"
        f" {'gold r@5':>8s} {'gold mrr':>8s} {'mq r@5':>7s} {'mq mrr':>7s}"
    )
    for name, embedder in backends.items():
        row: dict[str, float] = {
            "chunks_per_s": throughput(embedder, sample, args.repeats),
            "question_ms_median": question_latency_ms(embedder, questions),
            "cosine_to_torch": float(np.mean(np.sum(embedder(sample) * reference, axis=1))),
            "cosine_to_torch_questions": float(
                np.mean(np.sum(embedder(questions) * reference_questions, axis=1))
            ),
        }
        for check, (ids, texts, items) in checks.items():
            started = perf_counter()
            chunk_vectors = embedder(texts)
            if check == "medquad_nih":  # real chunks, all of a 36-document corpus: the ingest cost
                row["nih_chunks_per_s"] = len(texts) / (perf_counter() - started)
            scores = dense_retrieval(ids, chunk_vectors, items, embedder([i.question for i in items]))
            row.update({f"{check}_{measure}": value for measure, value in scores.items()})
        results[name] = row
        print(
            f"{name:28s} {row['chunks_per_s']:8.1f} {row['nih_chunks_per_s']:8.1f}"
            f" {row['question_ms_median']:6.1f} {row['cosine_to_torch']:7.4f}"
            f" {row['cosine_to_torch_questions']:7.4f} {row['gold_seed_recall_at_5']:8.3f}"
            f" {row['gold_seed_mrr']:8.3f} {row['medquad_nih_recall_at_5']:7.3f} {row['medquad_nih_mrr']:7.3f}",
            flush=True,
        )
    path = save_results(
        "embedding_backends",
        {
            "threads": args.threads,
            "sample": args.sample,
            "questions_timed": len(questions),
            "repeats": args.repeats,
            "retrieval_sets": {
                check: {"chunks": len(ids), "items": len(items)} for check, (ids, _, items) in checks.items()
            },
            "backends": results,
        },
    )
    print(f"saved {path.relative_to(PROJECT_ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
