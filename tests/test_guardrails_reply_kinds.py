"""The reply-kind models and the calm-report model: trained on their own data they find their kind on templates
they never saw, and the shipped files are what that training gives."""

import numpy as np
import pytest

from answering.guardrails.emergency_data import load_emergency_set
from answering.guardrails.reply_kinds import CALM, KINDS, MODELS, shipped_model
from answering.guardrails.text import PatternList, normalise
from answering.guardrails.train import TRAINING_DIR, read_tsv
from answering.guardrails.train_emergency import EVERYDAY_FILE
from answering.guardrails.train_reply_kinds import MAX_VALIDATION_FALSE_SHARE, fit, labelled_rows


@pytest.fixture(scope="module", params=MODELS)
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
    least_found = 0.55  # validation 0.644 (feelings), 0.653 (symptom), 0.759 (plan), 0.692 (calm)
    assert found >= least_found and false <= most_false
    assert found_and_false(lambda text: True, rows)[1] > most_false  # calling everything of the kind fails
    assert found_and_false(lambda text: False, rows)[0] < least_found


def test_the_shipped_model_decides_as_a_retrain_on_every_row_does(kind_rows):
    """Sparse float arithmetic: the same decisions on any CPU, within rounding of the probability."""
    kind, rows = kind_rows
    vectoriser, model = fit([t for t, _, _ in rows], [f for _, f, _ in rows])
    sample = [text for text, _, aside in rows if aside]
    retrained = model.predict_proba(vectoriser.transform(sample))[:, 1]
    assert np.allclose(retrained, [shipped_model(kind).probability(text) for text in sample], atol=1e-4)


def test_the_emergency_sets_held_out_split_is_never_read(kind_rows):
    """The safety evaluation's held-out figures include the feelings and calm stand-downs: they stay unseen."""
    examples = load_emergency_set()
    read = {text for text, _, _ in kind_rows[1]}
    train = {normalise(e.text) for e in examples if e.split == "train"}
    chat = {normalise(text) for _, text in read_tsv(TRAINING_DIR / EVERYDAY_FILE)}  # "ok thanks" is in both
    held_out = {normalise(e.text) for e in examples if e.split != "train"} - train - chat
    assert held_out and not read & held_out


def test_the_calm_model_tells_calm_symptom_reports_from_emergencies_told_as_calmly():
    calm = shipped_model(CALM)
    for report in ("my ankles are a bit puffy by the evening", "bit constipated since the new painkillers"):
        assert calm.decides(normalise(report))
    for emergency in (
        "sorry to bother you, his lips look a bit blue",
        "probably nothing but my poo is black and tarry",
    ):
        assert not calm.decides(normalise(emergency))


def test_the_plan_model_tells_asking_ahead_from_the_same_sign_happening_now():
    plan = shipped_model("plan")
    assert plan.decides(normalise("my lump - at what point do we call someone if the pain gets bad?"))
    for now in (
        "dad's lips have gone blue, 999 or the ward?",
        "she's shaking on the floor and wont answer, who do i ring",
    ):
        assert not plan.decides(normalise(now))


@pytest.mark.parametrize(
    ("kind", "phrases", "message"),
    [
        ("feelings", "feelings", "I dread every scan"),
        ("feelings", "feelings", "I'm grieving for my own life"),
        ("feelings", "feelings", "nobody asks how the carer is doing, I feel invisible"),
        ("symptom", "symptom_report", "mum's got a funny metallic taste in her mouth since tuesday"),
        ("symptom", "symptom_report", "i keep getting heartburn after meals lately"),
        (
            "plan",
            "emergency/asks_what_to_do_if",
            "the lump on his neck, if it ever bleeds a lot is that A&E or the ward",
        ),
        (
            "plan",
            "emergency/asks_what_to_do_if",
            "chest pain plan for mum please - 999 or the chemo line?",
        ),
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
