"""The fine-tuned emergency detector: its card, the ONNX file built from the shipped delta, and training.

Behaviour on the labelled sets is in ``test_guardrails_real.py``; here, the parts that make it."""

import json
import shutil

import numpy as np
import pytest

from answering.guardrails.emergency_model import (
    EMERGENCY_MODEL_PATH,
    EmergencyModel,
    EmergencyModelCard,
    onnx_path,
    scores_from,
)
from answering.guardrails.emergency_patterns import EMERGENCY_CATEGORIES
from answering.settings import Settings

CLASSES = ["none", *EMERGENCY_CATEGORIES]


def probabilities(**by_class: float) -> np.ndarray:
    row = np.zeros((1, len(CLASSES)), dtype=np.float32)
    for name, value in by_class.items():
        row[0, CLASSES.index(name)] = value
    return row


def test_the_emergency_probability_is_one_minus_none_and_the_category_the_likeliest():
    [score] = scores_from(probabilities(none=0.2, bleeding=0.5, breathing=0.3), CLASSES)
    assert score.probability == pytest.approx(0.8)
    assert score.category == "bleeding"


def test_self_harm_takes_the_category_when_it_holds_a_real_share():
    """The crisis reply also gives the emergency number, so a mixed overdose / self-harm message gets it."""
    [mixed] = scores_from(probabilities(none=0.0, overdose_poisoning=0.8, self_harm=0.2), CLASSES)
    [trace] = scores_from(probabilities(none=0.0, overdose_poisoning=0.95, self_harm=0.05), CLASSES)
    assert (mixed.category, trace.category) == ("self_harm", "overdose_poisoning")


def test_the_shipped_card_describes_the_shipped_weights():
    card = EmergencyModelCard.load()
    assert card.classes == CLASSES
    assert 0 < card.threshold < 1
    assert card.weights_path(EMERGENCY_MODEL_PATH).is_file()


def test_weights_that_do_not_match_the_card_are_refused_with_a_clear_message(tmp_path):
    card = EmergencyModelCard.load()
    shutil.copy(EMERGENCY_MODEL_PATH, tmp_path / EMERGENCY_MODEL_PATH.name)
    (tmp_path / card.weights).write_bytes(b"not the trained weights")
    with pytest.raises(ValueError, match="does not match the sha256"):
        onnx_path(tmp_path / EMERGENCY_MODEL_PATH.name, tmp_path / "cache")


@pytest.mark.slow
def test_the_onnx_file_computes_what_the_torch_network_does():
    """The file every machine builds from the packaged MiniLM and the shipped delta is the trained network."""
    import torch

    from answering.guardrails.emergency_network import EmergencyNetwork
    from answering.guardrails.train_emergency import _batch, tokenizer

    card = EmergencyModelCard.load()
    model = EmergencyModel.load(EMERGENCY_MODEL_PATH, Settings().model_cache_dir)
    network = EmergencyNetwork.from_delta(
        card.weights_path(EMERGENCY_MODEL_PATH), len(card.classes), card.trained_layers
    )
    texts = ["he isnt waking up", "what is tace?", "i took all my pills and i want it to be over. " * 20]
    with torch.no_grad():
        expected = network(**_batch(tokenizer(), texts)).numpy()
    assert np.allclose(model.probabilities(texts), expected, atol=1e-4)


@pytest.mark.slow
def test_training_learns_the_labelled_examples_and_writes_a_card_that_loads(tmp_path, monkeypatch):
    """A short run on a small slice (the real run takes ~25 min): emergencies end up above the rest."""
    from answering.guardrails import train_emergency

    texts, labels, groups = train_emergency.training_rows()
    picked = [i for i, label in enumerate(labels) if label == "bleeding"][:24]
    picked += [i for i, label in enumerate(labels) if label == "none"][:24]
    rows = ([texts[i] for i in picked], [labels[i] for i in picked], [groups[i] for i in picked])
    monkeypatch.setattr(train_emergency, "TRAINED_LAYERS", 1)
    monkeypatch.setattr(train_emergency, "training_rows", lambda: rows)
    out = tmp_path / "emergency_model.json"
    train_emergency.main(["--out", str(out), "--epochs", "12", "--threads", "1"])

    card = json.loads(out.read_text())
    assert card["trained_layers"] == 1 and card["training"]["examples"] == 48
    scores = EmergencyModel.load(out, tmp_path / "cache").scores(rows[0])
    emergency = np.array([s.probability for s, label in zip(scores, rows[1], strict=True) if label != "none"])
    none = np.array([s.probability for s, label in zip(scores, rows[1], strict=True) if label == "none"])
    assert emergency.mean() > 0.8 > 0.2 > none.mean()
