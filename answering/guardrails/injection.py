"""Prompt-injection, role-play and prompt-extraction attempts: found, stripped, and the rest still routed."""

from __future__ import annotations

from dataclasses import dataclass

from answering.guardrails.text import PatternList


@dataclass(frozen=True)
class InjectionFinding:
    remainder: str
    spans: list[str]


def find_injection(normalised: str) -> InjectionFinding | None:
    """The attempt's spans and what is left of the message once they are cut out (the underlying question)."""
    remainder, spans = PatternList.load("injection").strip(normalised)
    return InjectionFinding(remainder, spans) if spans else None
