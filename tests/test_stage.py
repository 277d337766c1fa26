"""The course of the disease asked about, and sentences that speak only of the other part of it."""

import pytest

from answering.stage import speaks_only_of_the_other_stage, stage_asked

EARLY_ONLY = (
    "Liver metastases often cause no symptoms in their early stages, as the liver has a large reserve."
)
LATER_ONLY = "As the disease progresses, patients may experience pain in the upper right side of the abdomen."
BOTH = "Symptoms are rare early on but common in advanced disease."
NEITHER = "Jaundice occurs due to the buildup of bilirubin."


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("What symptoms can liver mets cause as they get worse?", "later"),
        ("what are the signs that liver mets are progressing", "later"),
        ("symptoms of end-stage liver mets", "later"),
        ("What are the early symptoms of liver metastases?", "early"),
        ("1st signs cancer has moved into ur liver? what are the first symptoms", "early"),
        ("what are the symptoms of liver metastases?", None),
        ("symptoms early on and as it gets worse", None),
    ],
)
def test_the_part_of_the_course_asked_is_read_from_the_question(question, asked):
    assert stage_asked(question) == asked


def test_only_sentences_about_the_other_part_alone_are_set_aside():
    assert speaks_only_of_the_other_stage(EARLY_ONLY, "later")
    assert speaks_only_of_the_other_stage(LATER_ONLY, "early")
    assert not speaks_only_of_the_other_stage(LATER_ONLY, "later")
    assert not speaks_only_of_the_other_stage(EARLY_ONLY, "early")
    assert not any(
        speaks_only_of_the_other_stage(s, asked) for s in (BOTH, NEITHER) for asked in ("early", "later")
    )
