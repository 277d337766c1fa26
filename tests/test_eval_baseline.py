"""The regression comparison on hand-made numbers (the end-to-end guard is test_eval_regression.py)."""

from evals.baseline import HEADLINE, baseline_document, current_headline, headline, regressions

BASELINE = {
    "tolerance": 0.02,
    "metrics": {
        "fact_accuracy": 0.80,
        "all_facts_share": 0.60,
        "citation_support": 0.90,
        "routing_accuracy": 0.95,
        "recall@5": None,
    },
}


def test_within_tolerance_or_better_passes():
    current = {
        "fact_accuracy": 0.785,
        "all_facts_share": 0.70,
        "citation_support": 0.90,
        "routing_accuracy": 1.0,
    }
    assert regressions(current, BASELINE) == []


def test_drop_beyond_tolerance_or_missing_metric_fails():
    current = {
        "fact_accuracy": 0.77,
        "all_facts_share": 0.60,
        "citation_support": None,
        "routing_accuracy": 0.95,
    }
    found = regressions(current, BASELINE)
    assert found == [
        "fact_accuracy: 0.770 < baseline 0.800 - 0.02",
        "citation_support: missing (baseline 0.900)",
    ]


def test_baseline_document_holds_the_headline_of_a_scores_dict():
    scores = {
        "answer_quality": {"key_recall": 0.625, "sentence_precision": 0.375, "complete_share": 0.125},
        "facts": {"fact_accuracy": 0.5, "all_facts_share": 0.25},
        "citation_support": {"supported_share": 0.75},
        "routing": {"accuracy": 1.0},
        "retrieval": {"recall@5": 0.875},
    }
    document = baseline_document(headline(scores), ["evals/gold.jsonl"])
    assert (
        document["metrics"]
        == headline(scores)
        == {
            "key_sentence_recall": 0.625,
            "sentence_precision": 0.375,
            "complete_answers": 0.125,
            "fact_accuracy": 0.5,
            "all_facts_share": 0.25,
            "citation_support": 0.75,
            "routing_accuracy": 1.0,
            "recall@5": 0.875,
        }
    )
    assert set(document["metrics"]) == set(HEADLINE)
    assert regressions(document["metrics"], document) == []


def test_the_headline_counts_confident_non_answers_of_the_unanswerable_set():
    unanswerable = {"not_answered_by_kind": {"uncovered_aspect": 0.5, "other_disease": 1.0}}
    every_one_answered = {"not_answered_by_kind": {"uncovered_aspect": 0.0, "other_disease": 0.0}}
    gold = {
        section: {} for section in ("answer_quality", "facts", "citation_support", "routing", "retrieval")
    }
    baseline = baseline_document(current_headline(gold, unanswerable), ["gold", "unanswerable"])
    assert baseline["metrics"]["uncovered_aspect_not_answered"] == 0.5
    assert regressions(current_headline(gold, every_one_answered), baseline) == [
        "uncovered_aspect_not_answered: 0.000 < baseline 0.500 - 0.02",
        "other_disease_not_answered: 0.000 < baseline 1.000 - 0.02",
    ]


def test_the_heldout_sets_answer_quality_is_guarded_when_scored():
    gold = {
        section: {} for section in ("answer_quality", "facts", "citation_support", "routing", "retrieval")
    }
    unanswerable = {"not_answered_by_kind": {}}
    heldout = {
        "answer_quality": {"key_recall": 0.6, "sentence_precision": 0.7, "complete_share": 0.5},
        "not_answered_by_kind": {"uncovered_aspect": 0.8},
    }
    baseline = baseline_document(current_headline(gold, unanswerable, heldout), ["g", "u", "h"])
    padded = heldout | {
        "answer_quality": {"key_recall": 0.6, "sentence_precision": 0.4, "complete_share": 0.5}
    }
    assert regressions(current_headline(gold, unanswerable, padded), baseline) == [
        "heldout_sentence_precision: 0.400 < baseline 0.700 - 0.02"
    ]
    assert "heldout_key_sentence_recall" not in current_headline(gold, unanswerable)
