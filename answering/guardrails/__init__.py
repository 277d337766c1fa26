"""Guardrails that run before retrieval: emergencies, injection attempts, personal and off-topic questions."""

from answering.guardrails.pii import scrub
from answering.guardrails.router import Decision, Router

__all__ = ["Decision", "Router", "scrub"]
