from answering.textspeak import spelled_out


def test_chat_shorthand_is_spelled_out_word_for_word():
    assert spelled_out("y do the whites of ur eyes go yellow") == "why do the whites of your eyes go yellow"
    assert spelled_out("Wat % of the liver can they take out n is it safe") == (
        "what % of the liver can they take out and is it safe"
    )


def test_shorthand_inside_a_name_or_a_longer_word_is_left_alone():
    for text in ["Y-90 or TACE?", "n/a", "y'all", "T2 N0", "your urine", "bc treatment"]:
        assert spelled_out(text) == text


def test_the_word_count_stays_the_same():
    """The router maps the personal check's closing question back onto the message by counting words."""
    text = "wot r the side effects of chemo b4 surgery thru a port"
    assert len(spelled_out(text).split()) == len(text.split())
