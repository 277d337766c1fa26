import pytest

from answering.operability import asks_about_inoperable, speaks_only_of_operable


@pytest.mark.parametrize(
    "question",
    [
        "What is the survival rate for liver metastases that cannot be operated on?",
        "survival inoperable liver mets",
        "what's the outlook without surgery",
        "what if they can't be removed?",
        "options for someone not fit for an operation",
    ],
)
def test_a_question_about_cancer_that_cannot_be_removed_says_so(question):
    assert asks_about_inoperable(question)


@pytest.mark.parametrize(
    "question",
    ["What is the survival rate after surgery?", "how is surgery done", "can liver mets be removed?"],
)
def test_a_question_about_surgery_or_no_surgery_at_all_is_not_about_inoperable_cancer(question):
    assert not asks_about_inoperable(question)


@pytest.mark.parametrize(
    ("sentence", "only_operable"),
    [
        (
            "For patients with resectable colorectal liver metastases, five-year survival rates can exceed 50% "
            "following surgery.",
            True,
        ),
        ("Radiation therapy may be given after surgery to kill any cancer cells left.", True),
        (
            "These approaches are used to convert initially inoperable liver metastases into resectable ones.",
            False,
        ),
        (
            "Surgery is only feasible if enough healthy liver tissue is left for post-operative function.",
            False,
        ),
        ("Chemotherapy uses drugs to kill rapidly dividing cells.", False),
    ],
)
def test_a_sentence_speaks_only_of_operable_cancer_when_it_is_about_surgery_done(sentence, only_operable):
    assert speaks_only_of_operable(sentence) is only_operable
