"""Citation support on hand-made cases: the rules with a stand-in embedder, the threshold with the real one."""

import pytest
from eval_fakes import bag_of_words_embed

from evals.citation_support import (
    PARAPHRASE_COSINE,
    SupportScorer,
    answer_sentences,
    cited_numbers,
    lexical_support,
    numbers_backed,
)

ABLATION = (
    "Ablation techniques, such as radiofrequency ablation (RFA) and microwave ablation (MWA), use heat energy "
    "delivered through a needle to destroy small tumors."
)
SURVIVAL = (
    "For patients with resectable colorectal liver metastases, five-year survival rates can exceed 50% "
    "following surgery."
)
TACE = (
    "Transarterial Chemoembolization (TACE) involves delivering a high dose of chemotherapy combined with tiny "
    "particles to block the tumor’s blood supply."
)
JAUNDICE = (
    "Jaundice, the yellowing of the skin and the whites of the eyes, occurs due to the buildup of bilirubin."
)
EMBOLIZATION_PARAGRAPH = (
    "Another class of local treatments is embolization, which involves injecting substances directly into the "
    f"blood vessels feeding the liver tumors. {TACE} A specialized type of embolization is Y-90 radioembolization, "
    "which uses microscopic beads containing the radioactive isotope yttrium-90."
)


def _verdict(scorer, sentence, quotes):
    (verdict,) = scorer.score_answer(sentence, [{"n": n, "quote": q} for n, q in quotes.items()])
    return verdict


def test_markers_after_the_full_stop_stay_with_their_sentence():
    sentences = answer_sentences(
        "Heat destroys small liver tumors. [1] Beads carry radiation to tumors. [2][3]"
    )
    assert [cited_numbers(s) for s in sentences] == [(1,), (2, 3)]


def test_numbers_must_appear_in_the_quote():
    assert numbers_backed("Five-year survival can exceed 50%.", SURVIVAL)
    assert not numbers_backed("The survival rate is 100%.", SURVIVAL)


def test_lexical_support_is_share_of_content_words_in_quote():
    assert lexical_support("Heat destroys small tumors quickly", ABLATION) == pytest.approx(4 / 5)
    assert lexical_support("The and of", ABLATION) == 1.0


def test_uncited_and_dangling_citations_count_against():
    scorer = SupportScorer(bag_of_words_embed)
    uncited, dangling = scorer.score_answer(
        "Ablation uses heat energy to destroy small tumors. Ablation uses heat energy to destroy tumors [4].",
        [{"n": 1, "quote": ABLATION}],
    )
    assert (uncited.supported, uncited.reason) == (False, "uncited")
    assert not dangling.supported and "not in the citation list" in dangling.reason


def test_any_supporting_cited_quote_is_enough():
    verdict = _verdict(SupportScorer(bag_of_words_embed), f"{ABLATION} [1][2]", {1: JAUNDICE, 2: ABLATION})
    assert verdict.supported and verdict.reason == "supported by [2]"


@pytest.fixture(scope="module")
def scorer():
    return SupportScorer()


@pytest.mark.slow
class TestHandMadePairsWithTheRealModel:
    """The documented threshold against pairs written from the seed document."""

    @pytest.mark.parametrize(
        ("sentence", "quote"),
        [
            (f"{ABLATION} [1]", ABLATION),
            (f"{TACE} [1]", EMBOLIZATION_PARAGRAPH),  # verbatim inside a longer quote
            ("Ablation uses heat from a needle to kill small tumours [1].", ABLATION),
            ("Yellow skin and eyes, called jaundice, happen when bilirubin builds up [1].", JAUNDICE),
            (
                "After surgery, more than half of patients with removable colorectal liver metastases may live five "
                "years [1].",
                SURVIVAL,
            ),
        ],
    )
    def test_faithful_quotes_and_paraphrases_are_supported(self, scorer, sentence, quote):
        assert _verdict(scorer, sentence, {1: quote}).supported

    @pytest.mark.parametrize(
        ("sentence", "quote"),
        [
            ("The survival rate is 100% [1].", SURVIVAL),  # invented number
            ("Drinking green tea every day cures liver metastases [1].", TACE),  # invented claim
            ("Ablation uses cold energy delivered through the skin to destroy large tumors [1].", ABLATION),
            ("Ablation uses heat from a needle to kill small tumours [1].", JAUNDICE),  # wrong citation
            (f"{TACE} [1]", ABLATION),  # wrong citation
        ],
    )
    def test_invented_or_wrongly_cited_sentences_are_not(self, scorer, sentence, quote):
        verdict = _verdict(scorer, sentence, {1: quote})
        assert not verdict.supported
        assert verdict.cosine < PARAPHRASE_COSINE or "number" in verdict.reason
