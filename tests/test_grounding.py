"""Grounding keeps what the sources support, cites it, and never lets an invented specific through."""

from __future__ import annotations

import pytest
from generation_fakes import (
    ABLATION,
    SURGERY,
    SYSTEMIC,
    retrieval_of,
    use_word_overlap_vectors,
    word_overlap_embed,
)

from answering import grounding
from answering.grounding import clean, generated_sentences, ground, missing_from, specific_terms
from answering.settings import Settings

SETTINGS = Settings()
WORD_OVERLAP_SETTINGS = Settings(grounding_min_support=0.3)  # the threshold is calibrated for MiniLM


def test_specific_terms_are_numbers_acronyms_treatments_and_rare_words():
    assert specific_terms("Take 500 mg of capecitabine twice a day.") == {"500", "capecitabine", "twice"}
    assert specific_terms("Doctors use MRI scans, and surgery helps.") == {"mri", "surgery"}
    assert specific_terms("Cancer spreads when cells move in the blood.") == set()
    assert specific_terms("Surgery always cures it.") == {"surgery", "always", "cures"}


def test_a_term_counts_as_stated_up_to_its_stem_but_a_number_only_exactly():
    assert missing_from({"tumor", "50"}, "survival rates can exceed 50% for small tumors") == []
    assert missing_from({"60"}, "survival rates can exceed 50%") == ["60"]
    assert missing_from({"capecitabine"}, SYSTEMIC) == ["capecitabine"]


def test_model_markers_and_markdown_are_removed():
    assert clean("**TACE** blocks the blood supply [3]. It uses heat [1, 2].") == (
        "TACE blocks the blood supply. It uses heat."
    )


def test_a_sentence_cut_off_by_the_token_limit_is_left_out():
    assert generated_sentences("Ablation uses heat to destroy tumors. It is done with a thin") == [
        "Ablation uses heat to destroy tumors."
    ]


@pytest.fixture
def word_overlap_model(monkeypatch):
    """Bag-of-words embeddings: enough to test the term rules without loading MiniLM."""
    monkeypatch.setattr(grounding, "embed", word_overlap_embed)
    use_word_overlap_vectors(monkeypatch)


def test_the_cited_source_sentence_is_one_that_states_the_specific_terms(word_overlap_model):
    retrieval = retrieval_of("survival after surgery", word_overlap_embed, SURGERY)
    text = "Surgical resection of the liver offers the best chance, with survival above 50%."
    answer = ground(text, retrieval, WORD_OVERLAP_SETTINGS)
    assert answer is not None
    assert "50%" in answer.citations[0].quote


def test_a_changed_number_is_dropped_even_when_every_other_word_matches(word_overlap_model):
    retrieval = retrieval_of("survival after surgery", word_overlap_embed, SURGERY)
    text = "Five-year survival rates can exceed 90% following surgery."
    assert ground(text, retrieval, WORD_OVERLAP_SETTINGS) is None


def test_a_repeated_sentence_is_kept_once(word_overlap_model):
    retrieval = retrieval_of("what is ablation", word_overlap_embed, ABLATION)
    text = "Ablation uses heat energy through a needle to destroy small tumors. " * 2
    answer = ground(text, retrieval, WORD_OVERLAP_SETTINGS)
    assert answer is not None
    assert answer.text == "Ablation uses heat energy through a needle to destroy small tumors. [1]"


@pytest.mark.slow
class TestWithTheRealEmbedder:
    @pytest.fixture(autouse=True)
    def retrieval(self):
        from answering.embeddings import embed

        self.retrieval = retrieval_of("What is ablation?", embed, ABLATION, SURGERY, SYSTEMIC)

    def test_keeps_a_faithful_paraphrase_and_cites_its_source(self):
        answer = ground(
            "Ablation uses heat, sent through a needle, to kill small tumors.", self.retrieval, SETTINGS
        )
        assert answer is not None
        assert answer.text == "Ablation uses heat, sent through a needle, to kill small tumors. [1]"
        assert "heat energy delivered through a needle" in answer.citations[0].quote
        assert answer.citations[0].chunk_id == "liver-metastases#local-therapies:0"

    def test_drops_an_invented_sentence(self):
        text = "Ablation uses heat, sent through a needle, to kill small tumors. The survival rate is 100%."
        answer = ground(text, self.retrieval, SETTINGS)
        assert answer is not None
        assert "100%" not in answer.text
        assert answer.text == "Ablation uses heat, sent through a needle, to kill small tumors. [1]"

    def test_blocks_an_invented_dose(self):
        assert ground("Take 500 mg of capecitabine twice a day.", self.retrieval, SETTINGS) is None

    def test_blocks_a_drug_name_added_to_a_supported_sentence(self):
        text = "Chemotherapy, such as capecitabine, uses drugs to kill fast-growing cells."
        assert ground(text, self.retrieval, SETTINGS) is None

    def test_drops_a_half_invented_sentence(self):
        text = "Ablation uses heat to destroy small tumors and it cures every patient within a week."
        assert ground(text, self.retrieval, SETTINGS) is None

    def test_falls_back_when_too_little_survives(self):
        text = (
            "Ablation uses heat, sent through a needle, to kill small tumors. "
            "Most people go home the same day. It never comes back afterwards. Insurance always pays."
        )
        assert ground(text, self.retrieval, SETTINGS) is None

    def test_two_sentences_from_one_source_share_its_number(self):
        text = (
            "Ablation destroys small tumors with heat energy. "
            "The heat energy is delivered through a needle to the tumors."
        )
        answer = ground(text, self.retrieval, SETTINGS)
        assert answer is not None
        assert answer.text.endswith("[1]") and "[2]" not in answer.text
        assert len(answer.citations) == 1
