"""What the guardrail router costs a patient's turn, with both emergency readers and with the first alone.

``Router.decide`` on the gold set's answer questions and on the held-out emergency look-alikes (messages that go on
to answering or to the care team, so every check runs, the second emergency reader too), each router fresh and
warmed up on five of them first. The two detectors are timed in turn (first alone, both, first alone, both), so a busy
neighbour on the shared CPU weighs on both alike. p50 / p95 ms.

python -m bench.router_bench [--passes 2]
"""

from __future__ import annotations

import argparse
from time import perf_counter

import numpy as np

from answering.guardrails.emergency_data import load_emergency_set
from answering.guardrails.emergency_model import EmergencyModel
from answering.guardrails.router import Router
from answering.settings import get_settings
from bench.machine import save_results
from bench.query_bench import gold_questions

WARM_UP = 5


def message_sets() -> dict[str, list[str]]:
    """The gold answer questions (short), and the held-out look-alikes (told at length, many of them)."""
    look_alikes = [e.text for e in load_emergency_set() if e.split == "heldout" and not e.emergency]
    return {"gold answer questions": gold_questions(1000), "emergency look-alikes": look_alikes}


def router(first_reader_only: bool) -> Router:
    settings = get_settings()
    first = (
        EmergencyModel.load(settings.emergency_model_path, settings.model_cache_dir, settings.torch_threads)
        if first_reader_only
        else None
    )
    return Router.load(settings, emergency_model=first)


def milliseconds(first_reader_only: bool, texts: list[str]) -> list[float]:
    timed = router(first_reader_only)
    for text in texts[:WARM_UP]:
        timed.decide(text, [])
    times = []
    for text in texts:
        started = perf_counter()
        timed.decide(text, [])
        times.append((perf_counter() - started) * 1000)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--passes", type=int, default=2, help="timed passes of each detector, interleaved")
    args = parser.parse_args(argv)
    sets = message_sets()
    detectors = ("first reader only", "both readers")
    runs: dict[str, dict[str, list[float]]] = {name: {kind: [] for kind in sets} for name in detectors}
    for _ in range(args.passes):
        for name in detectors:
            for kind, texts in sets.items():
                runs[name][kind] += milliseconds(name == "first reader only", texts)
    results = {
        name: {
            kind: {"p50": float(np.percentile(times, 50)), "p95": float(np.percentile(times, 95))}
            for kind, times in by_set.items()
        }
        for name, by_set in runs.items()
    }
    for name, by_set in results.items():
        cells = "; ".join(f"{kind} {f['p50']:.1f} / {f['p95']:.1f}" for kind, f in by_set.items())
        print(f"{name}, p50 / p95 ms: {cells}", flush=True)
    for kind in sets:
        ratio = results["both readers"][kind]["p50"] / results["first reader only"][kind]["p50"]
        print(f"{kind}: both / first alone at p50 {ratio:.2f}")
    counts = {kind: len(texts) for kind, texts in sets.items()}
    saved = save_results("router", {"messages": counts, "passes": args.passes, "results": results})
    print(f"saved {saved}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
