"""Is this turn about the asker's own (or a relative's) case? Markers and a learned classifier, together.

Strong markers decide alone: own results, own decisions and a relative's case asked about are personal; an
explicitly general framing ("can I get liver metastases from…", "if someone has…") is general. Everything else goes to a
fine-tuned MiniLM (``personal_model.py``) that reads the whole message, so "I have pain here, is that bad?" and
"What does TACE do?" are told apart by more than one regex. A short follow-up ("is it painful?") is read with
the question it follows (after "What is TACE?" it asks about TACE) and inherits a personal previous user turn.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from answering.condense import previous_user_question
from answering.guardrails.text import PatternList, normalise
from answering.schema import ChatTurn
from answering.textspeak import spelled_out

FOLLOW_UP_MAX_WORDS = 12
#: A word pointing back at what the message told before its question.
_POINTS_BACK = re.compile(r"\b(it|its|that|this|these|those|they|them|their|there)\b")
#: A number of the person's own ("38.5", "the 12th"), not part of a name ("Y-90").
_OWN_NUMBER = re.compile(r"(?<![\w-])\d")
#: A result or a choice in the message: "it" may then be the person's own case.
_RESULT_OR_CHOICE = re.compile(
    r"\b(showed?|shown|results?|found|levels?|reading|report|should|instead|right for|worth it|or not)\b"
)
#: A pattern that looks at the whole question matches all of it; the reason (logged, shown to nurses) keeps its end.
REASON_CHARS = 60
#: Where a message's sentences end: its last question is read for whom it asks about.
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+")
#: A prognosis asked beside a relative's name stays personal even in general words ("what is the life expectancy?").
_PROGNOSIS = re.compile(
    r"\b(prognosis|outlook|life expectancy|chances?|survival|surviv\w+|curable|cure|live|living)\b"
)
#: How a request to be told what a thing is may open ("…I'd like to understand what a somatostatin analogue is").
_ASKING_TO_KNOW = re.compile(r"\b(id|i would) like to\b|\bi want to\b|\bhelp me\b")
#: The closing question alone must read as plainly general, well under the classifier's own threshold, before what
#: came before it counts as context only.
GENERAL_QUESTION_MAX_P = 0.2
#: A closing question that stands alone: a question word or an opening verb among its first words ("In general, what
#: does…", "During surgery, is the whole liver removed?"), and at least ``_STANDING_ALONE_MIN_WORDS`` words: "lockable
#: box?" after "how should we store morphine…" leans on what came before it.
_STANDS_ALONE = re.compile(
    r"^([\w-]+,? ){0,5}(what|whats|which|who|whose|why|how|when|where|is|are|was|were|does|do|did|can|could|will|"
    r"would|has|have|had|may|might)\b"
)
_STANDING_ALONE_MIN_WORDS = 4
#: Lists whose match makes a closing question one about the person, not a general one.
_PERSONAL_IN_QUESTION = (
    "first_person",
    "personal_strong",
    "mentions_someone",
    "personal_weak",
    "personal_cues",
)
#: A question pointing at a person ("is TACE an option for him?").
_THIRD_PERSON = re.compile(r"\b(he|hes|she|shes|him|her|hers|his|they|theyre|them|their|theirs)\b")


@dataclass(frozen=True)
class PersonalVerdict:
    personal: bool
    reason: str
    #: The closing question, when what came before it is only context (normalised words).
    asked: str = ""


class PersonalScorer(Protocol):
    """``personal_model.PersonalModel``, or a stand-in in the tests."""

    threshold: float

    def personal_probabilities(self, normalised_texts: list[str]) -> np.ndarray: ...


class PersonalDetector:
    def __init__(self, model: PersonalScorer) -> None:
        self.model = model

    def assess(self, normalised: str, history: Sequence[ChatTurn] = ()) -> PersonalVerdict:
        normalised = spelled_out(normalised)  # "y do ur eyes go yellow" is no report of the asker's own eyes
        normalised = _who_asks_as_a_sentence(normalised)
        defined = asks_what_a_thing_is(normalised) or asks_about_a_named_procedure(normalised)
        if defined:
            return PersonalVerdict(False, f"asks what a named thing is: {defined[-REASON_CHARS:]!r}", defined)
        if asks_when_to_get_help(normalised):
            return PersonalVerdict(False, "asks when to get help, in general")
        if asks_what_to_ask(normalised):
            return PersonalVerdict(False, "asks what to ask the care team")
        strong = personal_marker(normalised)
        if strong:
            return self._asked_in_general(normalised) or PersonalVerdict(
                True, f"personal marker: {strong.group(0)[-REASON_CHARS:]!r}"
            )
        general = PatternList.load("general_strong").first_match(normalised)
        if general:
            return PersonalVerdict(False, f"general framing: {general.group(0)[-REASON_CHARS:]!r}")
        follow_up = is_bare_follow_up(normalised)
        previous = (spelled_out(normalise(previous_user_question(history))) or None) if follow_up else None
        if previous is not None and names_a_case(previous):
            return PersonalVerdict(True, "follow-up to a personal turn")
        # A follow-up is read with the question it follows, as the pipeline reads it: "is it painful?" alone reads
        # like a symptom report; after "What is TACE?" it asks about TACE.
        texts = [normalised] if previous is None else [f"{normalised} {previous}", previous]
        probabilities = self.model.personal_probabilities(texts)
        threshold = self.model.threshold
        if probabilities[0] >= threshold:
            general = None if previous is not None else self._asked_in_general(normalised)
            return general or PersonalVerdict(True, f"classifier p={probabilities[0]:.2f} >= {threshold:.2f}")
        if previous is not None and probabilities[1] >= threshold:
            return PersonalVerdict(True, f"follow-up to a personal turn (p={probabilities[1]:.2f})")
        return PersonalVerdict(False, f"classifier p={probabilities[0]:.2f} < {threshold:.2f}")

    def _asked_in_general(self, normalised: str) -> PersonalVerdict | None:
        """A message that tells of someone's case and then asks a plainly general question ("My wife starts chemo
        on Monday. What side effects does chemo usually cause?") is answered on that question, when the question
        alone reads as general to the classifier too. None otherwise: the message stays personal."""
        question = closing_question_in_general(normalised)
        if question is None:
            return None
        probability = self.model.personal_probabilities([question])[0]
        if probability >= GENERAL_QUESTION_MAX_P:
            return None
        return PersonalVerdict(
            False,
            f"general question after context (p={probability:.2f}): {question[-REASON_CHARS:]!r}",
            question,
        )


def closing_question_in_general(normalised: str) -> str | None:
    """The closing question of a message whose earlier sentences only tell of a case, when that question stands
    alone as a question, names no one, points back at nothing told, and asks no decision, dose, reading or
    prognosis. None when the message reports a symptom, a number, a result or a change (the question would read
    it), or asks more than once."""
    sentences = [s for s in _SENTENCE_END.split(normalised) if s.strip()]
    if len(sentences) < 2 or not sentences[-1].endswith("?") or any(s.endswith("?") for s in sentences[:-1]):
        return None
    context, question = " ".join(sentences[:-1]), sentences[-1]
    if len(question.split()) < _STANDING_ALONE_MIN_WORDS or not _STANDS_ALONE.match(question):
        return None
    if _reports_a_symptom_or_number(normalised) or PatternList.load("tells_case_details").matches(context):
        return None
    if any(PatternList.load(name).matches(question) for name in (*_PERSONAL_IN_QUESTION, "ties_to_the_case")):
        return None
    if _PROGNOSIS.search(question) or _RESULT_OR_CHOICE.search(question):
        return None
    return question


def personal_marker(normalised: str) -> re.Match[str] | None:
    """A marker that makes the message personal alone: the asker's own case, result, decision or prognosis; or a
    relative or friend named, unless the message asks to be pointed to information, support or a specialist
    ("my dad has liver mets, where can we find a support group?" is a general question). What the asker says is not
    asked ("not her odds", ``disclaims_a_case.txt``) is no marker."""
    normalised = _who_asks_as_a_sentence(PatternList.load("disclaims_a_case").strip(normalised)[0])
    strong = PatternList.load("personal_strong").first_match(normalised)
    if strong:
        return strong
    mention = PatternList.load("mentions_someone").first_match(normalised)
    if (
        mention
        and _asks_about_someone(normalised)
        and not PatternList.load("asks_for_information").matches(normalised)
    ):
        return mention
    return None


def _who_asks_as_a_sentence(normalised: str) -> str:
    """ "asking for my dad - what treatments are there?" as "asking for my dad. what treatments are there?": an
    opening clause telling who asks (``asks_on_behalf.txt``) is read as the sentence it would be."""
    match = PatternList.load("asks_on_behalf").first_match(normalised)
    if match is None:
        return normalised
    return f"{match.group(0).strip(' -–—:,')}. {normalised[match.end() :].lstrip()}"


def _asks_about_someone(normalised: str) -> bool:
    """Whether a message that names someone asks about them: its last question names or points at a person ("…how
    long does he have?") or asks a prognosis, or it asks nothing with a question mark. "My grandma has liver mets.
    Why do blood tests measure albumin?" tells who asks, then asks in general: the classifier decides it."""
    questions = [s for s in _SENTENCE_END.split(normalised) if s.rstrip().endswith("?")]
    if not questions:
        return True
    question = questions[-1]
    return bool(_THIRD_PERSON.search(question) or _PROGNOSIS.search(question)) or PatternList.load(
        "mentions_someone"
    ).matches(question)


def tells_of_a_case(normalised: str) -> bool:
    """Whether a message told of the asker's or someone's own case on the way to its question: an answer to it says
    first that it cannot speak to that case (``prompts/case_note.md``)."""
    normalised = spelled_out(normalised)
    return names_a_case(normalised) or PatternList.load("tells_of_a_case").matches(normalised)


def names_a_case(normalised: str) -> bool:
    """Whether a previous turn named someone's case at all: a short follow-up to it asks about that case."""
    return any(PatternList.load(name).matches(normalised) for name in ("personal_strong", "mentions_someone"))


def asks_what_a_thing_is(normalised: str) -> str | None:
    """The closing question when it asks what a named thing is, means or how it works and names nobody ("what is
    TACE?" after "My mum has liver mets"); whatever came before it is context. None otherwise."""
    match = PatternList.load("asks_what_a_thing_is").first_match(normalised)
    if match is None:
        return None
    question = match.group(0)
    personal = ("first_person", "personal_cues", "personal_strong", "mentions_someone", "personal_weak")
    # "I'd like to know what X is" asks about X, not about the asker.
    thing = _ASKING_TO_KNOW.sub("", question)
    if _POINTS_BACK.search(thing) or any(PatternList.load(name).matches(thing) for name in personal):
        return None  # "what are the treatments for it?": the thing is what the message told
    return question.strip(" ,.;:")


def asks_about_a_named_procedure(normalised: str) -> str | None:
    """ "My doctor mentioned RFA, what is it?": what a treatment or test the message names is, or how it works,
    when the message reports no symptom, result, number or choice. None otherwise."""
    match = PatternList.load("asks_about_a_named_procedure").first_match(normalised)
    if match is None or _reports_a_symptom_or_number(normalised) or _RESULT_OR_CHOICE.search(normalised):
        return None
    return match.group(0)


def asks_when_to_get_help(normalised: str) -> bool:
    """ "When should I call the hospital after TACE?": the warning signs the materials list, unless the message
    reports a symptom or a number of its own."""
    return PatternList.load("asks_when_to_get_help").matches(normalised) and not _reports_a_symptom_or_number(
        normalised
    )


def asks_what_to_ask(normalised: str) -> bool:
    """ "What should I ask my doctor about FOLFIRI?": help to talk to the care team, which the policy answers, unless
    the message reports a symptom or a number, or asks about the person's own case besides ("should I stop chemo?
    what should I ask?")."""
    match = PatternList.load("asks_what_to_ask").first_match(normalised)
    if match is None or _reports_a_symptom_or_number(normalised):
        return False
    rest = normalised[: match.start()] + normalised[match.end() :]
    return not PatternList.load("personal_strong").matches(rest)


def _reports_a_symptom_or_number(normalised: str) -> bool:
    """A symptom or a reading of the person's own: the question is then about their case."""
    return bool(_OWN_NUMBER.search(normalised)) or PatternList.load("symptom_report").matches(normalised)


def is_bare_follow_up(normalised: str) -> bool:
    """A short turn that leans on the previous one ("is that bad?", "and what about the cough?")."""
    short = len(normalised.split()) <= FOLLOW_UP_MAX_WORDS
    return short and PatternList.load("follow_up").matches(normalised)
