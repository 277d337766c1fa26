"""The feelings model: trained on its own data it finds feelings on templates it never saw, and the shipped file is
what that training gives."""

import numpy as np
import pytest

from answering.guardrails.feelings import shipped_feelings_model
from answering.guardrails.text import PatternList, normalise
from answering.guardrails.train_feelings import fit, labelled_rows


@pytest.fixture(scope="module")
def rows():
    return labelled_rows()


def found_and_false(decide, rows) -> tuple[float, float]:
    """(share of the set-aside feelings found, share of the other set-aside messages taken for feelings)."""
    held = [(text, feelings) for text, feelings, aside in rows if aside]
    said = np.array([decide(text) for text, _ in held])
    feelings = np.array([f for _, f in held])
    return float(said[feelings].mean()), float(said[~feelings].mean())


def test_training_finds_feelings_on_templates_it_never_saw_and_the_measure_can_fail(rows):
    shipped = shipped_feelings_model()
    vectoriser, model = fit(
        [t for t, _, aside in rows if not aside], [f for _, f, aside in rows if not aside]
    )
    found, false = found_and_false(
        lambda text: model.predict_proba(vectoriser.transform([text]))[0, 1] >= shipped.threshold, rows
    )
    assert found >= 0.6 and false <= 0.03
    assert found_and_false(lambda text: True, rows)[1] > 0.03  # calling everything feelings fails
    assert found_and_false(lambda text: False, rows)[0] < 0.6


def test_the_shipped_model_decides_as_a_retrain_on_every_row_does(rows):
    """Sparse float arithmetic: the same decisions on any CPU, within rounding of the probability."""
    shipped = shipped_feelings_model()
    vectoriser, model = fit([t for t, _, _ in rows], [f for _, f, _ in rows])
    sample = [text for text, _, aside in rows if aside]
    retrained = model.predict_proba(vectoriser.transform(sample))[:, 1]
    assert np.allclose(retrained, [shipped.probability(text) for text in sample], atol=1e-4)


@pytest.mark.parametrize(
    "message",
    [
        "I dread every scan",
        "I'm grieving for my own life",
        "nobody asks how the carer is doing, I feel invisible",
    ],
)
def test_the_model_reads_feelings_the_phrase_list_misses(message):
    text = normalise(message)
    assert not PatternList.load("feelings").matches(text)
    assert shipped_feelings_model().shares_feelings(text)


@pytest.mark.parametrize(
    "message",
    [
        "what are the side effects of FOLFOX?",
        "my CEA went up to 12, is that bad?",
        "can I eat before a CT scan?",
    ],
)
def test_questions_about_facts_and_results_are_not_feelings(message):
    assert not shipped_feelings_model().shares_feelings(normalise(message))
