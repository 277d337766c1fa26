from answering.typos import corrected_word, literal_words

VOCABULARY = sorted(literal_words([r"\bsymptoms?\b|\brecover\w*", "side effects"]))


def test_the_words_of_patterns_and_text_are_what_typos_are_corrected_to():
    assert VOCABULARY == ["effects", "recover", "symptoms"]


def test_a_misspelt_word_is_corrected_to_the_word_one_or_two_slips_away():
    assert corrected_word("symptons", VOCABULARY) == "symptoms"
    assert corrected_word("efects", VOCABULARY) == "effects"


def test_english_words_short_words_known_words_and_far_words_stay():
    assert corrected_word("affects", VOCABULARY) == "affects"  # an English word, not a typo
    assert corrected_word("sympt", VOCABULARY) == "sympt"  # too far from any
    assert corrected_word("recovr", VOCABULARY, known={"recovr"}) == "recovr"
    assert corrected_word("mets", VOCABULARY) == "mets"
