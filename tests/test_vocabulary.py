"""Which part of a message the uncovered-words and aspect checks read."""

from __future__ import annotations

import pytest

from answering.vocabulary import (
    CorpusVocabulary,
    american_spelling,
    asked_part,
    asking_sentences,
    general_question,
)


@pytest.mark.parametrize(
    ("message", "asked"),
    [
        # the context's words are not what is asked when the closing question stands alone
        ("He's eating less. What symptoms do liver mets cause?", "What symptoms do liver mets cause?"),
        # "it" points back into the context: all of it is read
        ("I read about turmeric. Does it help?", "I read about turmeric. Does it help?"),
        ("My dad has liver mets. How common is it?", "My dad has liver mets. How common is it?"),
        # an "it" or "there" that points at nothing before
        (
            "Her scans are watched closely. How common is it for bowel cancer to spread to the liver?",
            "How common is it for bowel cancer to spread to the liver?",
        ),
        (
            "She starts chemo soon. What treatments are there for liver mets?",
            "What treatments are there for liver mets?",
        ),
        # one question, or no closing question: the whole message
        ("What is TACE?", "What is TACE?"),
        ("Tell me about TACE. I am curious.", "Tell me about TACE. I am curious."),
        # a stray question mark is no question
        ("Who is at risk for germ cell tumors? ?", "Who is at risk for germ cell tumors? ?"),
    ],
)
def test_the_closing_question_is_read_alone_only_when_it_stands_alone(message, asked):
    assert asked_part(message) == asked


@pytest.mark.parametrize(
    ("message", "asking"),
    [
        (
            "I have blood tests every few weeks. Which liver enzymes do they look at in these tests?",
            "Which liver enzymes do they look at in these tests?",
        ),
        ("does Y-90 make people radioactive? and what are the side effects", None),  # the last one asks too
        ("What is TACE?", None),
    ],
)
def test_only_the_questions_and_the_last_sentence_ask(message, asking):
    """What the context tells ("every few weeks") asks no aspect: a question about which enzymes is not one about
    how often."""
    assert asking_sentences(message) == (asking or message)


@pytest.mark.parametrize(
    ("message", "asked"),
    [
        # a turn to the general: what follows it is asked, whatever the context points at ("his")
        (
            "My dad is being assessed for surgery. Not asking about his chances, but in general, what are "
            "survival rates like after liver surgery?",
            "what are survival rates like after liver surgery?",
        ),
        (
            "We're not asking for a diagnosis — in general, what symptoms do liver mets cause?",
            "what symptoms do liver mets cause?",
        ),
        ("Generally speaking, how is TACE done?", "how is TACE done?"),
        # what follows the turn points back: no question of its own
        ("My mum had TACE. In general, how long does it last?", None),
        # the turn closes the question: nothing follows it
        ("What does TACE do, in general?", None),
    ],
)
def test_a_question_turned_general_is_read_from_the_turn_on(message, asked):
    assert general_question(message) == asked
    assert asked_part(message) == (asked or message)


VOCABULARY = CorpusVocabulary.from_texts(
    [
        "Cells travel through the lymphatic system. Tumors that cannot be removed. The most common site. Yttrium-90. "
        "PET/CT scans use a tracer. Dark-colored urine. Anemia."
    ]
)


@pytest.mark.parametrize("word", ["lymph", "removable", "commonest", "yttrium"])
def test_another_form_of_a_corpus_word_is_not_an_uncovered_topic(word):
    assert VOCABULARY.uncovered_terms(f"what about {word}?") == []


@pytest.mark.parametrize("word", ["hepatologist", "transplant", "cryoablation"])
def test_a_rare_word_the_corpus_has_no_form_of_is_uncovered(word):
    assert VOCABULARY.uncovered_terms(f"what about {word}?") == [word]


@pytest.mark.parametrize("question", ["what is a pet-ct for?", "is a ct-based check common?"])
def test_a_hyphenated_word_whose_parts_the_corpus_uses_or_are_everyday_is_not_uncovered(question):
    """ "PET-CT" was declined as "not in the corpus", which writes "PET/CT"."""
    assert VOCABULARY.uncovered_terms(question) == []


def test_a_hyphenated_word_with_a_rare_part_the_corpus_lacks_is_uncovered():
    assert VOCABULARY.uncovered_terms("what is pet-mri?") == ["pet-mri"]


def test_the_words_of_a_lay_phrase_are_no_topic_of_their_own():
    """ "go off your food" is lost appetite: "food" alone is a topic the materials do not cover."""
    assert VOCABULARY.uncovered_terms("can tumors make you go off your food?") == []
    assert VOCABULARY.uncovered_terms("what food is good for tumors?") == ["food"]


@pytest.mark.parametrize("word", ["varieties", "noticeable"])
def test_a_rarer_form_of_an_everyday_word_is_no_topic(word):
    """ "Embolization varieties for liver mets?" was declined as not in the corpus."""
    assert VOCABULARY.uncovered_terms(f"what about {word}?") == []


@pytest.mark.parametrize(
    ("british", "american"),
    [("coloured", "colored"), ("tumours", "tumors"), ("centre", "center"), ("organise", "organize")]
    + [("anaemia", "anemia"), ("oesophagus", "esophagus"), ("haemorrhage", "hemorrhage")]
    + [(word, word) for word in ("four", "hour", "your", "raise", "noise", "does", "aerobic", "otherwise")],
)
def test_british_spellings_are_read_in_their_american_form_and_other_words_are_left_alone(british, american):
    assert american_spelling(british) == american


def test_a_british_spelling_of_a_corpus_word_is_not_uncovered():
    """ "light-coloured stools" was declined as not in the corpus, which writes "dark-colored"."""
    assert VOCABULARY.uncovered_terms("are light-coloured stools a sign?") == []
    assert VOCABULARY.uncovered_terms("what about anaemia?") == []
