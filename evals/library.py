"""The reviewed-answer matcher on the labelled pair set: serving precision, recall, and the time it adds.

``python -m evals library --out evals/results/library`` scores each pair with the matcher as the product runs
it (the configured embedding backend, the shipped threshold) and writes ``scores.json`` and ``report.md``.
Figures that count are on the held-out templates; the threshold was chosen on the others.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from statistics import median
from time import perf_counter

import numpy as np

from answering.embeddings import EmbeddingCache
from answering.embeddings import embed as embed_once
from answering.glossary import GLOSSARY_FILE, load_glossary
from answering.reviewed.library import ReviewedEntry, ReviewedLibrary
from answering.reviewed.matching import MATCH_THRESHOLD, asked_keys, best_match, question_keys
from answering.reviewed.pairs import (
    QuestionPair,
    load_pair_file,
    load_pairs,
    pair_similarities,
    serving_figures,
)
from answering.settings import PROJECT_ROOT, get_settings
from evals.report import fmt, table

SAME_KINDS = ("paraphrase", "typo", "follow_up")
#: Pairs written later by a helper that saw neither the matcher nor the other pairs
#: (``answering/reviewed/training/README.md``):
#: the matcher was never tuned on them. The unread half's items are not read; only its figures are.
BLIND_SETS = {
    "blind_read": PROJECT_ROOT / "evals" / "library_pairs_read.jsonl",
    "blind_unread": PROJECT_ROOT / "evals" / "library_pairs_unread.jsonl",
}


def split_figures(pairs: list[QuestionPair], similarities: np.ndarray, threshold: float) -> dict:
    same = np.array([p.same for p in pairs])
    kinds = sorted({p.kind for p in pairs})
    per_kind = {}
    for kind in kinds:
        chosen = np.array([p.kind == kind for p in pairs])
        served = float((similarities[chosen] >= threshold).mean())
        per_kind[kind] = {"pairs": int(chosen.sum()), "served": served}
    return serving_figures(similarities, same, threshold) | {"per_kind": per_kind}


def lookup_latency_ms(pairs: list[QuestionPair], embed, glossary, entries: int = 500) -> dict[str, float]:
    """Median and p95 of one ``ReviewedLibrary.find`` with ``entries`` reviewed questions: their keys cached,
    as in a running app; each question embedded afresh (``embed`` must not have seen them)."""
    questions = [p.reviewed for p in pairs]
    library_entries = [
        ReviewedEntry(i, questions[i % len(questions)], "", [], datetime(2026, 1, 1)) for i in range(entries)
    ]

    class Source:
        def reviewed_answers(self):
            return library_entries

        def change_reviewed_answer(self, *args) -> int:
            return 0

    library = ReviewedLibrary(Source(), embed, glossary, still_quoted=lambda citation: True)
    library.find("warm-up")
    times = []
    for pair in pairs:
        started = perf_counter()
        library.find(pair.asked, pair.previous)
        times.append((perf_counter() - started) * 1000)
    return {"entries": entries, "median": median(times), "p95": float(np.percentile(times, 95))}


def whole_library_figures(pairs: list[QuestionPair], embed, glossary) -> dict[str, int]:
    """Each message looked up among *all* the pairs' reviewed questions, as the product does, not only its own:
    how many are served, and how many follow-ups get the answer to the question they followed ("what's the
    targeted one?" after "What treatments are available?" served that question's answer again), which a score
    per pair cannot show."""
    reviewed = sorted({p.reviewed for p in pairs})
    keys = question_keys(reviewed, embed, glossary)
    served = previous_served = 0
    for pair in pairs:
        previous = pair.previous
        asked, before = asked_keys(pair.asked, previous, embed, glossary)
        index = best_match(asked, keys, MATCH_THRESHOLD, before)
        served += index is not None
        previous_served += (
            index is not None and reviewed[index] == previous and reviewed[index] != pair.reviewed
        )
    return {
        "messages": len(pairs),
        "served": served,
        "follow_ups_served_the_previous_question": previous_served,
    }


def write_library_report(out: Path) -> dict:
    settings = get_settings()
    cache = EmbeddingCache()

    def embed(texts):
        return cache.embed(texts, threads=settings.torch_threads)

    glossary = load_glossary(settings.corpus_dir / GLOSSARY_FILE)
    pairs = load_pairs()
    similarities = pair_similarities(pairs, embed, glossary)
    held = np.array([p.split == "held_out" for p in pairs])
    held_pairs = [p for p in pairs if p.split == "held_out"]
    training_pairs = [p for p in pairs if p.split != "held_out"]
    blind = {name: load_pair_file(path) for name, path in BLIND_SETS.items()}
    scores = {
        "threshold": MATCH_THRESHOLD,
        "held_out": split_figures(held_pairs, similarities[held], MATCH_THRESHOLD),
        "training": split_figures(training_pairs, similarities[~held], MATCH_THRESHOLD),
        **{
            name: split_figures(part, pair_similarities(part, embed, glossary), MATCH_THRESHOLD)
            for name, part in blind.items()
        },
        "whole_library": whole_library_figures(pairs, embed, glossary),
        "latency_ms": lookup_latency_ms(
            held_pairs, lambda texts: embed_once(texts, settings.torch_threads), glossary
        ),
    }
    out.mkdir(parents=True, exist_ok=True)
    (out / "scores.json").write_text(json.dumps(scores, indent=1) + "\n", encoding="utf-8")
    (out / "report.md").write_text("\n".join(report_lines(scores)) + "\n", encoding="utf-8")
    return scores


def report_lines(scores: dict) -> list[str]:
    rows = []
    for name in ("held_out", "training", *BLIND_SETS):
        figures = scores[name]
        rows.append(
            [
                name.replace("_", " "),
                fmt(figures["pairs"]),
                fmt(figures["served"]),
                fmt(figures["precision"]),
                fmt(figures["recall"]),
            ]
            + [fmt(figures["per_kind"].get(kind, {}).get("served")) for kind in SAME_KINDS]
        )
    wrong_kinds = sorted(k for k in scores["held_out"]["per_kind"] if k not in SAME_KINDS)
    latency = scores["latency_ms"]
    whole = scores["whole_library"]
    return [
        "# Reviewed answers: does the matcher serve the right question?",
        "",
        "A reviewed answer is served only when the new question names the same things, asks the same aspect, has",
        "the same qualifiers (before / after / during, without, why, results, to work) and its embedding is within",
        f"the threshold ({scores['threshold']}) of the reviewed question. Command:",
        "`python -m evals library --out evals/results/library`.",
        "",
        *table(
            ["split", "pairs", "served", "precision", "recall", *(f"served: {k}" for k in SAME_KINDS)], rows
        ),
        "",
        "The blind rows are 300 pairs written later by a helper that saw neither the matcher nor the other pairs,",
        "split in halves by template: the matcher was never tuned on either, and the unread half's items are not read.",
        "",
        "Near misses served (held out; should be 0):",
        "",
        *table(wrong_kinds, [[fmt(scores["held_out"]["per_kind"][k]["served"]) for k in wrong_kinds]]),
        "",
        f"Whole library (each of the {whole['messages']} messages looked up among all the reviewed questions, as "
        f"the product does): {whole['served']} served; follow-ups served the answer to the question they followed "
        f"(should be 0): {whole['follow_ups_served_the_previous_question']}.",
        "",
        f"Lookup with {latency['entries']} reviewed answers: median {fmt(latency['median'], 1)} ms, "
        f"p95 {fmt(latency['p95'], 1)} ms, the question's embedding included.",
    ]
