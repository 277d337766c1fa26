"""Query latency per stage at 1k, 10k and 100k chunks (extractive), with 1 and 2 torch threads; cold start.

Stages are timed one by one on the gold set's answer questions: guardrail (router), embed (the question),
vector search (Chroma, 20 candidates), BM25 (20 candidates), fusion (RRF), generation (extractive answer
from the retrieved chunks, reading the sentence vectors stored at ingest, with an empty in-process
sentence-embedding cache; ``generation_warm`` repeats it), ``generation_embedded`` (the same answer without
the stored sentence vectors and with an empty cache, i.e. embedding every source sentence as before the
sentence store), and ``total`` = the whole ``Assistant.answer`` (stored vectors, empty cache). The indexes are
the synthetic libraries of bench/ingest_bench.py (built here if missing or without sentence vectors). Cold
start: a fresh ``python -m answering ask`` process over the seed index to its printed answer, and
``python app.py`` to its first answer over HTTP, with the app's RSS after 21 answers. ``--sizes`` with no
value runs only the cold starts (bench/results/cold_start.json).

    python -m bench.query_bench [--sizes 1000 10000 100000] [--threads 1 2] [--questions 40]
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from time import perf_counter

import numpy as np

from answering import extractive, sentences
from answering.embeddings import EmbeddingCache, embed
from answering.pipeline import Assistant
from answering.retrieval import reciprocal_rank_fusion
from answering.settings import PROJECT_ROOT, Settings
from answering.store import SentenceVectorStore, open_collection
from bench.ingest_bench import build_precomputed_index, index_settings
from bench.machine import rss_mib, save_results
from bench.synthetic import CACHE_DIR
from evals.dataset import load_items
from evals.latency import latency_summary
from ingest.pipeline import ingest_corpus

CANDIDATES = 20
STAGES = (
    "guardrail",
    "embed",
    "vector_search",
    "bm25",
    "fusion",
    "generation",
    "generation_warm",
    "generation_embedded",
    "total",
)


def gold_questions(limit: int) -> list[str]:
    items = load_items(PROJECT_ROOT / "evals" / "gold.jsonl")
    return [item.question for item in items if item.category == "answer" and not item.history][:limit]


def timed(timings: dict[str, float], stage: str, work: Callable):
    started = perf_counter()
    result = work()
    timings[stage] = (perf_counter() - started) * 1000
    return result


def forget_sentence_vectors() -> None:
    """Empty the extractive generator's sentence-embedding cache and the passage-splitting cache, so each
    question pays the cost of passages never seen."""
    extractive._SENTENCE_VECTORS = EmbeddingCache()
    sentences._sentences_of.cache_clear()


def stage_timings(assistant: Assistant, question: str) -> dict[str, float]:
    """The whole answer with an empty sentence cache, then each stage called on its own."""
    retriever, settings, timings = assistant.retriever, assistant.settings, {}
    forget_sentence_vectors()
    timed(timings, "total", lambda: assistant.answer(question))
    forget_sentence_vectors()
    timed(timings, "guardrail", lambda: assistant.router.decide(question, []))
    vector = timed(timings, "embed", lambda: embed([question], threads=settings.torch_threads)[0])
    hits = timed(
        timings,
        "vector_search",
        lambda: retriever.collection.query(
            query_embeddings=[vector], n_results=CANDIDATES, include=["documents", "metadatas", "distances"]
        ),
    )
    lexical = timed(timings, "bm25", lambda: retriever.bm25.search(question, CANDIDATES))
    timed(
        timings,
        "fusion",
        lambda: reciprocal_rank_fusion(
            [hits["ids"][0], [chunk_id for chunk_id, _ in lexical]], settings.rrf_k
        ),
    )
    retrieval = retriever.retrieve(question)
    timed(timings, "generation", lambda: extractive.extractive_answer(retrieval, settings))
    timed(timings, "generation_warm", lambda: extractive.extractive_answer(retrieval, settings))
    forget_sentence_vectors()
    unstored = dataclasses.replace(retrieval, sentence_vectors=None)  # as before the sentence store
    timed(timings, "generation_embedded", lambda: extractive.extractive_answer(unstored, settings))
    forget_sentence_vectors()
    return timings


def index_is_current(settings: Settings) -> bool:
    """Built with this embedding backend and with sentence vectors (else the old answer path is measured)."""
    if not (settings.index_dir / "chroma").exists():
        return False
    try:
        open_collection(settings, create=False)  # refuses an index of another embedding backend
        return open_collection(settings, create=False, kind=SentenceVectorStore.KIND).count() > 0
    except Exception:  # IndexUnavailableError: another backend, or no such collection
        return False


def measure_size(size: int, threads: list[int], questions: list[str]) -> list[dict]:
    settings = index_settings(str(size))
    if not index_is_current(settings):
        print(f"building the {size}-chunk index (precomputed vectors)…", flush=True)
        build_precomputed_index(size, settings)
    rows = []
    for count in threads:
        # One assistant per thread count: the router, the retriever and the answer embed with its setting.
        started = perf_counter()
        assistant = Assistant.from_settings(
            settings.model_copy(update={"generator": "extractive", "torch_threads": count})
        )
        open_s = perf_counter() - started
        for question in questions[:3]:
            assistant.answer(question)
        summary = latency_summary(stage_timings(assistant, q) for q in questions)
        rows.append(
            {
                "chunks": size,
                "threads": count,
                "open_index_s": open_s,
                "rss_mib": rss_mib(),
                "stages": summary,
            }
        )
        cells = "  ".join(
            f"{stage} {summary[stage]['p50']:.1f}/{summary[stage]['p95']:.1f}" for stage in STAGES
        )
        print(
            f"{size:7d} chunks, {count} thread(s), p50/p95 ms: {cells}  RSS {rss_mib():.0f} MiB", flush=True
        )
    return rows


def seed_index() -> Settings:
    settings = Settings(index_dir=CACHE_DIR / "index-seed")
    ingest_corpus(settings)  # incremental: no-op when up to date, backfills missing sentence vectors
    return settings


def cli_cold_start(runs: int) -> dict:
    """Wall time of a fresh CLI process to its first answer over the seed index (model load included)."""
    env = {**os.environ, "INDEX_DIR": str(seed_index().index_dir), "OMP_NUM_THREADS": "1"}
    seconds = []
    for _ in range(runs):
        started = perf_counter()
        subprocess.run(
            [sys.executable, "-m", "answering", "ask", "What is TACE?"],
            cwd=PROJECT_ROOT,
            env=env,
            capture_output=True,
            check=True,
        )
        seconds.append(perf_counter() - started)
    print(f"cold start to first answer (CLI): median {np.median(seconds):.2f} s over {runs} runs", flush=True)
    return {"runs_s": seconds, "median_s": float(np.median(seconds))}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def stop(process: subprocess.Popen) -> None:
    """Terminate the process group (``make`` and its ``python app.py``), kill it if uvicorn keeps waiting."""
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=15)


#: What is started, by name: the server alone, and the README's command (install check + incremental index first).
APP_COMMANDS = {
    "app.py": [sys.executable, "app.py"],
    "make run": ["make", "--no-print-directory", "run"],
}


def app_cold_start(command: str, answers: int = 20) -> dict:
    """``command`` to its first answer over HTTP on the seed index, then the server's RSS after more answers."""
    from gradio_client import Client

    port = free_port()
    with tempfile.TemporaryDirectory() as scratch:
        env = {
            **os.environ,
            "INDEX_DIR": str(seed_index().index_dir),
            "REVIEW_DB_URL": f"sqlite:///{scratch}/review.db",
            "PORT": str(port),
            "OMP_NUM_THREADS": "1",
        }
        started = perf_counter()
        app = subprocess.Popen(
            APP_COMMANDS[command],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            while True:
                if app.poll() is not None or perf_counter() - started > 180:
                    raise RuntimeError(f"{command} did not come up within 180 s")
                try:
                    client = Client(f"http://127.0.0.1:{port}/", verbose=False)
                    break
                except Exception:  # not listening yet: gradio_client raises several types
                    time.sleep(0.25)
            client.predict("What is TACE?", [], api_name="/chat")
            first_answer_s = perf_counter() - started
            for question in gold_questions(answers):
                client.predict(question, [], api_name="/chat")
            memory = rss_mib(server_pid(app.pid))
        finally:
            stop(app)
    print(
        f"cold start to first answer ({command} over HTTP): {first_answer_s:.2f} s; "
        f"app RSS after {answers + 1} answers: {memory:.0f} MiB",
        flush=True,
    )
    return {"first_answer_s": first_answer_s, "rss_mib_after_answers": memory, "answers": answers + 1}


def server_pid(pid: int) -> int:
    """The ``python app.py`` process itself: ``pid``, or its child when ``make`` started it."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return int(children[-1]) if children else pid


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.query_bench", description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000, 100000])
    parser.add_argument("--threads", type=int, nargs="*", default=[1, 2])
    parser.add_argument("--questions", type=int, default=40, help="gold answer questions per run")
    parser.add_argument("--cold-runs", type=int, default=3, help="CLI cold starts; 0 skips cold starts")
    args = parser.parse_args(argv)

    questions = gold_questions(args.questions)
    if args.sizes:
        rows = [row for size in args.sizes for row in measure_size(size, args.threads, questions)]
        path = save_results("query", {"questions": len(questions), "sizes": rows})
        print(f"saved {path.relative_to(PROJECT_ROOT)}")
    if args.cold_runs:
        cold = {
            "cli": cli_cold_start(args.cold_runs),
            "app": app_cold_start("app.py"),
            "make_run": app_cold_start("make run"),
        }
        print(f"saved {save_results('cold_start', cold).relative_to(PROJECT_ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
