"""One LCEL chain for every OpenAI-compatible model: the embedded llama.cpp server or a hospital's own.

``prompt | ChatOpenAI | StrOutputParser`` streams text deltas. Every way a model can fail (refused
connection, HTTP error, a read that times out, a stream that runs past the deadline, nothing said)
becomes :class:`GeneratorError`, so the pipeline can answer extractively instead of hanging.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cached_property
from time import monotonic

import httpx
import openai
from langchain_core.output_parsers import StrOutputParser
from langchain_core.runnables import Runnable
from langchain_openai import ChatOpenAI

from answering.generators.base import GeneratorError
from answering.generators.prompt import chat_template, format_sources, source_sentences
from answering.retrieval import Retrieval
from answering.settings import Settings


def openai_chat_model(base_url: str, model: str, settings: Settings) -> ChatOpenAI:
    """The model behind an OpenAI-compatible endpoint, deterministic and failing fast."""
    return ChatOpenAI(
        base_url=base_url,
        model=model,
        api_key=settings.llm_api_key,
        temperature=0,
        max_tokens=settings.llm_max_tokens,
        timeout=settings.llm_timeout_s,
        max_retries=0,  # a retry doubles the wait; the extractive answer is the better fallback
    )


class ChatGenerator:
    """Streams an answer from a chat model; ``base_url`` is resolved (and a local server started) lazily."""

    def __init__(
        self,
        name: str,
        base_url: Callable[[], str],
        model: str,
        settings: Settings,
        chat_model: Runnable | None = None,
    ) -> None:
        self.name = name
        self.settings = settings
        self._base_url = base_url
        self._model = model
        self._chat_model = chat_model

    @cached_property
    def chain(self) -> Runnable:
        chat_model = self._chat_model or openai_chat_model(self._base_url(), self._model, self.settings)
        return chat_template() | chat_model | StrOutputParser()

    def inputs(self, question: str, retrieval: Retrieval) -> dict[str, str]:
        sources = source_sentences(retrieval, self.settings.llm_source_sentences, self.settings.torch_threads)
        return {"question": question, "sources": format_sources(sources)}

    def stream(self, question: str, retrieval: Retrieval) -> Iterator[str]:
        inputs = self.inputs(question, retrieval)
        deadline = monotonic() + self.settings.llm_timeout_s
        wrote = False
        try:
            for delta in self.chain.stream(inputs):
                if monotonic() > deadline:
                    raise GeneratorError(f"{self.name} ran past {self.settings.llm_timeout_s:.0f} s")
                wrote = wrote or bool(delta.strip())
                yield delta
        except (openai.APIError, httpx.HTTPError) as error:
            raise GeneratorError(f"{self.name} failed: {type(error).__name__}: {error}") from error
        if not wrote:
            raise GeneratorError(f"{self.name} returned no text")
