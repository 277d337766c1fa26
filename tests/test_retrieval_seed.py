"""For every section of the seed, patient-style questions about it retrieve it in the top 3."""

import pytest

from answering.retrieval import HybridRetriever, reciprocal_rank_fusion
from answering.store import load_or_rebuild_bm25, open_collection

pytestmark = pytest.mark.slow

QUESTIONS = {
    "liver-metastases": [
        "what are liver metastases",
        "why do cancer cells get trapped in the liver",
        "what are the two blood supplies of the liver",
    ],
    "understanding-secondary-liver-cancer": [
        "is secondary liver cancer the same as primary liver cancer",
        "if colon cancer spreads to the liver is it liver cancer",
        "how does colon cancer reach the liver through the portal vein",
        "which cancers most often spread to the liver",
        "how many colorectal cancer patients get liver metastases",
    ],
    "identifying-symptoms-and-diagnostic-tools": [
        "what symptoms do liver mets cause",
        "why does jaundice make skin yellow",
        "what blood tests check the liver, ALT and AST",
        "does liver metastasis cause fluid in the belly",
    ],
    "imaging-techniques": [
        "is MRI better than CT for small liver spots",
        "what does a PET scan show",
        "how is a liver biopsy done",
        "why do they test the tumour genes after a biopsy",
    ],
    "major-treatment-approaches": [
        "who decides on the treatment plan, a multidisciplinary team",
        "what decides which treatment I get for liver metastases",
    ],
    "systemic-therapies": [
        "what is immunotherapy",
        "what are targeted therapies for a genetic mutation",
        "can chemo make inoperable liver tumours operable",
    ],
    "local-therapies": [
        "what is radiofrequency ablation",
        "what is microwave ablation",
        "what is TACE",
        "how does y90 radioembolization work",
        "what is the survival after liver surgery for colorectal metastases",
        "when is surgery possible for liver metastases",
    ],
}


@pytest.fixture(scope="module")
def retriever(seed_settings):
    collection = open_collection(seed_settings, create=False)
    return HybridRetriever(collection, load_or_rebuild_bm25(collection, seed_settings), seed_settings)


def test_there_are_at_least_fifteen_questions_covering_every_section():
    assert sum(len(q) for q in QUESTIONS.values()) >= 15
    assert len(QUESTIONS) == 7


@pytest.mark.parametrize(
    ("section", "question"), [(section, q) for section, questions in QUESTIONS.items() for q in questions]
)
def test_question_retrieves_its_section_in_top_3(retriever, section, question):
    top3 = [chunk.id for chunk in retriever.retrieve(question, top_k=3).chunks]
    assert any(chunk_id.startswith(f"liver-metastases#{section}:") for chunk_id in top3), top3


def test_rrf_rewards_agreement_between_rankings():
    fused = reciprocal_rank_fusion([["a", "b", "c"], ["b", "c", "a"]], k=60)
    assert max(fused, key=fused.get) == "b"
    assert fused["a"] == pytest.approx(1 / 61 + 1 / 63)
