"""The reviewed-answer matcher on the labelled pairs' held-out templates: it must almost never serve a near miss."""

from __future__ import annotations

import numpy as np
import pytest

from answering.embeddings import reference_vectors
from answering.glossary import GLOSSARY_FILE, load_glossary
from answering.reviewed.matching import MATCH_THRESHOLD, bare, question_keys
from answering.reviewed.pairs import load_pairs, pair_similarities, serving_figures
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
        figures["recall"] >= 0.15
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


def test_case_and_punctuation_do_not_change_the_question():
    assert bare("What is TACE?") == bare("what is tace") == "what is tace"
