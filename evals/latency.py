"""Latency percentiles per pipeline stage, from each answer's ``timings_ms``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np

STAGES = ("guardrail", "retrieval", "generation", "total")


def latency_summary(timings: Iterable[Mapping[str, float]]) -> dict[str, dict[str, float | int]]:
    """``{stage: {p50, p95, n}}`` per reported stage; a stage an answer skipped is not a zero."""
    samples: dict[str, list[float]] = {}
    for timing in timings:
        for stage, value in timing.items():
            samples.setdefault(stage, []).append(float(value))
    ordered = [s for s in STAGES if s in samples] + sorted(set(samples) - set(STAGES))
    return {
        stage: {
            "p50": float(np.percentile(samples[stage], 50)),
            "p95": float(np.percentile(samples[stage], 95)),
            "n": len(samples[stage]),
        }
        for stage in ordered
    }
