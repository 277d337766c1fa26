"""The fine-tuned emergency and personal classifiers: cards, the ONNX files built from the shipped deltas, training.

Behaviour on the labelled sets is in ``test_guardrails_real.py``; here, the parts that make it."""

import json
import shutil

import numpy as np
import pytest

from answering.guardrails.emergency_model import (
    EMERGENCY_MODEL_PATH,
    EMERGENCY_SECOND_MODEL_PATH,
    EmergencyModel,
    scores_from,
)
from answering.guardrails.emergency_patterns import EMERGENCY_CATEGORIES
from answering.guardrails.personal_model import PERSONAL_MODEL_PATH, PersonalModel
from answering.guardrails.text import normalise
from answering.guardrails.tuned_model import TunedModel, TunedModelCard, onnx_path
from answering.settings import Settings

CLASSES = ["none", *EMERGENCY_CATEGORIES]
SHIPPED = pytest.mark.parametrize(
    ("card_path", "classes"),
    [
        (EMERGENCY_MODEL_PATH, CLASSES),
        (EMERGENCY_SECOND_MODEL_PATH, CLASSES),
        (PERSONAL_MODEL_PATH, ["general", "personal"]),
    ],
    ids=["emergency", "emergency-second-reader", "personal"],
)


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
    assert (mixed.self_harm_share, trace.self_harm_share) == pytest.approx((0.2, 0.05))


@SHIPPED
def test_the_shipped_card_describes_the_shipped_weights(card_path, classes):
    card = TunedModelCard.load(card_path)
    assert card.classes == classes
    assert 0 < card.threshold < 1
    assert card.weights_path(card_path).is_file()


@SHIPPED
def test_weights_that_do_not_match_the_card_are_refused_with_a_clear_message(tmp_path, card_path, classes):
    card = TunedModelCard.load(card_path)
    shutil.copy(card_path, tmp_path / card_path.name)
    (tmp_path / card.weights).write_bytes(b"not the trained weights")
    with pytest.raises(ValueError, match="does not match the sha256"):
        onnx_path(tmp_path / card_path.name, tmp_path / "cache")


@pytest.mark.slow
@SHIPPED
def test_the_onnx_file_computes_what_the_torch_network_does(card_path, classes):
    """The file every machine builds from the packaged MiniLM and the shipped delta is the trained network."""
    from answering.guardrails.tuned_network import TunedNetwork, class_probabilities

    card = TunedModelCard.load(card_path)
    model = TunedModel.load(card_path, Settings().model_cache_dir)
    network = TunedNetwork.from_delta(card.weights_path(card_path), len(card.classes), card.trained_layers)
    texts = ["he isnt waking up", "what is tace?", "i took all my pills and i want it to be over. " * 20]
    assert np.allclose(model.probabilities(texts), class_probabilities(network, texts), atol=1e-4)


@pytest.mark.slow
@pytest.mark.parametrize("second_reader", [False, True], ids=["first", "second-reader"])
def test_training_learns_the_labelled_examples_and_writes_a_card_that_loads(
    tmp_path, monkeypatch, second_reader
):
    """A short run on a small slice (the real run takes ~30 min): emergencies end up above the rest. The second
    reader reads its own files too and is saved with its fixed threshold, the first with the one it chose."""
    from answering.guardrails import train_emergency
    from answering.guardrails.emergency_data import SECOND_READER_DIR

    texts, labels, groups = train_emergency.training_rows()
    picked = [i for i, label in enumerate(labels) if label == "bleeding"][:24]
    picked += [i for i, label in enumerate(labels) if label == "none"][:24]
    rows = ([texts[i] for i in picked], [labels[i] for i in picked], [groups[i] for i in picked])
    read: list[tuple] = []
    monkeypatch.setattr(train_emergency, "TRAINED_LAYERS", 1)
    monkeypatch.setattr(
        train_emergency, "training_rows", lambda *directories: read.append(directories) or rows
    )
    out = tmp_path / "emergency_model.json"
    flags = ["--second-reader"] if second_reader else []
    train_emergency.main([*flags, "--out", str(out), "--epochs", "12", "--threads", "1"])

    card = json.loads(out.read_text())
    assert card["trained_layers"] == 1 and card["training"]["examples"] == 48
    assert (SECOND_READER_DIR in read[0]) == second_reader
    assert ("validation_recall" in card["training"]) != second_reader
    if second_reader:
        assert card["threshold"] == train_emergency.SECOND_READER_THRESHOLD
    scores = EmergencyModel.load(out, tmp_path / "cache").scores(rows[0])
    emergency = np.array([s.probability for s, label in zip(scores, rows[1], strict=True) if label != "none"])
    none = np.array([s.probability for s, label in zip(scores, rows[1], strict=True) if label == "none"])
    assert emergency.mean() > 0.8 > 0.2 > none.mean()


@pytest.mark.slow
def test_personal_training_learns_the_labelled_examples_and_writes_a_card_that_loads(tmp_path, monkeypatch):
    """A short run on a small slice (the real run takes ~15 min): personal questions end up above general ones."""
    from answering.guardrails import train

    examples = [e for e in train.own_examples() if not train._decided_by_markers(normalise(e.text))]
    rows = [e for e in examples if e.personal][:24] + [e for e in examples if not e.personal][:24]
    monkeypatch.setattr(train, "TRAINED_LAYERS", 1)
    monkeypatch.setattr(train, "own_examples", lambda: rows)
    monkeypatch.setattr(train, "silver_examples", lambda: [])
    monkeypatch.setattr(train, "leaflet_examples", lambda: [])
    out = tmp_path / "personal_model.json"
    train.main(["--out", str(out), "--epochs", "12", "--threads", "1"])

    card = json.loads(out.read_text())
    assert card["trained_layers"] == 1 and card["training"]["examples"] == 48
    model = PersonalModel.load(out, tmp_path / "cache")
    probabilities = model.personal_probabilities([normalise(e.text) for e in rows])
    personal = np.array([e.personal for e in rows])
    assert probabilities[personal].mean() > 0.8 > 0.2 > probabilities[~personal].mean()
