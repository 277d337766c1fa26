"""What looking up the sentences nearest the question costs: the whole answer with and without it, same index.

``SENTENCE_HIT_PASSAGES`` 0 against its default, interleaved (0, on, 0, on) so that a busy neighbour on the
shared CPU weighs on both alike; p50 / p95 ms of ``Assistant.answer`` and of retrieval alone, over the gold
set's answer questions, 1 thread. The index is the synthetic library of ``bench/ingest_bench.py`` (built there).

python -m bench.sentence_hits_bench [--size 100000] [--questions 40]
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from time import perf_counter

import numpy as np

from answering.pipeline import Assistant
from answering.settings import get_settings
from bench.ingest_bench import index_settings
from bench.machine import save_results
from bench.query_bench import gold_questions


def _milliseconds(work: Callable[[], object]) -> float:
    started = perf_counter()
    work()
    return (perf_counter() - started) * 1000


def measure(size: int, questions: list[str], passages: int) -> dict[str, list[float]]:
    settings = index_settings(str(size)).model_copy(
        update={"generator": "extractive", "torch_threads": 1, "sentence_hit_passages": passages}
    )
    assistant = Assistant.from_settings(settings)
    for question in questions[:3]:  # warm the models and the index
        assistant.answer(question)
    return {
        "answer": [_milliseconds(lambda q=q: assistant.answer(q)) for q in questions],
        "retrieve": [_milliseconds(lambda q=q: assistant.retriever.retrieve(q)) for q in questions],
    }


def summary(runs: list[dict[str, list[float]]]) -> dict[str, dict[str, float]]:
    return {
        stage: {
            "p50": float(np.percentile([ms for run in runs for ms in run[stage]], 50)),
            "p95": float(np.percentile([ms for run in runs for ms in run[stage]], 95)),
        }
        for stage in ("answer", "retrieve")
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--questions", type=int, default=40)
    args = parser.parse_args(argv)
    questions = gold_questions(args.questions)
    default = get_settings().sentence_hit_passages
    runs: dict[int, list] = {0: [], default: []}
    for passages in (0, default, 0, default):
        runs[passages].append(measure(args.size, questions, passages))
    results = {str(passages): summary(chosen) for passages, chosen in runs.items()}
    for passages, figures in results.items():
        cells = "  ".join(f"{stage} {f['p50']:.1f}/{f['p95']:.1f}" for stage, f in figures.items())
        print(f"{args.size} chunks, SENTENCE_HIT_PASSAGES={passages}, p50/p95 ms: {cells}", flush=True)
    print(f"saved {save_results('sentence_hits', {'chunks': args.size, 'results': results})}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
