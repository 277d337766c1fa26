"""Turn a follow-up ("how is it different from Y-90?") into a question that stands on its own.

The rule-based condenser needs no model: when a question leans on the conversation (pronouns,
"what about…"), the previous question is appended as context, which is what the retriever needs;
a question that stands on its own is left alone. LLM generators may replace it with ``prompts/condense.md``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from wordfreq import zipf_frequency

from answering.aspects import asked_aspects
from answering.schema import ChatTurn, as_turns
from answering.vocabulary import words

_ANAPHORA = re.compile(
    r"\b(it|its|it's|this|that|these|those|they|them|their|one|ones|there|the (procedure|treatment|test|scan|"
    r"surgery|therapy|drug|option)|same|instead)\b",
    re.IGNORECASE,
)
#: "What's the difference?" leans on the conversation; "How is Y-90 different from TACE?" names both sides.
_COMPARISON = re.compile(
    r"\b(either|both|difference|different|differ|compared?|versus|vs|better|worse)\b", re.IGNORECASE
)
_NAME_ZIPF = 4.5  # rarer than this in everyday English, or with a digit: a word that names a thing
#: How a question carrying on from the one before opens, asking nothing of its own yet.
_CARRYING_ON = r"and|also|so|but|or|what about|how about|what if|really"
_CONTINUATION = re.compile(rf"^\s*({_CARRYING_ON}|why|how come)\b", re.IGNORECASE)
_LEAD = re.compile(rf"^\s*({_CARRYING_ON})\b\s*", re.IGNORECASE)
#: A question word of the follow-up's own, once "and", "so", "what about"… are set aside.
_OWN_QUESTION_WORD = re.compile(r"\b(what|wat|why|y(?!-)|how|when|where|who|which)\b", re.IGNORECASE)
#: How a question asking what a thing is opens ("what are liver metastases?", "what's TACE?").
_WHAT_IS_OPENING = re.compile(
    r"^\s*(?:(?:what|wat|wht)\s*(?:is|are|s|'s|r|was|were)|tell me about|explain|define)\s+(?:(?:a|an|the)\s+)?",
    re.IGNORECASE,
)
#: Aspects only a treatment or test has: "what are the side effects?" naming nothing asks about the thing just
#: discussed (an ellipsis), while "do people get symptoms early on?" asks about the disease.
_ASPECTS_OF_A_PROCEDURE = frozenset(
    {
        "side_effects",
        "recovery",
        "duration",
        "pain",
        "preparation",
        "who_performs",
        "frequency",
        "repeat",
        "how_given",
    }
)


def previous_user_question(history: Sequence[ChatTurn]) -> str:
    return _last_said_by("user", history)


def previous_answer(history: Sequence[ChatTurn]) -> str:
    return _last_said_by("assistant", history)


def _last_said_by(role: str, history: Sequence[ChatTurn]) -> str:
    return next(
        (turn.content for turn in reversed(history) if turn.role == role and turn.content.strip()), ""
    )


def named_things(question: str) -> int:
    """How many distinct specific words (TACE, Y-90, ablation) the question uses."""
    return len(
        {w for w in words(question) if any(c.isdigit() for c in w) or zipf_frequency(w, "en") < _NAME_ZIPF}
    )


def is_follow_up(question: str) -> bool:
    """Leans on the conversation: "how is *it* different…", "*what about* surgery?", "which is better?",
    "what are the side effects?"."""
    return bool(
        _ANAPHORA.search(question) or goes_on(question) or compares_unnamed(question) or is_ellipsis(question)
    )


def compares(question: str) -> bool:
    """Asks for a difference or a comparison ("how does microwave ablation differ from it?")."""
    return _COMPARISON.search(question) is not None


def compares_unnamed(question: str) -> bool:
    """Asks for a comparison without naming both sides ("which one is better?", "what's the difference?")."""
    return compares(question) and named_things(question) < 2


def goes_on(question: str) -> bool:
    """Opens by carrying on from the question before ("and how are they diagnosed?", "what about alcohol?")."""
    return _CONTINUATION.search(question) is not None


def is_ellipsis(question: str) -> bool:
    """Asks what only a treatment or test has (side effects, recovery, duration…) and names nothing."""
    return named_things(question) == 0 and any(
        aspect.name in _ASPECTS_OF_A_PROCEDURE for aspect in asked_aspects(question)
    )


def question_read_with(question: str, history: Sequence[ChatTurn | dict]) -> str | None:
    """The earlier question a follow-up is read with, or None when the question stands alone."""
    previous = previous_user_question(as_turns(history))
    return previous.strip() if previous and is_follow_up(question) else None


def read_together(question: str, previous: str | None) -> str:
    """The question to retrieve with: the question itself, or the question with the one it is read with. A
    follow-up asking its own question ("why the liver tho?" after "what are liver metastases?") takes only what the
    earlier one asked about: with "what are" it was answered with the definition again."""
    if not previous:
        return question.strip()
    if asks_its_own_question(question):
        previous = _WHAT_IS_OPENING.sub("", previous, count=1)
    return f"{question.strip()} {previous}"


def asks_its_own_question(question: str) -> bool:
    """Has a question word of its own ("and how are they diagnosed?"), not only carries on ("what about Y-90?",
    which asks what the earlier question asked, about Y-90)."""
    return _OWN_QUESTION_WORD.search(_LEAD.sub("", question, count=1)) is not None


def condense_question(question: str, history: Sequence[ChatTurn | dict]) -> str:
    """``read_together`` with the earlier question a follow-up is read with."""
    return read_together(question, question_read_with(question, history))
