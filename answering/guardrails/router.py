"""One route per turn, before retrieval and without an LLM: emergency → injection → off-topic → personal.

Off-topic is checked before personal only because it requires that no health word appears at all, so it can
never take a personal health question away from the care team ("should I buy bitcoin?" is not one).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from answering.embeddings import embedding_id
from answering.guardrails.classifier import PersonalClassifier
from answering.guardrails.emergency import EmergencyFinding, find_emergency
from answering.guardrails.injection import find_injection
from answering.guardrails.off_topic import is_off_topic
from answering.guardrails.personal import Embedder, PersonalDetector
from answering.guardrails.text import normalise
from answering.prompts import load_prompt
from answering.schema import ChatTurn, Route, as_turns
from answering.settings import Settings, get_settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Decision:
    """``route`` None means "go on to retrieval and answering"; otherwise ``message`` is the reply to show."""

    route: Route | None
    category: str
    reason: str
    message: str = ""


class Router:
    def __init__(self, settings: Settings, personal: PersonalDetector) -> None:
        self.settings = settings
        self.personal = personal

    @classmethod
    def load(cls, settings: Settings | None = None, embed: Embedder | None = None) -> Router:
        """Load the shipped classifier; ``embed`` defaults to the packaged MiniLM (tests may pass a fake)."""
        settings = settings or get_settings()
        if embed is None:
            from answering.embeddings import embed as minilm

            def embed(texts: list[str]):
                return minilm(texts, threads=settings.torch_threads)

        classifier = PersonalClassifier.load(settings.personal_classifier_path)
        if classifier.embedding_model != embedding_id(settings.embedding_backend):
            log.warning(
                "The personal classifier was trained on %s vectors, questions are embedded with %s; "
                "retrain it with: python -m answering.guardrails.train",
                classifier.embedding_model,
                embedding_id(settings.embedding_backend),
            )
        return cls(settings, PersonalDetector(classifier, embed))

    def decide(self, question: str, history: Sequence[ChatTurn | dict] = ()) -> Decision:
        turns = as_turns(history)
        text = normalise(question)
        emergency = find_emergency(text)
        if emergency:
            return self._emergency(emergency)
        injection = find_injection(text)
        if injection:
            return self._injection(injection.remainder, injection.spans, turns)
        if is_off_topic(text):
            return Decision(Route.OUT_OF_SCOPE, "out_of_scope", "off-topic", self._message("out_of_scope.md"))
        personal = self.personal.assess(text, turns)
        if personal.personal:
            return Decision(Route.CARE_TEAM, "personal", personal.reason, self._message("care_team.md"))
        return Decision(None, "answer", personal.reason)

    def _emergency(self, finding: EmergencyFinding) -> Decision:
        template = "crisis.md" if finding.kind == "self_harm" else "emergency.md"
        return Decision(
            Route.EMERGENCY, "emergency", f"{finding.kind}: {finding.evidence!r}", self._message(template)
        )

    def _injection(self, remainder: str, spans: list[str], turns: list[ChatTurn]) -> Decision:
        """Never answered: the underlying question keeps an emergency or care-team route, else out_of_scope."""
        reason = f"injection: {spans[0]!r}"
        if remainder and self.personal.assess(remainder, turns).personal:
            return Decision(Route.CARE_TEAM, "injection", reason, self._message("care_team.md"))
        return Decision(Route.OUT_OF_SCOPE, "injection", reason, self._message("injection.md"))

    def _message(self, template: str) -> str:
        return load_prompt(template).format(
            emergency_number=self.settings.emergency_number, crisis_line=self.settings.crisis_line
        )
