"""The corpus reader: a plain-language answer read as the quotes it restates where the checks pass; hard words."""

import pytest

from answering.sentences import split_sentences
from answering.settings import PROJECT_ROOT
from evals.citation_support import SupportScorer, answer_sentences
from evals.corpus_reader import CorpusReader
from evals.dataset import EvalItem
from evals.scoring import score_item

pytestmark = pytest.mark.slow

ASCITES = (
    "Other physical signs include dark-colored urine, pale stools, and ascites, which is the accumulation of fluid "
    "causing swelling in the abdomen."
)
FAITHFUL = "Other signs in the body include dark urine, pale stools, and ascites. Ascites is fluid that builds up and makes the abdomen swell."
#: The same sentences with the fluid building up in the legs instead: the checks reject it.
UNFAITHFUL = "Other signs in the body include dark urine, pale stools, and ascites. Ascites is fluid that builds up and makes the legs swell."
ITEM = EvalItem(
    id="g-ans-030",
    question="what is ascites?",
    category="answer",
    facts=[["accumulation of fluid"], ["swelling in the abdomen"]],
)


@pytest.fixture(scope="module")
def reader():
    return CorpusReader(PROJECT_ROOT / "corpus")


def answer_row(plain: str) -> dict:
    """As the product restates an answer: each sentence of the plain version with the quote's marker."""
    text = " ".join(f"{sentence} [1]" for sentence in split_sentences(plain))
    citation = {"n": 1, "quote": ASCITES, "plain": plain, "chunk_id": "liver-metastases#x"}
    return {"id": ITEM.id, "route": "answered", "answer": text, "citations": [citation]}


def test_a_faithful_restatement_is_read_as_the_quote_it_restates(reader):
    row = answer_row(FAITHFUL)
    assert reader.as_sources_say(row["answer"], row["citations"]) == f"{ASCITES} [1]"


def test_a_version_the_checks_reject_is_read_as_written(reader):
    row = answer_row(UNFAITHFUL)
    assert reader.faithful(ASCITES, FAITHFUL) and not reader.faithful(ASCITES, UNFAITHFUL)
    assert reader.as_sources_say(row["answer"], row["citations"]) == " ".join(answer_sentences(row["answer"]))


def test_facts_and_citation_support_fall_for_an_unfaithful_plain_answer(reader):
    scorer = SupportScorer()
    faithful = score_item(ITEM, answer_row(FAITHFUL), scorer, reader)
    assert faithful["facts_found"] == 2 and faithful["supported_sentences"] == faithful["sentences"] == 1
    unfaithful = score_item(ITEM, answer_row(UNFAITHFUL), scorer, reader)
    assert unfaithful["facts_found"] == 0
    assert unfaithful["supported_sentences"] < unfaithful["sentences"]
    written = score_item(ITEM, answer_row(FAITHFUL), scorer)  # no reader: the words as written
    assert written["facts_found"] == 0


def test_an_answer_without_plain_versions_is_read_unchanged(reader):
    text = f"{ASCITES} [1]"
    assert reader.as_sources_say(text, [{"n": 1, "quote": ASCITES}]) == " ".join(answer_sentences(text))


def test_hard_words_are_explained_by_the_glossary_entries_the_answer_names(reader):
    assert reader.unexplained(f"{ASCITES} [1]") == set()
    unexplained = reader.unexplained("Ascites may need paracentesis, and a TIPS shunt. [1]")
    assert unexplained == {"paracentesis", "tips", "shunt"}


def test_the_score_counts_hard_words_and_lists_those_left_unexplained(reader):
    row = {
        "id": ITEM.id,
        "route": "answered",
        "answer": "Ascites may need paracentesis. [1]",
        "citations": [],
    }
    scores = score_item(ITEM, row, SupportScorer(), reader)
    assert scores["hard_words"] == 2 and scores["unexplained_words"] == ["paracentesis"]


def test_readability_is_reported_per_section_and_a_hard_answer_raises_its_sections_grade(reader):
    from evals.scoring import score_run

    symptoms = EvalItem(
        id="g-ans-030",
        question="what is ascites?",
        category="answer",
        source_ids=["liver-metastases#identifying-symptoms-and-diagnostic-tools"],
    )
    overview = EvalItem(
        id="g-ans-001",
        question="what are liver metastases?",
        category="answer",
        source_ids=["liver-metastases#liver-metastases"],
    )
    plain = {
        "id": overview.id,
        "route": "answered",
        "answer": "It is cancer that has spread to the liver. [1]",
    }
    hard = {
        **plain,
        "answer": "Hepatic metastatic dissemination necessitates multidisciplinary evaluation. [1]",
    }
    easy_symptoms = {**answer_row(FAITHFUL), "id": symptoms.id}
    for row in (plain, hard, easy_symptoms):
        row.setdefault("citations", [])
        row["latency_ms"] = 1.0
    sections = score_run([symptoms, overview], [easy_symptoms, plain], SupportScorer(), reader)["readability"]
    worse = score_run([symptoms, overview], [easy_symptoms, hard], SupportScorer(), reader)["readability"]
    per_section, worse_per_section = sections["per_section"], worse["per_section"]
    assert set(per_section) == {"identifying-symptoms-and-diagnostic-tools", "liver-metastases"}
    assert (
        worse_per_section["liver-metastases"]["fk_grade_mean"]
        > per_section["liver-metastases"]["fk_grade_mean"]
    )
    assert worse_per_section["liver-metastases"]["hard_words_explained"] < 1.0
    assert (
        worse_per_section["identifying-symptoms-and-diagnostic-tools"]
        == per_section["identifying-symptoms-and-diagnostic-tools"]
    )
