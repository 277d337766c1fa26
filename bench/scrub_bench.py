"""What scrubbing a stored turn costs, and how much of it the learned tagger adds.

Every stored question, history and feedback comment goes through ``pii.scrub``. p50 / p95 ms over the labelled PII
messages (as typed) and over 4,000-character messages (the stored cap: the labelled messages joined), with the
shipped tagger and with a tagger that finds nothing, interleaved (rules, both, rules, both) so that a busy
neighbour on the shared CPU weighs on both alike.

python -m bench.scrub_bench [--long 40]
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from time import perf_counter

import numpy as np

from answering.guardrails import pii
from answering.guardrails.identifiers import Identifier
from answering.guardrails.pii_data import load_messages
from bench.machine import save_results

LONG_MESSAGE_CHARS = 4000


class _NoTagger:
    def identifiers(self, text: str) -> list[Identifier]:
        return []


def _milliseconds(texts: list[str]) -> list[float]:
    times = []
    for text in texts:
        started = perf_counter()
        pii.scrub(text)
        times.append((perf_counter() - started) * 1000)
    return times


def long_messages(texts: list[str], count: int) -> list[str]:
    """``count`` messages of ``LONG_MESSAGE_CHARS`` characters, each the labelled messages joined from another start."""
    joined = " ".join(texts)
    step = max(1, (len(joined) - LONG_MESSAGE_CHARS) // count)
    return [joined[i * step : i * step + LONG_MESSAGE_CHARS] for i in range(count)]


def measure(sets: dict[str, list[str]], tagger: Callable[[], object]) -> dict[str, list[float]]:
    pii.shipped_tagger = tagger
    return {name: _milliseconds(texts) for name, texts in sets.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--long", type=int, default=40, help="how many 4,000-character messages")
    args = parser.parse_args(argv)
    texts = [message.text for message in load_messages()]
    sets = {"labelled messages": texts, "4,000 characters": long_messages(texts, args.long)}
    shipped = pii.shipped_tagger
    pii.warm_up()
    pii.scrub(texts[0])
    runs: dict[str, list[dict[str, list[float]]]] = {"rules only": [], "rules and tagger": []}
    for name, tagger in [("rules only", _NoTagger), ("rules and tagger", shipped)] * 2:
        runs[name].append(measure(sets, tagger))
    pii.shipped_tagger = shipped
    results = {
        name: {
            kind: {
                "p50": float(np.percentile([ms for run in chosen for ms in run[kind]], 50)),
                "p95": float(np.percentile([ms for run in chosen for ms in run[kind]], 95)),
            }
            for kind in sets
        }
        for name, chosen in runs.items()
    }
    for name, figures in results.items():
        cells = "  ".join(f"{kind} {f['p50']:.2f}/{f['p95']:.2f}" for kind, f in figures.items())
        print(f"{name}, p50/p95 ms: {cells}", flush=True)
    print(
        f"saved {save_results('scrub', {'messages': len(texts), 'long_messages': args.long, 'results': results})}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
