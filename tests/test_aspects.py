"""A covered topic with an uncovered aspect is not answered with the topic's sentences."""

import pytest

from answering.aspects import asked_aspects, load_aspects, uncovered_aspect

TACE_IS = (
    "Transarterial Chemoembolization (TACE) involves delivering a high dose of chemotherapy combined with tiny "
    "particles to block the tumor's blood supply."
)


def test_every_aspect_has_a_label_for_the_reply():
    assert {aspect.name for aspect in load_aspects()} >= {"side_effects", "recovery", "duration", "outcomes"}
    assert all(aspect.label for aspect in load_aspects())


@pytest.mark.parametrize(
    ("question", "aspect"),
    [
        ("What are the side effects of TACE?", "side_effects"),
        ("how long does it take to recover from liver surgery", "recovery"),
        ("How long does a TACE procedure take?", "duration"),
        ("what is the survival rate after resection", "outcomes"),
        ("does a liver biopsy hurt", "pain"),
        ("how is ascites treated?", "symptom_treatment"),
    ],
)
def test_the_aspect_asked_is_recognised(question, aspect):
    assert aspect in [found.name for found in asked_aspects(question)]


@pytest.mark.parametrize(
    "question",
    [
        "What is TACE?",
        "how does chemo work",
        "Where do liver metastases come from?",
        "Who is at risk for intraocular melanoma?",  # risk factors, not a treatment's risks
        "what are the risk factors for liver mets",
    ],
)
def test_what_and_how_questions_ask_no_special_aspect(question):
    assert asked_aspects(question) == []


def test_an_answer_that_does_not_speak_to_the_aspect_leaves_it_uncovered():
    assert uncovered_aspect("What are the side effects of TACE?", TACE_IS).name == "side_effects"
    assert uncovered_aspect("What is TACE?", TACE_IS) is None
    covered = "Y-90 microspheres deliver a high, localized dose of radiation with minimal effect on the rest of the liver."
    assert uncovered_aspect("does y-90 damage the rest of the liver", covered) is None
