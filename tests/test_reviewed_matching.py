"""The reviewed-answer matcher on the labelled pairs' held-out templates: it must almost never serve a near miss."""

from __future__ import annotations

import numpy as np
import pytest

from answering.embeddings import reference_vectors
from answering.glossary import GLOSSARY_FILE, load_glossary
from answering.reviewed.matching import MATCH_THRESHOLD, question_keys, similarity
from answering.reviewed.pairs import load_pairs, pair_similarities, serving_figures
from answering.reviewed.wording import asked, corrected, wording_for
from answering.settings import PROJECT_ROOT

GLOSSARY = load_glossary(PROJECT_ROOT / "corpus" / GLOSSARY_FILE)


@pytest.fixture(scope="module")
def held_out():
    pairs = [p for p in load_pairs() if p.split == "held_out"]
    return pairs, pair_similarities(pairs, reference_vectors, GLOSSARY), np.array([p.same for p in pairs])


def test_the_pair_set_is_large_and_split_by_template():
    pairs = load_pairs()
    assert len(pairs) >= 300 and {p.kind for p in pairs if not p.same} >= {"other_treatment", "other_aspect"}
    sides = {}
    for pair in pairs:
        assert sides.setdefault(pair.template, pair.split) == pair.split
    assert 0.2 <= sum(p.split == "held_out" for p in pairs) / len(pairs) <= 0.45


def test_held_out_near_misses_are_not_served(held_out):
    _, similarities, same = held_out
    figures = serving_figures(similarities, same, MATCH_THRESHOLD)
    assert figures["precision"] >= 0.99 and figures["served"] >= 5
    assert (
        figures["recall"] >= 0.25
    )  # far below the 0.80 wanted: see issue #16; this guards against losing more


def test_the_named_things_and_aspects_block_what_the_cosine_alone_would_serve(held_out):
    """Without the checks the matcher would serve near misses: the score can fail."""
    pairs, similarities, same = held_out
    asked = question_keys([p.standalone for p in pairs], reference_vectors, GLOSSARY)
    reviewed = question_keys([p.reviewed for p in pairs], reference_vectors, GLOSSARY)
    cosine = np.array([float(np.dot(a.vector, r.vector)) for a, r in zip(asked, reviewed, strict=True)])
    assert serving_figures(cosine, same, 0.85)["precision"] < 0.95
    assert (
        serving_figures(similarities, same, 0.85)["precision"]
        > serving_figures(cosine, same, 0.85)["precision"]
    )


def same_gates(reviewed: str, asked: str) -> bool:
    """Whether the two questions pass the named-things, condition and aspect checks (one vector for all, so the
    cosine is 1 and only the checks decide)."""
    keys = question_keys([reviewed, asked], lambda texts: np.ones((len(texts), 4)) / 2, GLOSSARY)
    return similarity(*keys) > 0


@pytest.mark.parametrize(
    ("reviewed", "asked"),
    [
        (
            "What are liver metastases?",
            "What is secondary liver cancer?",
        ),  # "another name for" in the glossary
        ("What is SIRT (selective internal radiation therapy)?", "What is Y-90 radioembolization?"),
        ("What are the side effects of radiofrequency ablation?", "side effects of rfa for liver tumors"),
        (
            "How long does it take to recover from liver surgery?",
            "how long does recovery take after a liver resection",
        ),
        (
            "Can you have liver metastases without any symptoms?",
            "can cancer spread to the liver without symptoms",
        ),
    ],
)
def test_synonyms_and_abbreviations_name_the_same_thing(reviewed, asked):
    assert same_gates(reviewed, asked)


@pytest.mark.parametrize(
    ("reviewed", "asked"),
    [
        ("What are the symptoms of liver metastases?", "symptons of liver mets?"),
        ("What is immunotherapy?", "wat is imunotherapy"),
        ("What are the side effects of chemotherapy?", "chemo side efects"),
        ("What are the side effects of TACE?", "tace side affects?"),
        ("What is TACE?", "what is chemoembolisation"),
        ("How is ascites drained?", "how is asites drained"),
    ],
)
def test_typos_keep_the_term_and_the_aspect(reviewed, asked):
    assert same_gates(reviewed, asked)


@pytest.mark.parametrize(
    ("reviewed", "asked"),
    [
        ("What are the side effects of TACE?", "What are the side effects of Y-90?"),
        ("What are the side effects of TACE?", "side efects of sirt"),
        ("What is TACE?", "How long does TACE take?"),
        ("What is TACE?", "What is RFA?"),
        ("What are liver metastases?", "What are bone metastases?"),
        ("Can liver metastases be cured?", "can lung mets be cured"),
        ("Can I drink alcohol if I have liver metastases?", "Can I drink alcohol if I have cirrhosis?"),
        ("What is primary liver cancer?", "What is secondary liver cancer?"),
    ],
)
def test_near_misses_are_still_refused(reviewed, asked):
    assert not same_gates(reviewed, asked)


def test_english_words_and_short_words_are_not_corrected():
    """ "affects" and "stent" are words; only a word no English speaker writes is taken for a slip."""
    terms = wording_for(GLOSSARY).terms
    assert corrected("it affects the stent", terms) == "it affects the stent"
    assert corrected("Side efects?", terms) == "side effects"


def test_case_and_punctuation_do_not_change_the_question():
    assert asked("What is TACE?", GLOSSARY).text == asked("what is tace", GLOSSARY).text
