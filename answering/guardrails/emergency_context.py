"""An emergency told across turns: "he's just had another one" after "he's having fits one after another".

The detector reads the latest message alone first. A short message that leans on the conversation (a pronoun,
"again", "still", "now", a yes) is then read again after the patient's previous message, or a yes after the
assistant's turn ("yes to all of those" answers the warning signs it listed): an update on something dangerous
is still an emergency, though its own words are calm. Not when it or the turn before says help has come or it is
over ("the paramedics are here" after "he's fitting" needs no second "call 999 now"), nor when the message puts
itself at a distance: long past, a plan, a textbook question ("that was last autumn, he's been fine since").
"""

from __future__ import annotations

from collections.abc import Sequence

from answering.condense import previous_user_question
from answering.guardrails.emergency import stands_down
from answering.guardrails.emergency_patterns import is_distanced
from answering.guardrails.text import PatternList, normalise
from answering.schema import ChatTurn

#: Longer messages say what is happening in their own words; reading them with an earlier emergency would only
#: repeat its alarm over a new question.
CONTEXT_MAX_WORDS = 30


def read_across_turns(normalised: str, history: Sequence[ChatTurn]) -> list[str]:
    """The latest message after the turns it leans on, normalised (a yes: after the assistant's turn, with and
    without the question before it); none when it stands alone or at a distance, there is nothing before it, or it
    or the turn before says help has come or it is over."""
    short = len(normalised.split()) <= CONTEXT_MAX_WORDS
    if not short or not PatternList.load("emergency/leans_on").matches(normalised):
        return []
    previous = normalise(previous_user_question(history))
    if not previous or is_distanced(normalised) or any(map(help_come_or_over, (normalised, previous))):
        return []
    if history[-1].role == "assistant" and PatternList.load("emergency/affirms").matches(normalised):
        said = f"{normalise(history[-1].content)} {normalised}"
        return [said, f"{previous} {said}"]
    return [f"{previous} {normalised}"]


def help_come_or_over(normalised: str) -> bool:
    """Help is with them or has been given, it is over, the patient signs off or denies the signs asked about: what
    makes the detector stand down, and ``handled.txt``."""
    return stands_down(normalised) or PatternList.load("emergency/handled").matches(normalised)
