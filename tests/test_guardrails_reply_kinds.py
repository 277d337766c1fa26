"""The reply-kind models: trained on their own data they find their kind on templates they never saw, and the
shipped files are what that training gives."""

import numpy as np
import pytest

from answering.guardrails.reply_kinds import KINDS, shipped_model
from answering.guardrails.text import PatternList, normalise
from answering.guardrails.train_reply_kinds import MAX_VALIDATION_FALSE_SHARE, fit, labelled_rows


@pytest.fixture(scope="module", params=KINDS)
def kind_rows(request):
    return request.param, labelled_rows(request.param)


def found_and_false(decide, rows) -> tuple[float, float]:
    """(share of the set-aside messages of the kind found, share of the other set-aside messages taken for it)."""
    held = [(text, label) for text, label, aside in rows if aside]
    said = np.array([decide(text) for text, _ in held])
    of_kind = np.array([label for _, label in held])
    return float(said[of_kind].mean()), float(said[~of_kind].mean())


def test_training_finds_the_kind_on_templates_it_never_saw_and_the_measure_can_fail(kind_rows):
    kind, rows = kind_rows
    shipped = shipped_model(kind)
    vectoriser, model = fit(
        [t for t, _, aside in rows if not aside], [f for _, f, aside in rows if not aside]
    )
    found, false = found_and_false(
        lambda text: model.predict_proba(vectoriser.transform([text]))[0, 1] >= shipped.threshold, rows
    )
    most_false = MAX_VALIDATION_FALSE_SHARE[kind] + 0.01  # rounding on another CPU
    assert found >= 0.6 and false <= most_false
    assert found_and_false(lambda text: True, rows)[1] > most_false  # calling everything of the kind fails
    assert found_and_false(lambda text: False, rows)[0] < 0.6


def test_the_shipped_model_decides_as_a_retrain_on_every_row_does(kind_rows):
    """Sparse float arithmetic: the same decisions on any CPU, within rounding of the probability."""
    kind, rows = kind_rows
    vectoriser, model = fit([t for t, _, _ in rows], [f for _, f, _ in rows])
    sample = [text for text, _, aside in rows if aside]
    retrained = model.predict_proba(vectoriser.transform(sample))[:, 1]
    assert np.allclose(retrained, [shipped_model(kind).probability(text) for text in sample], atol=1e-4)


@pytest.mark.parametrize(
    ("kind", "phrases", "message"),
    [
        ("feelings", "feelings", "I dread every scan"),
        ("feelings", "feelings", "I'm grieving for my own life"),
        ("feelings", "feelings", "nobody asks how the carer is doing, I feel invisible"),
        ("symptom", "symptom_report", "mum's got a funny metallic taste in her mouth since tuesday"),
        ("symptom", "symptom_report", "i keep getting heartburn after meals lately"),
    ],
)
def test_a_model_reads_its_kind_where_the_phrase_list_misses_it(kind, phrases, message):
    text = normalise(message)
    assert not PatternList.load(phrases).matches(text)
    assert shipped_model(kind).decides(text)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    "message",
    [
        "what are the side effects of FOLFOX?",
        "my CEA went up to 12, is that bad?",
        "should I have SIRT or more chemo?",
    ],
)
def test_questions_about_facts_results_and_decisions_are_neither_feelings_nor_symptom_reports(kind, message):
    assert not shipped_model(kind).decides(normalise(message))
