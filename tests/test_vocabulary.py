"""Which part of a message the uncovered-words and aspect checks read."""

from __future__ import annotations

import pytest

from answering.vocabulary import asked_part


@pytest.mark.parametrize(
    ("message", "asked"),
    [
        # the context's words are not what is asked when the closing question stands alone
        ("He's eating less. What symptoms do liver mets cause?", "What symptoms do liver mets cause?"),
        # "it" points back into the context: all of it is read
        ("I read about turmeric. Does it help?", "I read about turmeric. Does it help?"),
        # one question, or no closing question: the whole message
        ("What is TACE?", "What is TACE?"),
        ("Tell me about TACE. I am curious.", "Tell me about TACE. I am curious."),
        # a stray question mark is no question
        ("Who is at risk for germ cell tumors? ?", "Who is at risk for germ cell tumors? ?"),
    ],
)
def test_the_closing_question_is_read_alone_only_when_it_stands_alone(message, asked):
    assert asked_part(message) == asked
