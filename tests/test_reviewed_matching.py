"""The reviewed-answer matcher on the labelled pairs' held-out templates: it must almost never serve a near miss."""

from __future__ import annotations

import numpy as np
import pytest

from answering.embeddings import reference_vectors
from answering.glossary import GLOSSARY_FILE, load_glossary
from answering.reviewed.matching import MATCH_THRESHOLD, asked_keys, best_match, question_keys, similarity
from answering.reviewed.pairs import load_pair_file, load_pairs, pair_similarities, serving_figures
from answering.reviewed.wording import asked, corrected, wording_for
from answering.settings import PROJECT_ROOT
from evals.library import BLIND_SETS, whole_library_figures

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


def test_the_blind_pairs_are_kept_apart_from_the_pairs_the_matcher_was_built_on():
    """Reported apart (``evals library``): a blind template in the training folder would make them tuned on."""
    built_on = {p.template for p in load_pairs()}
    for path in BLIND_SETS.values():
        pairs = load_pair_file(path)
        assert len(pairs) >= 100 and {p.same for p in pairs} == {True, False}
        assert not built_on & {p.template for p in pairs}


def test_held_out_near_misses_are_not_served(held_out):
    _, similarities, same = held_out
    figures = serving_figures(similarities, same, MATCH_THRESHOLD)
    assert figures["precision"] >= 0.99 and figures["served"] >= 5
    # far below the 0.80 wanted (issue #16); 0.494 at 0.83 with who / where and four more aspect wordings, 0.372 at
    # 0.90 before (0.177 with the cosine bar of 0.96 and no qualifiers): this guards against losing more
    assert figures["recall"] >= 0.45


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
        ("How long does it take to recover from TACE?", "recovery time after tace"),
        (
            "Who decides which treatment is best for liver metastases?",
            "who chooses the treatment for liver mets",
        ),
        ("Is it safe to drink alcohol with liver metastases?", "can u drink alcohol with liver mets"),
        ("When should I call my care team?", "which symptoms mean I should call my care team?"),
    ],
)
def test_an_aspect_asked_inside_another_is_that_other_one(reviewed, asked):
    """How long recovery takes asks about recovery; whether drinking is safe asks about drinking."""
    assert same_gates(reviewed, asked)


def test_an_aspect_asked_alone_still_tells_questions_apart():
    assert not same_gates("How long does TACE take?", "How long does it take to recover from TACE?")
    assert not same_gates("What are the side effects of TACE?", "Is it safe to drink alcohol after TACE?")


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
        # one qualifier apart: when, without, why, results, to work
        ("Why is chemotherapy given before liver surgery?", "why is chemo given after liver surgery"),
        ("What is the survival rate after surgery?", "survival rate without surgery"),
        ("How long does an MRI scan take?", "how long does it take to get MRI results"),
        ("How long does TACE take?", "how long does TACE take to work"),
        ("Why does jaundice happen?", "how does jaundice happen"),
        # asking who or where, or another aspect named since 2026-12-07
        ("What is a clinical trial?", "who runs clinical trials"),
        ("How does cancer reach the liver?", "where does liver cancer go from there"),
        ("What is a drain?", "how is a drain put in"),
        ("Can I eat grapefruit with liver metastases?", "can grapefruit cause liver metastases"),
        (
            "What is the difference between chemo and immunotherapy?",
            "can chemo and immunotherapy be given together",
        ),
    ],
)
def test_near_misses_are_still_refused(reviewed, asked):
    assert not same_gates(reviewed, asked)


def follow_up_gates(reviewed: str, asked: str, previous: str) -> bool:
    """``same_gates`` for a follow-up read with the question before it."""
    ones = lambda texts: np.ones((len(texts), 4)) / 2  # noqa: E731
    key, _ = asked_keys(asked, previous, ones, GLOSSARY)
    return similarity(key, question_keys([reviewed], ones, GLOSSARY)[0]) > 0


@pytest.mark.parametrize(
    ("reviewed", "asked", "previous", "same"),
    [
        # its own aspect about what the earlier question named, not the earlier question's "why"
        (
            "How is jaundice treated in people with liver metastases?",
            "how is it treated?",
            "Why can liver metastases cause jaundice?",
            True,
        ),
        (
            "Why can liver metastases cause jaundice?",
            "how is it treated?",
            "Why can liver metastases cause jaundice?",
            False,
        ),
        # its own thing named, not the list it was picked from
        (
            "What is Y-90 radioembolization?",
            "what is the Y-90 one?",
            "What other liver treatments are there besides TACE?",
            True,
        ),
        # a comparison names both sides
        (
            "What is the difference between radiofrequency ablation and microwave ablation?",
            "and how does microwave ablation differ from it?",
            "What is radiofrequency ablation?",
            True,
        ),
        # "and what about…" carries the earlier question's aspect over
        (
            "What are the side effects of Y-90?",
            "and what about Y-90?",
            "What are the side effects of TACE?",
            True,
        ),
        (
            "What is Y-90 radioembolization?",
            "and what about Y-90?",
            "What are the side effects of TACE?",
            False,
        ),
    ],
)
def test_a_follow_up_asks_its_own_aspect_about_what_was_named_before(reviewed, asked, previous, same):
    assert follow_up_gates(reviewed, asked, previous) is same


def test_english_words_and_short_words_are_not_corrected():
    """ "affects" and "stent" are words; only a word no English speaker writes is taken for a slip."""
    terms = wording_for(GLOSSARY).terms
    assert corrected("it affects the stent", terms) == "it affects the stent"
    assert corrected("Side efects?", terms) == "side effects"


def test_case_and_punctuation_do_not_change_the_question():
    assert asked("What is TACE?", GLOSSARY).text == asked("what is tace", GLOSSARY).text


def test_a_follow_up_is_not_served_the_answer_to_the_question_it_followed():
    """ "what's the targeted one?" read with "What treatments are available…?" is close to that question, but asks
    what targeted therapy is: the entry the earlier question alone matches is not served to it."""
    library = ["What treatments are available for liver metastases?", "What is targeted therapy?"]
    keys = question_keys(library, reference_vectors, GLOSSARY)
    previous = library[0]
    asked, before = question_keys(
        [f"what's the targeted one? {previous}", previous], reference_vectors, GLOSSARY
    )
    assert best_match(before, keys) == 0  # the earlier question alone is served its own answer
    assert best_match(asked, keys, previous=before) != 0


def test_no_follow_up_of_the_pair_set_is_served_the_question_it_followed():
    """Looked up among every reviewed question, as in the product; 3 such serves at the 0.90 bar without the
    rule, none at 0.96."""
    figures = whole_library_figures(load_pairs(), reference_vectors, GLOSSARY)
    assert figures["follow_ups_served_the_previous_question"] == 0
    assert figures["served"] >= 200
