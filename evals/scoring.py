"""Scores of one run: per item, then aggregated into the ``scores.json`` the report and baseline read."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from statistics import fmean

from answering.schema import Route
from evals.answer_quality import answer_quality_summary, cited_sentence_ids, load_keys, score_against_key
from evals.citation_support import METHOD, SupportScorer
from evals.corpus_reader import CorpusReader, hard_words
from evals.dataset import EvalItem
from evals.latency import latency_summary
from evals.retrieval_metrics import matches, recall_at_k, reciprocal_rank
from evals.routing import route_correct, routing_summary
from evals.text_metrics import fact_hits, fk_grade, reading_ease, rouge_l, token_f1

RECALL_KS = (1, 3, 5)


def _mean(values: Sequence[float]) -> float | None:
    return fmean(values) if values else None


def score_item(
    item: EvalItem, row: Mapping, scorer: SupportScorer, reader: CorpusReader | None = None
) -> dict:
    """Every measure that applies to one item's answer (absent keys: the measure does not apply). With a
    ``reader``, facts and citation support also read plain-language sentences as the quotes they faithfully
    restate (``evals/corpus_reader.py``); the reading grade is always of the text as the patient reads it."""
    answered = row["route"] == Route.ANSWERED.value
    citations = row.get("citations") or []
    as_sources_say = reader.as_sources_say(row["answer"], citations) if reader and answered else row["answer"]
    scores: dict = {"id": item.id, "category": item.category, "route": row["route"]}
    if item.known_category:
        scores["route_correct"] = route_correct(item.category, row["route"])
    if item.category == "answer" and item.facts:
        hits = [
            written or restated
            for written, restated in zip(
                fact_hits(row["answer"], item.facts), fact_hits(as_sources_say, item.facts), strict=True
            )
        ]
        scores["facts_found"], scores["facts_total"] = sum(hits), len(hits)
        scores["missing_facts"] = [alts[0] for alts, hit in zip(item.facts, hits, strict=True) if not hit]
    kind = getattr(item, "kind", None)
    if kind:  # e.g. uncovered_aspect / other_disease: questions that must not be answered
        scores["kind"] = kind
    keys, sentences = load_keys()
    if item.category == "answer" and item.id in keys:
        cited = cited_sentence_ids(row.get("citations") or [], sentences) if answered else []
        scores.update(score_against_key(keys[item.id], cited, answered))
        scores["section"] = item.source_ids[0].split("#", 1)[-1] if item.source_ids else ""
    if answered and item.category == "answer" and item.source_ids and row.get("citations"):
        from_source = [
            any(matches(c.get("chunk_id", ""), source) for source in item.source_ids)
            for c in row["citations"]
        ]
        scores["citations"], scores["citations_from_source"] = len(from_source), sum(from_source)
    if item.source_ids:
        retrieved = row.get("retrieved_ids") or []
        scores.update({f"recall@{k}": recall_at_k(retrieved, item.source_ids, k) for k in RECALL_KS})
        scores["reciprocal_rank"] = reciprocal_rank(retrieved, item.source_ids)
    if answered:
        verdicts = scorer.score_answer(as_sources_say, citations)
        scores["sentences"] = len(verdicts)
        scores["supported_sentences"] = sum(v.supported for v in verdicts)
        scores["unsupported"] = [f"{v.sentence} ({v.reason})" for v in verdicts if not v.supported]
        scores["fk_grade"] = fk_grade(row["answer"])
        scores["reading_ease"] = reading_ease(row["answer"])
        if reader:
            unexplained = reader.unexplained(row["answer"])
            scores["hard_words"], scores["unexplained_words"] = (
                len(hard_words(row["answer"])),
                sorted(unexplained),
            )
    if item.reference_answer:
        scores["rouge_l"] = rouge_l(item.reference_answer, row["answer"])
        scores["token_f1"] = token_f1(item.reference_answer, row["answer"])
    return scores


def _facts_summary(per_item: list[dict]) -> dict:
    scored = [s for s in per_item if "facts_total" in s]
    found, total = sum(s["facts_found"] for s in scored), sum(s["facts_total"] for s in scored)
    return {
        "n_items": len(scored),
        "n_facts": total,
        "fact_accuracy": found / total if total else None,
        "all_facts_share": _mean([float(s["facts_found"] == s["facts_total"]) for s in scored]),
    }


def _explained_summary(per_item: list[dict]) -> dict:
    """The answers' hard words the glossary explains (with a corpus reader only)."""
    hard = sum(s.get("hard_words", 0) for s in per_item)
    unexplained = Counter(word for s in per_item for word in s.get("unexplained_words", []))
    return {
        "hard_words": hard,
        "hard_words_explained": 1 - sum(unexplained.values()) / hard if hard else None,
        "unexplained": dict(unexplained.most_common(10)),
    }


def _retrieval_summary(per_item: list[dict]) -> dict:
    scored = [s for s in per_item if "reciprocal_rank" in s]
    summary: dict = {"n": len(scored)}
    summary.update({f"recall@{k}": _mean([s[f"recall@{k}"] for s in scored]) for k in RECALL_KS})
    summary["mrr"] = _mean([s["reciprocal_rank"] for s in scored])
    return summary


def _citation_summary(per_item: list[dict]) -> dict:
    scored = [s for s in per_item if "sentences" in s]
    sentences = sum(s["sentences"] for s in scored)
    return {
        "n_answers": len(scored),
        "n_sentences": sentences,
        "supported_share": sum(s["supported_sentences"] for s in scored) / sentences if sentences else None,
        "method": METHOD,
    }


def _overlap_summary(per_item: list[dict]) -> dict:
    scored = [s for s in per_item if "rouge_l" in s]
    return {
        "n": len(scored),
        "rouge_l_f": _mean([s["rouge_l"] for s in scored]),
        "token_f1": _mean([s["token_f1"] for s in scored]),
    }


def _readability_summary(per_item: list[dict]) -> dict:
    """Grade and reading ease of the answered replies, and how many of their hard words the glossary explains."""
    grades = [s["fk_grade"] for s in per_item if s.get("fk_grade") is not None]
    ease = [s["reading_ease"] for s in per_item if s.get("reading_ease") is not None]
    return {
        "n": len(grades),
        "fk_grade_mean": _mean(grades),
        "reading_ease_mean": _mean(ease),
        **_explained_summary(per_item),
    }


def _per_group(per_item: list[dict], field: str) -> dict:
    groups = sorted({s[field] for s in per_item if field in s and "key_recall" in s})
    return {group: answer_quality_summary([s for s in per_item if s.get(field) == group]) for group in groups}


def _not_answered_by_kind(per_item: list[dict]) -> dict:
    kinds = sorted({s["kind"] for s in per_item if "kind" in s})
    return {
        kind: _mean([float(s["route"] != Route.ANSWERED.value) for s in per_item if s.get("kind") == kind])
        for kind in kinds
    }


def _citation_source_share(per_item: list[dict]) -> dict:
    scored = [s for s in per_item if "citations" in s]
    total = sum(s["citations"] for s in scored)
    return {
        "n_answers": len(scored),
        "share": sum(s["citations_from_source"] for s in scored) / total if total else None,
    }


def score_run(
    items: Sequence[EvalItem],
    rows: Sequence[Mapping],
    scorer: SupportScorer,
    reader: CorpusReader | None = None,
) -> dict:
    """Aggregate scores of one generator's run; ``rows`` are the answers.jsonl rows in item order."""
    per_item = [score_item(item, row, scorer, reader) for item, row in zip(items, rows, strict=True)]
    return {
        "n_items": len(items),
        "categories": dict(Counter(item.category for item in items)),
        "unknown_categories": dict(Counter(item.category for item in items if not item.known_category)),
        "errors": {row["id"]: row["error"] for row in rows if row.get("error")},
        "retrieval": _retrieval_summary(per_item),
        "facts": _facts_summary(per_item),
        "citation_support": _citation_summary(per_item),
        "citations_from_expected_source": _citation_source_share(per_item),
        "answer_quality": {
            **answer_quality_summary(per_item),
            "per_section": _per_group(per_item, "section"),
        },
        "not_answered_by_kind": _not_answered_by_kind(per_item),
        "routing": routing_summary(
            [(i.category, r["route"]) for i, r in zip(items, rows, strict=True) if i.known_category]
        ),
        "readability": {
            **_readability_summary(per_item),
            "per_section": {
                section: _readability_summary([s for s in per_item if s.get("section") == section])
                for section in sorted(
                    {s["section"] for s in per_item if s.get("section") and "fk_grade" in s}
                )
            },
        },
        "latency_ms": latency_summary(
            {**r.get("timings_ms", {}), "end_to_end": r["latency_ms"]} for r in rows
        ),
        "overlap": _overlap_summary(per_item),
        "per_item": per_item,
    }
