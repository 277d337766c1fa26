"""The answer-support curve: it must tell a support score that separates covered questions from one that does not."""

from evals.support import SupportOutcome, balanced_bar, curve


def outcomes(covered_support: float, uncovered_support: float) -> list[SupportOutcome]:
    return [
        SupportOutcome(covered=True, split="train", answered=True, support=covered_support),
        SupportOutcome(covered=True, split="train", answered=False, support=covered_support),
        SupportOutcome(covered=False, split="train", answered=True, support=uncovered_support),
        SupportOutcome(covered=False, split="train", answered=False, support=uncovered_support),
    ]


def test_a_support_that_separates_keeps_covered_answers_and_declines_the_rest():
    assert curve(outcomes(1.2, 0.6), bar=0.9) == {"covered_answered": 0.5, "uncovered_declined": 1.0}


def test_a_support_that_is_backwards_scores_badly():
    assert curve(outcomes(0.6, 1.2), bar=0.9) == {"covered_answered": 0.0, "uncovered_declined": 0.5}


def test_a_question_declined_for_another_reason_stays_declined_at_any_bar():
    assert curve(outcomes(1.2, 1.2), bar=0.0)["uncovered_declined"] == 0.5


def test_the_bar_chosen_weighs_answering_and_declining_alike():
    """Not the bar that answers most (0.7) nor the one that declines most (1.2): the best mean of the two."""
    curves = {
        "0.7": {"covered_answered": 0.9, "uncovered_declined": 0.5},
        "1.0": {"covered_answered": 0.8, "uncovered_declined": 0.8},
        "1.2": {"covered_answered": 0.4, "uncovered_declined": 1.0},
    }
    assert balanced_bar(curves) == 1.0
    tied = {"0.9": {"covered_answered": 0.8, "uncovered_declined": 0.8}, **curves}
    assert balanced_bar(tied) == 0.9  # a tie goes to the bar that answers more
