"""Follow-ups borrow the previous question; questions that stand alone are left alone."""

from answering.condense import condense_question

HISTORY = [
    {"role": "user", "content": "What is TACE?"},
    {"role": "assistant", "content": "TACE delivers chemotherapy and blocks the tumor's blood supply. [1]"},
]


def test_pronoun_follow_up_gets_what_the_previous_question_asked_about():
    assert (
        condense_question("how is it different from Y-90?", HISTORY) == "how is it different from Y-90? TACE?"
    )


def test_what_about_follow_up_gets_the_previous_question():
    assert condense_question("what about surgery?", HISTORY) == "what about surgery? What is TACE?"


def test_a_follow_up_asking_its_own_question_does_not_ask_the_definition_again():
    """ "why the liver tho?" after "what are liver metastases" had been answered with the definition."""
    history = [{"role": "user", "content": "what are liver metastases"}]
    assert condense_question("why the liver tho?", history) == "why the liver tho? liver metastases"
    assert condense_question("and how are they diagnosed?", history).endswith("? liver metastases")
    assert condense_question("is that a big operation?", HISTORY) == "is that a big operation? What is TACE?"


def test_standalone_question_is_not_merged_with_history():
    assert (
        condense_question("What is radiofrequency ablation?", HISTORY) == "What is radiofrequency ablation?"
    )


def test_no_history_means_no_change():
    assert condense_question("  how is it different from Y-90? ", []) == "how is it different from Y-90?"


def test_a_comparison_naming_both_sides_stands_alone():
    ablation = [{"role": "user", "content": "What is microwave ablation?"}]
    assert (
        condense_question("How is Y-90 different from TACE?", ablation) == "How is Y-90 different from TACE?"
    )


def test_a_comparison_naming_one_side_or_none_borrows_the_previous_question():
    assert condense_question("what's the difference with y90", HISTORY).endswith(" TACE?")
    assert condense_question("which is better?", HISTORY).endswith(" TACE?")


def test_an_ellipsis_asks_about_the_thing_just_discussed():
    """ "what are the side effects?" names nothing: after "What is TACE?" it asks about TACE."""
    assert condense_question("what are the side effects?", HISTORY) == "what are the side effects? TACE?"
    assert condense_question("how long does recovery take?", HISTORY).endswith(" TACE?")


def test_a_question_about_the_disease_that_names_nothing_stands_alone():
    assert (
        condense_question("do people get symptoms early on?", HISTORY) == "do people get symptoms early on?"
    )
    assert (
        condense_question("what are the side effects of Y-90?", HISTORY)
        == "what are the side effects of Y-90?"
    )
