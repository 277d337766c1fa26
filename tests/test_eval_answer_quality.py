"""Answer quality against the sentence key: a good answer scores high, a cited non-answer scores low."""

import json

import pytest

from answering.settings import PROJECT_ROOT
from evals.answer_quality import (
    KEYS_DIR,
    answer_quality_summary,
    cited_sentence_ids,
    load_keys,
    score_against_key,
)
from evals.answerability_heldout import HELDOUT_KEYS, HELDOUT_SET, heldout_rows
from evals.baseline import GOLD_PATH
from evals.dataset import load_items

KEYS, SENTENCES = load_keys()
SEED = {
    row["sid"]: row["text"]
    for row in map(json.loads, (KEYS_DIR / "seed_sentences.jsonl").read_text(encoding="utf-8").splitlines())
}


def citations(*sids):
    return [{"n": n, "quote": SEED[sid]} for n, sid in enumerate(sids, start=1)]


BLIND_SETS = [
    PROJECT_ROOT / "evals" / f"{name}_{half}.jsonl"
    for name in ("blind", "blind2", "blind3")
    for half in ("read", "unread")
]


def test_every_answer_item_of_gold_the_heldout_and_the_blind_sets_has_a_key_of_existing_sentences():
    answers = [
        item
        for path in (GOLD_PATH, HELDOUT_SET, *BLIND_SETS)
        for item in load_items(path)
        if item.category == "answer"
    ]
    assert {item.id for item in answers} == set(KEYS)
    for key in KEYS.values():
        assert key.key and key.key <= set(SENTENCES) and key.useful <= set(SENTENCES)
        assert not key.key & key.useful


def test_quotes_are_matched_to_key_sentences_despite_typography():
    quote = SEED["S01"].replace("’", "'").upper() + "  "
    assert cited_sentence_ids(
        [{"quote": quote}, {"quote": "Something the document never says."}], SENTENCES
    ) == [
        "S01",
        None,
    ]


def test_the_right_sentences_score_full_marks():
    key = KEYS["g-ans-001"]
    scores = score_against_key(key, cited_sentence_ids(citations(*sorted(key.key)), SENTENCES), answered=True)
    assert scores["key_recall"] == 1.0 and scores["complete"]
    assert scores["relevant_sentences"] == scores["cited_sentences"]


def test_a_cited_non_answer_scores_low_though_every_quote_supports_itself():
    """The issue's example: symptoms asked, "no symptoms early" and "more pronounced symptoms can arise" given."""
    key = KEYS["g-ans-023"]
    off = [sid for sid in SENTENCES if sid not in key.key | key.useful][:3]
    scores = score_against_key(key, cited_sentence_ids(citations(*off), SENTENCES), answered=True)
    assert scores["key_recall"] == 0.0 and not scores["complete"]
    assert scores["relevant_sentences"] == 0


def test_padding_lowers_precision_and_not_answering_lowers_recall():
    key = KEYS["g-ans-001"]
    padded = sorted(key.key) + [sid for sid in SENTENCES if sid not in key.key | key.useful][:3]
    padded_scores = score_against_key(key, cited_sentence_ids(citations(*padded), SENTENCES), answered=True)
    refused = score_against_key(key, [], answered=False)
    summary = answer_quality_summary([padded_scores, refused])
    assert summary["sentence_precision"] == pytest.approx(len(key.key) / len(padded))
    assert summary["key_recall"] == pytest.approx(0.5) and summary["complete_share"] == pytest.approx(0.5)


def test_the_heldout_set_is_the_answerability_models_heldout_templates_as_they_are_now():
    """Written by ``python -m evals import-heldout``; stale after the training data changes."""
    items, keys = heldout_rows()
    assert [item.model_dump(exclude_defaults=True) for item in load_items(HELDOUT_SET)] == items
    assert [json.loads(line) for line in HELDOUT_KEYS.read_text(encoding="utf-8").splitlines()] == keys


def test_a_heldout_item_answered_beside_the_point_scores_zero():
    key = KEYS["ah-001"]
    off = [sid for sid in SENTENCES if sid not in key.key | key.useful][:2]
    scores = score_against_key(key, cited_sentence_ids(citations(*off), SENTENCES), answered=True)
    assert scores["key_recall"] == 0.0 and scores["relevant_sentences"] == 0
