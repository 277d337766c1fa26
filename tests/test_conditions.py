"""The condition a question asks about, and the check that what is cited is about it."""

import pytest

from answering.conditions import (
    conditions_asked,
    conditions_besides_the_subject,
    names_another_primary_only,
    names_only_sites,
    primary_sites_asked,
    primary_sites_set_aside,
    uncovered_condition,
)
from answering.schema import Citation


def cited(title: str, section: str = "") -> Citation:
    return Citation(n=1, source="doc.md", title=title, section=section, chunk_id="doc#s:0", quote="q")


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("How is lung cancer treated?", ["lung cancer"]),
        ("how is stage 2 colon cancer treated", ["colon cancer"]),
        ("what causes kidney stones", ["kidney stones"]),
        ("How is HIV treated?", ["hiv"]),
        ("What is TACE?", []),
        ("why does it happen when cancer is in the liver?", ["cancer"]),  # "when" is no part of the name
        ("How do the strong cancer-killing drugs work?", []),  # "cancer-killing" names no condition
        # a verb or a size before the head word names no condition either
        ("how do the beads kill cancer", ["cancer"]),
        ("How does immunotherapy work against cancer?", ["cancer"]),
        ("Is ablation only for small tumours?", ["tumours"]),
        # … or where or how many they are
        ("can ablation reach deep tumours?", ["tumours"]),
        ("can several tumours be removed", ["tumours"]),
        ("biopsy to find the primary cancer", ["cancer"]),
        # nor a particle, a word about the question, or a size misspelt
        ("How does a PET scan show up cancer?", ["cancer"]),
        ("systemic therapy meaning cancer", ["cancer"]),
        ("can ct scans miss litle tumours", ["tumours"]),
        # nor a function word: "whether cancer", "finding cancer", "some cancers" are no kind of cancer
        ("Can an ultrasound show whether cancer has spread outside the liver?", ["cancer"]),
        ("is MRI better at finding cancer", ["cancer"]),
        ("why do some cancers spread to the liver", ["cancers"]),
        ("the most common cancer that spreads there", ["cancer"]),
    ],
)
def test_the_condition_a_question_names_without_filler_words(question, expected):
    assert conditions_asked(question) == expected


@pytest.mark.parametrize(
    "question",
    ["How is lung cancer treated?", "what are the symptoms of pancreatitis", "What are bone metastases?"],
)
def test_a_question_about_another_condition_is_not_answered_with_liver_metastasis_text(question):
    answer = "A cancer that began in the colon and spread to the liver is still treated as colon cancer [1]."
    assert uncovered_condition(question, answer, [cited("Liver Metastases", "Treatment")]) is not None


@pytest.mark.parametrize(
    "question",
    [
        "Can colon cancer spread to the liver?",  # the product's subject, in the patient's words
        "Is it still breast cancer if it has spread?",
        "What causes cancer?",  # no particular condition
        "What is TACE?",
    ],
)
def test_questions_about_liver_metastases_or_no_particular_condition_are_never_held_back(question):
    assert uncovered_condition(question, "Some cited sentence [1].", [cited("Liver Metastases")]) is None


@pytest.mark.parametrize(
    ("question", "condition"),
    [
        ("How is primary liver cancer treated?", "primary liver cancer"),
        ("what is cirrhosis of the liver", "cirrhosis"),
        ("is HCC the same as liver mets?", "hcc"),
    ],
)
def test_another_disease_of_the_liver_is_the_condition_asked_though_the_question_names_the_liver(
    question, condition
):
    """ "Liver" makes a question about the product's subject, but not when it names another liver disease:
    primary liver cancer was answered with how liver metastases are treated."""
    answer = "Treatment plans are developed by a multidisciplinary team [1]."
    assert uncovered_condition(question, answer, [cited("Liver Metastases", "Treatment")]) == condition


def test_primary_liver_cancer_set_against_the_subject_is_spoken_to_by_liver_cancer():
    """ "liver mets treatment same as primary liver cancer treatment?" had been declined though its answer says a
    colon cancer in the liver "is still treated as metastatic colorectal cancer, not liver cancer"."""
    answer = "A cancer that began in the colon is still treated as metastatic colorectal cancer, not liver cancer [1]."
    citations = [cited("Liver Metastases", "Treatment")]
    assert (
        uncovered_condition("liver mets treatment same as primary liver cancer?", answer, citations) is None
    )
    assert (
        uncovered_condition("How is primary liver cancer treated?", answer, citations)
        == "primary liver cancer"
    )


def test_a_sentence_naming_the_other_liver_disease_covers_it():
    answer = (
        "Secondary liver cancer is different from primary liver cancer, which begins in the liver cells [1]."
    )
    assert uncovered_condition("what is primary liver cancer", answer, [cited("Liver Metastases")]) is None


def test_a_condition_named_by_the_cited_document_counts_as_covered():
    """A sentence about GIST rarely repeats the name; its document's title does."""
    question = "What research is being done for gastrointestinal stromal tumors?"
    answer = "New types of treatment are being tested in clinical trials [1]."
    assert (
        uncovered_condition(question, answer, [cited("Gastrointestinal Stromal Tumors", "Research")]) is None
    )
    assert (
        uncovered_condition(question, answer, [cited("Adult Hodgkin Lymphoma", "Research")])
        == "stromal tumors"
    )


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("what is the survival rate when breast cancer spreads to the liver", ["breast cancer"]),
        ("can an ultrasound detect liver metastases", []),
        ("ascites: what is it, and why does it happen when cancer is in the liver?", []),
        ("does cirrhosis of the liver change things", ["cirrhosis"]),
    ],
)
def test_conditions_besides_the_subject_are_named_ones_other_than_liver_metastases(question, expected):
    assert conditions_besides_the_subject(question) == expected


COLORECTAL_SHARE = (
    "Approximately half of all patients diagnosed with colorectal cancer will develop liver metastases."
)
GUT_CANCERS = (
    "Cancers originating in the gastrointestinal tract, such as the colon, stomach, and pancreas, spread."
)
COLORECTAL_SURVIVAL = (
    "For patients with resectable colorectal liver metastases, five-year survival can exceed 50%."
)
OTHER_PRIMARIES = (
    "Other common primary cancers that spread to the liver include lung, breast, and neuroendocrine tumors."
)
OUTSIDE_THE_GUT = (
    "For these non-gastrointestinal cancers, tumor cells travel through the systemic circulation."
)


@pytest.mark.parametrize(
    ("sentence", "question", "another_only"),
    [
        (COLORECTAL_SHARE, "what share of stomach cancer patients get liver spread?", True),
        # the site named as an adjective:
        (COLORECTAL_SURVIVAL, "survival when breast cancer spreads to the liver", True),
        # the asked site among others:
        (GUT_CANCERS, "does stomach cancer go to the liver?", False),
        (OTHER_PRIMARIES, "does breast cancer spread to the liver?", False),
        # another word for the same site:
        (COLORECTAL_SHARE, "how often does bowel cancer spread to the liver?", False),
        # a kind of cancer, not a site; no site at all:
        (OUTSIDE_THE_GUT, "how does breast cancer reach the liver?", False),
        (
            "Surgery offers the best chance of a cure.",
            "can surgery cure pancreatic cancer in the liver?",
            False,
        ),
    ],
)
def test_a_sentence_naming_only_where_another_cancer_began_is_told_apart(sentence, question, another_only):
    assert names_another_primary_only(sentence, primary_sites_asked(question)) is another_only


@pytest.mark.parametrize(
    "question",
    [
        "Apart from bowel cancer, what other cancers often end up in the liver?",
        "which cancers spread to the liver, is breast one?",
        "is the liver a place where stray cancer cells settle?",
    ],
)
def test_a_question_across_cancers_or_naming_no_site_asks_about_none(question):
    assert primary_sites_asked(question) == frozenset()


@pytest.mark.parametrize(
    ("question", "set_aside"),
    [
        ("what other cancers besides colon go to the liver", "colorectal"),
        ("apart from bowel cancer, which cancers spread to the liver?", "colorectal"),
        ("other than breast cancer which cancers spread there", "breast"),
    ],
)
def test_the_cancer_a_question_sets_aside_is_read_with_its_group(question, set_aside):
    assert set_aside in primary_sites_set_aside(question)


def test_a_question_setting_nothing_aside_names_no_site():
    assert primary_sites_set_aside("which cancers spread to the liver most often?") == frozenset()
    assert primary_sites_set_aside("can colon cancer spread to the liver?") == frozenset()


def test_a_sentence_names_only_the_sites_set_aside_when_it_names_some_and_no_other():
    colon = primary_sites_set_aside("what other cancers besides colon go to the liver")
    assert names_only_sites(
        "Colorectal cancer is the most common primary tumor to spread to the liver.", colon
    )
    assert not names_only_sites(
        "Cancers of the colon, stomach and pancreas often spread to the liver.", colon
    )
    assert not names_only_sites("The liver filters the blood.", colon)
