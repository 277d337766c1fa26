"""Compare embedding backends for the packaged all-MiniLM-L6-v2 on this CPU: torch, ONNX fp32, ONNX int8.

sentence-transformers' own ``backend="onnx"`` needs ``optimum-onnx``, which requires transformers < 4.58
(the project pins 5.x), so the ONNX model is exported here with ``torch.onnx`` from the packaged weights and
run with onnxruntime (mean pooling + normalisation, as the sentence-transformers model does). Nothing is
downloaded. Quality is checked as dense-only recall@5 of the gold set's answer items over the seed corpus.

    python -m bench.embedding_backends [--sample 128] [--threads 1]
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from time import perf_counter

import numpy as np

from answering.embeddings import embed, get_model
from answering.settings import PROJECT_ROOT, Settings
from answering.store import search_text
from bench.machine import save_results
from bench.synthetic import CACHE_DIR, synthetic_chunks
from evals.dataset import load_items
from evals.retrieval_metrics import recall_at_k
from ingest.chunking import split_document
from ingest.loaders import load_document
from ingest.pipeline import discover_files

Embedder = Callable[[list[str]], np.ndarray]
ONNX_DIR = CACHE_DIR / "onnx"


def export_onnx(threads: int) -> Path:
    """The packaged model's transformer as ONNX (fp32), exported once from the local weights."""
    import torch

    target = ONNX_DIR / "minilm.onnx"
    if target.exists():
        return target
    model = get_model(threads)
    transformer = model[0].auto_model.eval()
    names = ["input_ids", "attention_mask", "token_type_ids"]
    example = model.tokenizer(
        ["a short example", "another example sentence"], padding=True, return_tensors="pt"
    )

    class LastHiddenState(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.transformer = transformer

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.transformer(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    ONNX_DIR.mkdir(parents=True, exist_ok=True)
    torch.onnx.export(
        LastHiddenState(),
        tuple(example[name] for name in names),
        str(target),
        input_names=names,
        output_names=["last_hidden_state"],
        dynamic_axes={name: {0: "batch", 1: "tokens"} for name in [*names, "last_hidden_state"]},
        opset_version=17,
        dynamo=False,
    )
    return target


def quantize_int8(fp32: Path) -> Path:
    """Dynamic int8 quantisation of the weights (onnxruntime), the usual CPU speed-up."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    target = fp32.with_name("minilm-int8.onnx")
    if not target.exists():
        quantize_dynamic(str(fp32), str(target), weight_type=QuantType.QInt8)
    return target


def onnx_embedder(path: Path, threads: int, batch_size: int = 32) -> Embedder:
    """Embed like sentence-transformers does: tokenise (max 256), mean-pool over the mask, normalise."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    session = onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    model = get_model(threads)

    def run(texts: list[str]) -> np.ndarray:
        batches = []
        for start in range(0, len(texts), batch_size):
            encoded = model.tokenizer(
                texts[start : start + batch_size],
                padding=True,
                truncation=True,
                max_length=model.max_seq_length,
                return_tensors="np",
            )
            hidden = session.run(None, {name: encoded[name].astype(np.int64) for name in encoded})[0]
            mask = encoded["attention_mask"][..., None].astype(np.float32)
            pooled = (hidden * mask).sum(axis=1) / np.clip(mask.sum(axis=1), 1e-9, None)
            batches.append(pooled / np.linalg.norm(pooled, axis=1, keepdims=True))
        return np.concatenate(batches)

    return run


def seed_chunks() -> tuple[list[str], list[str]]:
    """(chunk ids, texts as ingest embeds them) of the shipped corpus, chunked with the default settings."""
    settings = Settings()
    ids, texts = [], []
    for path in discover_files(settings.corpus_dir):
        for chunk in split_document(load_document(path, settings.corpus_dir), "", settings):
            ids.append(chunk.id)
            texts.append(chunk.search_text)
    return ids, texts


def dense_recall_at_5(embedder: Embedder) -> float:
    """Mean recall@5 of the gold answer items, ranking seed chunks by cosine alone."""
    ids, texts = seed_chunks()
    items = [
        i
        for i in load_items(PROJECT_ROOT / "evals" / "gold.jsonl")
        if i.category == "answer" and i.source_ids
    ]
    chunk_vectors = embedder(texts)
    question_vectors = embedder([item.question for item in items])
    recalls = []
    for item, scores in zip(items, question_vectors @ chunk_vectors.T, strict=True):
        ranked = [ids[i] for i in np.argsort(-scores)]
        recalls.append(recall_at_k(ranked, item.source_ids, 5))
    return float(np.mean(recalls))


def throughput(embedder: Embedder, texts: list[str]) -> float:
    """Chunks per second, after one warm-up batch."""
    embedder(texts[:8])
    started = perf_counter()
    embedder(texts)
    return len(texts) / (perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.embedding_backends", description=__doc__)
    parser.add_argument("--sample", type=int, default=128, help="synthetic chunks to time (default 128)")
    parser.add_argument("--threads", type=int, default=1, help="CPU threads per backend (default 1)")
    args = parser.parse_args(argv)

    sample = [
        search_text(str(c.metadata["title"]), str(c.metadata["section_path"]), c.text)
        for c in synthetic_chunks(args.sample, seed=11)
    ]
    fp32 = export_onnx(args.threads)
    backends: dict[str, Embedder] = {
        "torch": lambda texts: embed(texts, threads=args.threads),
        "onnx-fp32": onnx_embedder(fp32, args.threads),
        "onnx-int8": onnx_embedder(quantize_int8(fp32), args.threads),
    }
    reference = backends["torch"](sample)
    results = {}
    for name, embedder in backends.items():
        rate = throughput(embedder, sample)
        agreement = float(np.mean(np.sum(embedder(sample) * reference, axis=1)))
        recall = dense_recall_at_5(embedder)
        results[name] = {"chunks_per_s": rate, "cosine_to_torch": agreement, "dense_recall_at_5": recall}
        print(f"{name:10s} {rate:7.1f} chunks/s   cosine to torch {agreement:.4f}   recall@5 {recall:.3f}")
    path = save_results(
        "embedding_backends", {"threads": args.threads, "sample": args.sample, "backends": results}
    )
    print(f"saved {path.relative_to(PROJECT_ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
