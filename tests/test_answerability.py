"""The answerability model: labelled data that holds together, a ranking that beats cosine on templates it
never saw, a score that drops for a deliberately bad model, and a file that loads back to the same numbers."""

from collections import defaultdict
from types import SimpleNamespace

import numpy as np
import pytest

from answering.answerability.data import HELD_OUT_SHARE, load_questions, load_sentences, split_of
from answering.answerability.model import AnswerabilityModel, load_model
from answering.answerability.train import PairSet, fit
from answering.embeddings import embed

COSINE_COLUMN = 2 * 384  # after q⊙s and |q−s| (features.pair_features)


@pytest.fixture(scope="module")
def held_out_pairs():
    """Held-out templates embedded as in use (the default backend, not the training reference)."""
    questions = [q for q in load_questions() if split_of(q.template) == "held_out"]
    return PairSet(questions, load_model().aspects, embed=embed)


def test_every_label_names_a_sentence_of_its_document_and_paraphrases_agree():
    sentences = {doc: {s.sid for s in rows} for doc, rows in load_sentences().items()}
    labels_of = defaultdict(set)
    for question in load_questions():
        assert question.key | question.useful <= sentences[question.doc], question
        assert not question.key & question.useful, question
        labels_of[question.template].add((question.doc, question.key, question.useful))
    assert all(len(labels) == 1 for labels in labels_of.values())


def test_questions_can_be_read_from_named_files_only():
    everything = load_questions()
    covered = load_questions(("seed_covered.jsonl",))
    assert covered and len(covered) < len(everything)
    assert all(q.covered and q.doc == "liver-metastases" for q in covered)


def test_held_out_templates_are_about_the_planned_share_and_hold_both_kinds():
    templates = {q.template: q.covered for q in load_questions()}
    held = [covered for template, covered in templates.items() if split_of(template) == "held_out"]
    assert abs(len(held) / len(templates) - HELD_OUT_SHARE) < 0.08
    assert 0.3 < np.mean(held) < 0.7


def test_the_shipped_model_ranks_held_out_sentences_better_than_cosine(held_out_pairs):
    scores = held_out_pairs.ranking_scores(load_model())
    cosine = held_out_pairs.ranking_scores(CosineOnly())
    assert scores["sentence_auc"] >= 0.93
    assert scores["sentence_auc"] >= cosine["sentence_auc"] + 0.02


def test_a_model_that_ranks_backwards_scores_far_lower(held_out_pairs):
    shipped = load_model()
    backwards = AnswerabilityModel(
        shipped.weights | {"output_weight": -shipped.weights["output_weight"]}, shipped.card
    )
    assert held_out_pairs.ranking_scores(backwards)["sentence_auc"] < 0.2
    assert held_out_pairs.ranking_scores(backwards)["key_first"] < 0.2


def test_the_model_file_loads_back_to_the_same_probabilities(tmp_path, held_out_pairs):
    shipped = load_model()
    shipped.save(tmp_path / "copy.safetensors")
    copy = AnswerabilityModel.load(tmp_path / "copy.safetensors")
    features = held_out_pairs.features[0]
    assert np.array_equal(copy.probabilities(features), shipped.probabilities(features))
    assert copy.card == shipped.card


def test_a_feature_that_never_varied_in_training_changes_nothing_in_use():
    """An aspect no training question asked must not pin P(answers): it once scaled a 1 to 10⁶."""
    generator = np.random.default_rng(0)
    features = generator.normal(size=(400, 4)).astype(np.float32)
    features[:, 3] = 0.0  # never varies in training
    labels = (features[:, 0] > 0).astype(np.float32)
    model = AnswerabilityModel(fit(SimpleNamespace(features=[features], labels=[labels])), {})
    asked = features[:50].copy()
    asked[:, 3] = 1.0
    assert np.allclose(model.probabilities(asked), model.probabilities(features[:50]), atol=1e-6)
    assert 0.1 < model.probabilities(features).mean() < 0.9  # the varying features still decide


class CosineOnly:
    """The plain embedding cosine as a 'model', the baseline the learned one must beat."""

    @staticmethod
    def probabilities(features: np.ndarray) -> np.ndarray:
        return features[:, COSINE_COLUMN]
