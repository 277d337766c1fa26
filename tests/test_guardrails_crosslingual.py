"""The multilingual emergency head with a stand-in embedder: what it decides, its windows, and where the router
asks it (only for messages that are not English, after the phrase lists). The shipped head on the independent
multilingual set: ``tests/test_guardrails_real.py``."""

import numpy as np
import pytest
from test_guardrails_router import keyword_emergencies, keyword_personal

from answering.guardrails import Router
from answering.guardrails.crosslingual import CrosslingualDetector, CrosslingualHead
from answering.schema import Route
from answering.settings import Settings

CLASSES = ["none", "self_harm", "bleeding"]
#: The stand-in embedding: one dimension per class, set by a word of the message.
WORDS = {"kanama": 1, "umiera": 2}  # Turkish "bleeding", Polish-ish "dying": words the phrase lists lack


def word_embed(texts):
    vectors = np.zeros((len(texts), 3), dtype=np.float32)
    for row, text in enumerate(texts):
        vectors[row, 0] = 1.0
        for word, column in WORDS.items():
            if word in text.split():
                vectors[row, column] = 1.0
    return vectors


def head(threshold=0.5):
    weights = np.array(
        [[1.0, 0, 0], [0, 0, 6.0], [0, 6.0, 0]], dtype=np.float32
    )  # columns: base, kanama, umiera
    return CrosslingualHead(CLASSES, weights, np.zeros(3, dtype=np.float32), threshold)


def test_a_message_the_head_reads_as_an_emergency_is_found_with_its_category():
    found = CrosslingualDetector(head(), word_embed).find("babam kanama var")
    assert found is not None and found.category == "bleeding"
    assert found.evidence.startswith("multilingual model p=")
    assert CrosslingualDetector(head(), word_embed).find("babam iyi") is None


def test_below_the_threshold_nothing_is_found():
    assert CrosslingualDetector(head(threshold=0.999), word_embed).find("babam kanama var") is None


def test_an_emergency_at_the_end_of_a_long_message_is_read_in_its_window():
    """Its first 80 words are read, then its later windows: the last holds the emergency."""
    seen = []

    def recording_embed(texts):
        seen.extend(texts)
        return word_embed(texts)

    message = " ".join(["merhaba"] * 150 + ["kanama"])
    found = CrosslingualDetector(head(), recording_embed).find(message)
    assert found is not None and len(seen) > 1 and message.startswith(seen[0]) and len(seen[0]) < len(message)


def test_probabilities_are_a_distribution_over_the_classes():
    probabilities = head().probabilities(word_embed(["kanama umiera", "x"]))
    assert probabilities.shape == (2, 3)
    assert np.allclose(probabilities.sum(axis=1), 1.0)


class ExplodingDetector:
    def find(self, normalised):
        raise AssertionError(f"the multilingual head should not read {normalised!r}")


@pytest.fixture
def settings():
    return Settings(emergency_number="EMERGENCY-NUMBER", crisis_line="CRISIS-LINE")


def router_with(settings, crosslingual):
    personal = keyword_personal()
    return Router(settings, personal, keyword_emergencies(), crosslingual)


def test_the_router_asks_the_head_about_messages_that_are_not_english(settings):
    router = router_with(settings, CrosslingualDetector(head(), word_embed))
    decision = router.decide("Babamın ağzından çok kanama var, ne yapalım?")
    assert decision.route == Route.EMERGENCY and "multilingual model" in decision.reason
    calm = router.decide("Karaciğer metastazı nedir, nasıl tedavi edilir?")
    assert calm.route == Route.OUT_OF_SCOPE and calm.category == "language"


def test_without_the_head_the_same_message_gets_the_english_only_reply(settings):
    decision = router_with(settings, None).decide("Babamın ağzından çok kanama var, ne yapalım?")
    assert decision.route == Route.OUT_OF_SCOPE


def test_english_messages_and_listed_phrases_never_reach_the_head(settings):
    router = router_with(settings, ExplodingDetector())
    assert router.decide("what is TACE?").route is None
    assert (
        router.decide("ya no quiero vivir, esta noche me tomo todas las pastillas").route == Route.EMERGENCY
    )
