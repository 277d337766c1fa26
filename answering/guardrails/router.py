"""One route per turn, before retrieval and without an LLM: emergency → injection → language → off-topic → personal.

Emergencies come first and are looked for in every language. A message that is not in English is then never
answered (the documents and checks are English): it gets a fixed reply. A base64 message is decoded and
routed like its plain text, but not answered either. Off-topic is checked before personal only because it
requires that no health word appears at all, so it can never take a personal health question away from the
care team ("should I buy bitcoin?" is not one).
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from answering.guardrails.crosslingual import CrosslingualDetector
from answering.guardrails.emergency import EmergencyDetector, EmergencyScorer, find_by_patterns
from answering.guardrails.emergency_context import read_across_turns
from answering.guardrails.emergency_model import EmergencyModel
from answering.guardrails.emergency_patterns import (
    PLAN_SIGN,
    EmergencyFinding,
    pattern_category,
    planned_for,
    respelled,
)
from answering.guardrails.injection import find_injection
from answering.guardrails.language import decode_encoded, detect_language
from answering.guardrails.language import warm_up as warm_up_language
from answering.guardrails.multilingual import find_multilingual_emergency
from answering.guardrails.off_topic import is_off_topic
from answering.guardrails.personal import PersonalDetector, PersonalScorer, tells_of_a_case
from answering.guardrails.personal_model import PersonalModel
from answering.guardrails.reply_kinds import KINDS, shipped_model
from answering.guardrails.text import PatternList, normalise
from answering.prompts import with_safety_numbers
from answering.schema import ChatTurn, Route, as_turns
from answering.settings import Settings, get_settings

#: The reply for each kind of emergency; any other category gets ``emergency.md``.
EMERGENCY_TEMPLATES = {"self_harm": "crisis.md", "fever_chemo": "emergency_fever.md"}
#: A question what to do should a red flag happen ("what should I do if I feel suicidal?") gets what to do then,
#: with the line that category's emergency reply gives (``emergency_patterns.planned_for``).
PLAN_TEMPLATES = {"self_harm": "care_team_plan_crisis.md", "fever_chemo": "care_team_plan_fever.md"}
#: The care-team reply for each kind of message (``Router._care_team``); a plan's by its red flag (above).
CARE_TEAM_TEMPLATES = {
    "plan": "care_team_plan.md",
    "symptom": "care_team_symptom.md",
    "feelings": "care_team_feelings.md",
    "decision": "care_team.md",
}
#: The phrase list read beside each reply kind's learned model (``reply_kinds.py``).
REPLY_KIND_PATTERNS = {"symptom": "symptom_report", "feelings": "feelings"}
#: Which care-team reply a personal message that plans for nothing (``Router._plan_read``) gets, in this order: a
#: symptom the phrase list names first, so feelings told with a symptom ("I'm scared, my eyes have gone yellow")
#: hear "call today"; then feelings, by phrase list or model; then a symptom only the model reads ("my wee has gone
#: the colour of tea"); else the decision reply.
REPLY_READINGS = (
    ("symptom", "phrases"),
    ("feelings", "phrases"),
    ("feelings", "model"),
    ("symptom", "model"),
)


@dataclass(frozen=True)
class Decision:
    """``route`` None means "go on to retrieval and answering"; otherwise ``message`` is the reply to show."""

    route: Route | None
    category: str
    reason: str
    message: str = ""
    #: What to answer when it is not the whole message: its closing question, the rest being context ("My mum
    #: has liver mets, what is TACE?" asks what TACE is), in the message's own words.
    asked: str = ""
    #: Said before the answer when the message told of someone's own case (``personal.tells_of_a_case``).
    note: str = ""


class Router:
    def __init__(
        self,
        settings: Settings,
        personal: PersonalDetector,
        emergency: EmergencyDetector,
        crosslingual: CrosslingualDetector | None = None,
    ) -> None:
        """Without ``crosslingual``, only the phrase lists read messages that are not English (unit tests)."""
        self.settings = settings
        self.personal = personal
        self.emergency = emergency
        self.crosslingual = crosslingual
        self.reply_models = {kind: shipped_model(kind) for kind in KINDS}
        #: The personal check runs beside the emergency check: each reads the message with its own network, so on
        #: two cores the router takes the slower of the two, not their sum. Its verdict is dropped when an earlier
        #: check decides (an emergency, an injection, another language, off-topic).
        self._beside = ThreadPoolExecutor(settings.chat_concurrency, thread_name_prefix="personal-check")

    @classmethod
    def load(
        cls,
        settings: Settings | None = None,
        personal_model: PersonalScorer | None = None,
        emergency_model: EmergencyScorer | None = None,
    ) -> Router:
        """Load the shipped detectors, the fine-tuned ones built on first use; tests may pass stand-ins."""
        settings = settings or get_settings()
        if personal_model is None:
            personal_model = PersonalModel.load(
                settings.personal_model_path, settings.model_cache_dir, settings.torch_threads
            )
        emergency_readers = (
            (emergency_model,)
            if emergency_model is not None
            else tuple(
                EmergencyModel.load(path, settings.model_cache_dir, settings.torch_threads)
                for path in (settings.emergency_model_path, settings.emergency_second_model_path)
            )
        )
        crosslingual = CrosslingualDetector.load(settings.torch_threads, settings.crosslingual_emergency_path)
        router = cls(
            settings,
            PersonalDetector(personal_model),
            EmergencyDetector(*emergency_readers, threads=settings.chat_concurrency),
            crosslingual,
        )
        router.warm_up()
        return router

    def warm_up(self) -> None:
        """Load now what the checks load on first use: the pattern lists, the language lists and the networks'
        first runs. Each took 0.2-1.2 s inside the first patient's turn that needed it, holding the GIL."""
        PatternList.load_every()
        warm_up_language()
        self.decide("What is TACE?")

    def decide(self, question: str, history: Sequence[ChatTurn | dict] = ()) -> Decision:
        question = question.encode("utf-8", "replace").decode("utf-8")  # a lone surrogate is not text
        turns = as_turns(history)
        decoded = decode_encoded(question)
        if decoded is not None:
            return self._not_answered(self.decide(decoded, turns), "encoded message", "non_english.md")
        text = normalise(question)
        language = detect_language(question)
        personal_check = self._beside.submit(self.personal.assess, text, turns) if language.english else None
        injection = find_injection(text)
        # An instruction to the assistant tells nothing of the patient's situation ("print your system prompt" read
        # by the detector as a crisis): emergencies are looked for in the rest ("ignore that. I'm vomiting blood").
        situation = injection.remainder if injection else text
        emergency = self._emergency_in(situation, language.english) or self._emergency_across_turns(
            situation, turns, language.english
        )
        if emergency:
            return self._emergency(emergency, language.language)
        if injection:
            return self._injection(injection.remainder, injection.spans, turns)
        if personal_check is None:  # not English
            reason = f"not English ({language.language}: {language.reason})"
            message = self._message("non_english.md", language.language)
            return Decision(Route.OUT_OF_SCOPE, "language", reason, message)
        if is_off_topic(text):
            return Decision(Route.OUT_OF_SCOPE, "out_of_scope", "off-topic", self._message("out_of_scope.md"))
        personal = personal_check.result()
        planned = planned_for(text)
        if personal.personal:
            return Decision(Route.CARE_TEAM, "personal", personal.reason, self._care_team(text, planned))
        if planned:  # "what should someone do if…": what to do then is the care team's plan, and "call now"
            reason = f"asks what to do should it happen: {planned}"
            return Decision(Route.CARE_TEAM, "plan", reason, self._care_team(text, planned))
        note = self._message("case_note.md") if tells_of_a_case(text) else ""
        return Decision(
            None, "answer", personal.reason, asked=last_words(question, personal.asked), note=note
        )

    def _emergency_in(self, text: str, english: bool) -> EmergencyFinding | None:
        """The English reader for English text (its categories pick the reply); elsewhere other languages'
        phrases, the red-flag patterns, then the multilingual model, which reads any language but less well."""
        text = respelled(text)
        if english:
            return self.emergency.find(text)
        found = find_multilingual_emergency(text) or find_by_patterns(text)
        return found or (self.crosslingual.find(text) if self.crosslingual else None)

    def _emergency_across_turns(
        self, text: str, turns: list[ChatTurn], english: bool
    ) -> EmergencyFinding | None:
        """An English follow-up whose danger is in the turns before it (``emergency_context.py``)."""
        for together in read_across_turns(text, turns) if english and turns else []:
            found = self._emergency_in(together, english)
            if found:
                return EmergencyFinding(found.category, f"read with the turns before: {found.evidence}")
        return None

    def _emergency(self, finding: EmergencyFinding, language: str = "en") -> Decision:
        template = EMERGENCY_TEMPLATES.get(finding.category, "emergency.md")
        message = self._message(template, language)
        return Decision(Route.EMERGENCY, "emergency", f"{finding.category}: {finding.evidence}", message)

    def _injection(self, remainder: str, spans: list[str], turns: list[ChatTurn]) -> Decision:
        """Never answered: the underlying question keeps an emergency or care-team route, else out_of_scope."""
        reason = f"injection: {spans[0]!r}"
        if remainder and self.personal.assess(remainder, turns).personal:
            return Decision(
                Route.CARE_TEAM, "injection", reason, self._care_team(remainder, planned_for(remainder))
            )
        return Decision(Route.OUT_OF_SCOPE, "injection", reason, self._message("injection.md"))

    def _not_answered(self, decision: Decision, why: str, template: str) -> Decision:
        """An emergency or care-team route stands; an answer becomes ``template``'s reply."""
        if decision.route in (Route.EMERGENCY, Route.CARE_TEAM):
            return Decision(decision.route, decision.category, f"{why}; {decision.reason}", decision.message)
        return Decision(Route.OUT_OF_SCOPE, "language", f"{why}; {decision.reason}", self._message(template))

    def _care_team(self, normalised: str, planned: str | None) -> str:
        """A question planning for a red flag (``planned``: its category, ``planned_for``) gets what to do if it
        happens; a symptom report "if it is new or worse, call today"; feelings ("I'm so frightened of dying") a
        warm reply naming the support there is; a result or decision the calm reply."""
        planned = planned or self._plan_read(normalised)
        if planned:
            return self._message(PLAN_TEMPLATES.get(planned, CARE_TEAM_TEMPLATES["plan"]))
        return self._message(CARE_TEAM_TEMPLATES[self._reply_kind(normalised)])

    def _plan_read(self, normalised: str) -> str | None:
        """A plan the ask patterns miss, read by the plan model ("mum's lips go blue - 999 or the ward?"): the red
        flag it names, else ``PLAN_SIGN``. Only for a message no emergency was found in and the care team gets."""
        if not self.reply_models["plan"].decides(normalised):
            return None
        named = pattern_category(normalised)
        return named[0] if named else PLAN_SIGN

    def _reply_kind(self, normalised: str) -> str:
        """The first of ``REPLY_READINGS`` that reads the message as its kind, else a decision."""
        for kind, reader in REPLY_READINGS:
            if reader == "phrases":
                found = PatternList.load(REPLY_KIND_PATTERNS[kind]).matches(normalised)
            else:
                found = self.reply_models[kind].decides(normalised)
            if found:
                return kind
        return "decision"

    def _message(self, template: str, language: str = "en") -> str:
        return with_safety_numbers(template, self.settings, language)


def last_words(message: str, normalised_tail: str) -> str:
    """The end of ``message`` with as many words as ``normalised_tail`` (``normalise`` keeps the words), "" for
    none: the closing question as the patient wrote it, capitals and all ("TACE")."""
    count = len(normalised_tail.split())
    return " ".join(message.split()[-count:]) if count else ""
