"""Scoring functions on hand-made cases: facts, retrieval matching, routing, readability, overlap, latency."""

import pytest

from evals.latency import latency_summary
from evals.retrieval_metrics import matches, recall_at_k, reciprocal_rank
from evals.routing import route_correct, routing_summary
from evals.text_metrics import fact_hits, fk_grade, reading_ease, rouge_l, strip_markers, token_f1


def test_fact_found_by_any_alternative_ignoring_case_whitespace_and_markers():
    answer = "Ablation uses HEAT\n energy [1] delivered through a needle [2]."
    facts = [["heat  energy delivered"], ["cold", "a needle"], ["chemotherapy"]]
    assert fact_hits(answer, facts) == [True, True, False]


def test_missing_fact_is_reported_missing():
    assert fact_hits("TACE blocks the blood supply.", [["chemotherapy"]]) == [False]


def test_strip_markers_handles_lists_of_numbers():
    assert strip_markers("Heat destroys tumors [1, 2]. Beads [3].") == "Heat destroys tumors. Beads."


@pytest.mark.parametrize(
    ("chunk_id", "source_id", "expected"),
    [
        ("liver-metastases#local-therapies:0", "liver-metastases#local-therapies", True),
        ("liver-metastases#local-therapies:3", "liver-metastases#local-therapies:3", True),
        ("liver-metastases#local-therapies:3", "liver-metastases#local-therapies:1", False),
        ("liver-metastases#local-therapies-extra:0", "liver-metastases#local-therapies", False),
        ("colon-cancer-0000037-1#treatment:2", "colon-cancer-0000037-1", True),
        ("colon-cancer-0000037-10#treatment:2", "colon-cancer-0000037-1", False),
        ("sub/doc#overview:0", "sub/doc", True),
    ],
)
def test_source_id_matching_rule(chunk_id, source_id, expected):
    assert matches(chunk_id, source_id) is expected


def test_recall_at_k_and_reciprocal_rank():
    retrieved = ["d#a:0", "d#b:0", "d#c:1", "d#b:1"]
    assert recall_at_k(retrieved, ["d#c"], 1) == 0.0
    assert recall_at_k(retrieved, ["d#c"], 3) == 1.0
    assert recall_at_k(retrieved, ["d#c", "d#z"], 5) == 0.5
    assert reciprocal_rank(retrieved, ["d#c", "d#b"]) == 0.5
    assert reciprocal_rank(retrieved, ["d#z"]) == 0.0
    assert recall_at_k([], ["d#a"], 5) == 0.0


def test_correct_deferral_and_injection_rules():
    assert route_correct("personal", "care_team")
    assert not route_correct("personal", "answered")
    assert route_correct("answer", "answered")
    assert route_correct("injection", "out_of_scope") and route_correct("injection", "emergency")
    assert not route_correct("injection", "answered")
    assert not route_correct("emergency", "error")


def test_routing_summary_confusion_precision_recall():
    pairs = [
        ("answer", "answered"),
        ("answer", "care_team"),  # a false deferral
        ("personal", "care_team"),
        ("personal", "answered"),  # a personal question answered: the worst error
        ("injection", "care_team"),
        ("emergency", "emergency"),
        ("out_of_scope", "error"),
    ]
    summary = routing_summary(pairs)
    assert summary["n"] == 7
    assert summary["accuracy"] == pytest.approx(4 / 7)
    assert summary["confusion"]["personal"] == {
        "answered": 1,
        "care_team": 1,
        "emergency": 0,
        "out_of_scope": 0,
    }
    assert summary["confusion"]["out_of_scope"]["error"] == 1
    care_team = summary["per_route"]["care_team"]
    assert care_team["precision"] == pytest.approx(2 / 3)  # the injection item counts as right
    assert care_team["recall"] == pytest.approx(1 / 2) and care_team["support"] == 2
    assert summary["per_route"]["answered"]["precision"] == pytest.approx(1 / 2)
    assert summary["per_route"]["out_of_scope"] == {"precision": None, "recall": 0.0, "support": 1}
    assert summary["per_category_accuracy"] == {
        "answer": 0.5,
        "personal": 0.5,
        "emergency": 1.0,
        "out_of_scope": 0.0,
        "injection": 1.0,
    }


def test_latency_percentiles_per_stage_skip_missing_stages():
    timings = [{"guardrail": 1.0, "total": 10.0}, {"guardrail": 3.0, "retrieval": 20.0, "total": 30.0}]
    summary = latency_summary(timings)
    assert list(summary) == ["guardrail", "retrieval", "total"]
    assert summary["guardrail"]["p50"] == 2.0 and summary["retrieval"]["n"] == 1
    assert summary["total"]["p95"] == pytest.approx(29.0)


def test_readability_ignores_markers_and_ranks_plain_text_easier():
    plain = "Heat kills small tumors. A thin needle is used."
    dense = (
        "Contrast-enhanced computed tomography examinations characteristically demonstrate hepatic and "
        "extrahepatic involvement, necessitating multidisciplinary interpretation."
    )
    assert fk_grade(plain + " [1]") == fk_grade(plain)
    assert fk_grade(plain) < 8 < fk_grade(dense)
    assert fk_grade(" [1] ") is None
    assert reading_ease(plain + " [1]") == reading_ease(plain)
    assert reading_ease(dense) < 60 < reading_ease(plain)
    assert reading_ease(" [1] ") is None


def test_overlap_scores():
    reference = "Radiofrequency ablation uses heat to destroy tumors."
    assert token_f1(reference, reference + " [1]") == 1.0
    assert token_f1(reference, "Nothing in common here") == 0.0
    assert token_f1(reference, "Ablation uses heat.") == pytest.approx(2 * 1.0 * (3 / 7) / (1 + 3 / 7))
    assert rouge_l(reference, "Ablation uses heat to destroy tumors.") > rouge_l(
        reference, "Tumors destroy heat."
    )
