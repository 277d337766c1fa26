"""Which source sentences an extractive answer may quote: no boilerplate, no list lead-in without its items."""

import numpy as np
import pytest
from generation_fakes import retrieval_of, use_word_overlap_vectors, word_overlap_embed

from answering import extractive, sentences
from answering.sentences import split_sentences
from answering.settings import Settings

STAGES = (
    "Neuroblastoma is a cancer of nerve tissue in children. "
    "The following stages are used for neuroblastoma in children:\n"
    "- Stage one neuroblastoma is found only in one area.\n"
    "- Stage two neuroblastoma has spread to nearby lymph nodes.\n"
    "- Stage three neuroblastoma cannot be removed by surgery."
)
SUMMARY = (
    "This summary is about the treatment of neuroblastoma stages in children. "
    "(See the PDQ summary on Childhood Cancer Stages for more information.) "
    "Doctors use imaging tests to find out how far neuroblastoma has spread."
)


@pytest.fixture(autouse=True)
def word_overlap_vectors(monkeypatch):
    use_word_overlap_vectors(monkeypatch)


def quotes(question: str, *passages: str, sentences: int = 1) -> list[str]:
    retrieval = retrieval_of(question, word_overlap_embed, *passages)
    answer = extractive.extractive_answer(retrieval, Settings(answer_sentences=sentences), lexical_match=True)
    return [citation.quote for citation in answer.citations]


@pytest.mark.parametrize(
    "sentence",
    [
        "This summary is about the treatment of adult Hodgkin lymphoma.",
        "(See the PDQ summary on Childhood Non-Hodgkin Lymphoma Treatment for more information.)",
        "See the General Information section for a description of tests and procedures used to stage it.",
        "This summary section describes treatments that are being studied in clinical trials.",
    ],
)
def test_sentences_about_the_document_itself_are_boilerplate(sentence):
    assert extractive.is_boilerplate(sentence)


def test_a_sentence_that_answers_is_not_boilerplate():
    assert not extractive.is_boilerplate("This procedure blocks the blood supply to the tumor.")


def test_boilerplate_is_never_quoted_even_when_it_shares_the_questions_words():
    cited = quotes(
        "What is the treatment summary for neuroblastoma stages in children?", SUMMARY, sentences=3
    )
    assert cited and not any(extractive.is_boilerplate(quote) for quote in cited)


def test_a_list_lead_in_brings_its_items():
    cited = quotes("What stages are used for neuroblastoma in children?", STAGES)
    assert cited[0] == "The following stages are used for neuroblastoma in children:"
    assert cited[1:] == [
        "Stage one neuroblastoma is found only in one area.",
        "Stage two neuroblastoma has spread to nearby lymph nodes.",
        "Stage three neuroblastoma cannot be removed by surgery.",
    ]


def test_a_list_lead_in_whose_items_are_not_in_the_passage_is_left_out():
    """The items went to the next chunk: "The following stages are used:" alone answers nothing."""
    lead_in_last = "Neuroblastoma is a cancer of nerve tissue in children. The following stages are used for neuroblastoma:"
    retrieval = retrieval_of("What stages are used for neuroblastoma?", word_overlap_embed, lead_in_last)
    answer = extractive.extractive_answer(retrieval, Settings(answer_sentences=1), lexical_match=True)
    assert answer is None or not any(c.quote.endswith(":") for c in answer.citations)


def test_a_question_naming_a_condition_is_answered_from_that_conditions_document():
    carcinoid = "Gastrointestinal carcinoid tumors in the gut are treated with surgery and other treatments."
    stromal = "Stromal tumors are treated with surgery and targeted therapy."
    retrieval = retrieval_of(
        "How are gastrointestinal stromal tumors treated?", word_overlap_embed, carcinoid, stromal
    )
    titles = ["Gastrointestinal Carcinoid Tumors", "Gastrointestinal Stromal Tumors"]
    for chunk, title in zip(retrieval.chunks, titles, strict=True):
        chunk.record.metadata["title"] = title
    answer = extractive.extractive_answer(retrieval, Settings(answer_sentences=2), lexical_match=True)
    assert [citation.quote for citation in answer.citations] == [stromal]


@pytest.mark.parametrize(
    ("question", "other", "expected", "titles"),
    [
        (
            "What is adult Hodgkin lymphoma?",
            "Non-Hodgkin lymphoma is a cancer of the lymph system in adults.",
            "Hodgkin lymphoma is a cancer of the lymph system.",
            ["Adult Non-Hodgkin Lymphoma", "Adult Hodgkin Lymphoma"],
        ),
        (
            "What are the symptoms of childhood liver cancer?",
            "Symptoms of liver cancer in adults include pain.",
            "Symptoms of liver cancer in children include a lump.",
            ["Adult Primary Liver Cancer", "Childhood Liver Cancer"],
        ),
        (  # both titles are named in full; the longer one is what was asked
            "What are the symptoms of bile duct cancer (cholangiocarcinoma)?",
            "Symptoms of bile duct cancer include itching.",
            "Symptoms of cholangiocarcinoma include jaundice.",
            ["Bile Duct Cancer", "Bile Duct Cancer (Cholangiocarcinoma)"],
        ),
    ],
)
def test_a_question_naming_a_documents_whole_title_is_answered_from_that_document(
    question, other, expected, titles
):
    """Both titles hold the condition's words; only one is named in full."""
    retrieval = retrieval_of(question, word_overlap_embed, other, expected)
    for chunk, title in zip(retrieval.chunks, titles, strict=True):
        chunk.record.metadata["title"] = title
    answer = extractive.extractive_answer(retrieval, Settings(answer_sentences=2), lexical_match=True)
    assert [citation.quote for citation in answer.citations] == [expected]


def test_a_question_naming_no_title_may_be_answered_from_any_document(monkeypatch):
    monkeypatch.setattr(extractive, "_FURTHER_ANSWERS", 0.0)  # word-overlap vectors: P(answers) means nothing
    first, second = "Hodgkin lymphoma is a cancer.", "Non-Hodgkin lymphoma is a cancer."
    retrieval = retrieval_of("Is lymphoma a cancer?", word_overlap_embed, first, second)
    for chunk, title in zip(
        retrieval.chunks, ["Adult Hodgkin Lymphoma", "Adult Non-Hodgkin Lymphoma"], strict=True
    ):
        chunk.record.metadata["title"] = title
    answer = extractive.extractive_answer(retrieval, Settings(answer_sentences=2), lexical_match=True)
    assert len(answer.citations) == 2


def test_after_the_first_sentence_one_unlikely_to_answer_is_padding_and_left_out():
    """Scores within reach of the best, but the third shares the topic without answering (P(answers) 0.3)."""
    sentences = [
        extractive.SourceSentence("best", None, 0, score=1.0, answers=0.9),
        extractive.SourceSentence("answers", None, 1, score=0.95, answers=0.6),
        extractive.SourceSentence("padding", None, 2, score=0.9, answers=0.3),
    ]
    chosen = extractive._select(sentences, np.eye(3, dtype=np.float32), limit=3)
    assert [sentences[i].text for i in chosen] == ["best", "answers"]


@pytest.mark.parametrize(("below", "chosen"), [(0.31, ["Diagnosis relies on imaging."]), (0.45, ["closest"])])
def test_the_first_sentence_must_answer_when_one_near_the_best_does(below, chosen):
    """ "How are liver metastases diagnosed?": the closest-worded sentence says they cause no symptoms (P 0.02);
    one 0.31 below says how they are diagnosed (P 0.60) and leads alone. Much further below, a sentence likely to
    answer is more often a stray, and the closest one stays."""
    sentences = [
        extractive.SourceSentence("closest", None, 0, score=1.3, answers=0.02),
        extractive.SourceSentence("Diagnosis relies on imaging.", None, 1, score=1.3 - below, answers=0.6),
    ]
    picked = extractive._select(sentences, np.eye(2, dtype=np.float32), limit=2)
    assert [sentences[i].text for i in picked] == chosen


@pytest.mark.parametrize(("answers", "chosen"), [(0.5, ["best"]), (0.8, ["best", "This option suits few."])])
def test_a_sentence_that_would_bring_its_antecedent_along_must_clearly_answer(answers, chosen):
    """ "This option…" costs two sentences (it needs the one before it), so P(answers) 0.5 is not enough."""
    passage, other = object(), object()
    sentences = [
        extractive.SourceSentence("best", passage, 0, score=1.0, answers=0.9),
        extractive.SourceSentence("This option suits few.", other, 3, score=0.95, answers=answers),
    ]
    picked = extractive._select(sentences, np.eye(2, dtype=np.float32), limit=2)
    assert [sentences[i].text for i in picked] == chosen


@pytest.mark.parametrize(
    ("antecedent_answers", "chosen"), [(0.0, ["best"]), (0.5, ["best", "These convert."])]
)
def test_a_sentence_is_not_chosen_for_what_its_antecedent_does_not_answer(antecedent_answers, chosen):
    """ "These advanced approaches… convert inoperable metastases" seems to answer "can surgery cure them?", but
    "these" are the immunotherapy of the sentence before it, which answers nothing asked."""
    passage, other = object(), object()
    sentences = [
        extractive.SourceSentence("best", other, 0, score=1.0, answers=0.9),
        extractive.SourceSentence("Immunotherapy works.", passage, 2, score=0.5, answers=antecedent_answers),
        extractive.SourceSentence("These convert.", passage, 3, score=0.95, answers=0.8),
    ]
    picked = extractive._select(sentences, np.eye(3, dtype=np.float32), limit=2)
    assert [sentences[i].text for i in picked] == chosen


def test_a_sentence_whose_antecedent_is_chosen_needs_only_the_usual_bar():
    passage = object()
    sentences = [
        extractive.SourceSentence("Surgery removes the tumour.", passage, 2, score=1.0, answers=0.9),
        extractive.SourceSentence("This option suits few.", passage, 3, score=0.95, answers=0.6),
    ]
    assert extractive._select(sentences, np.eye(2, dtype=np.float32), limit=2) == [0, 1]


def test_the_sentences_after_a_chosen_one_join_it_while_they_clearly_answer():
    """Symptoms are told across consecutive sentences: the one after a chosen sentence joins when P >= 0.7, then
    the one after it, and the chain stops at the first that does not answer (or another passage's)."""
    passage, other = object(), object()
    chosen = extractive.SourceSentence("Symptoms can arise if bile is blocked.", passage, 3, answers=0.9)
    candidates = [
        chosen,
        extractive.SourceSentence("Jaundice is yellowing.", passage, 4, answers=0.95),
        extractive.SourceSentence("Other signs include dark urine.", passage, 5, answers=0.8),
        extractive.SourceSentence("Blood tests check the liver.", passage, 6, answers=0.1),
        extractive.SourceSentence("Imaging finds tumours.", passage, 7, answers=0.9),
        extractive.SourceSentence("Elsewhere.", other, 4, answers=0.99),
    ]
    joined = extractive._with_continuations([chosen], candidates)
    assert [s.text for s in joined] == [s.text for s in candidates[:3]]


def test_at_most_four_sentences_join_by_continuation():
    passage = object()
    candidates = [extractive.SourceSentence(f"Sign {i}.", passage, i, answers=0.9) for i in range(8)]
    assert len(extractive._with_continuations(candidates[:1], candidates)) == 5


def test_a_passage_is_split_once_and_each_caller_gets_its_own_list():
    """Splitting is cached per passage text (pysbd costs ~4 ms a passage in every answer); a caller that changes
    its list must not change what the next one gets."""
    text = "Ablation uses heat to destroy tumors. Surgery removes the part of the liver that holds them."
    first = split_sentences(text)
    first.append("changed by a caller")
    assert split_sentences(text) == first[:2]
    assert sentences._sentences_of.cache_info().hits >= 1
