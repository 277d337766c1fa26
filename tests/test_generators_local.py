"""The packaged Qwen2.5 GGUF served by xllamacpp on 127.0.0.1: one answer end to end, one over HTTP."""

from __future__ import annotations

import pytest

from answering.generators import build_generator
from answering.generators.local_server import local_server_url
from answering.grounding import ground
from answering.settings import Settings

pytestmark = pytest.mark.slow

QUESTION = "What is immunotherapy?"


@pytest.fixture(scope="module")
def local_settings(seed_settings):
    # ~33 tokens/s decoding on a free core: 80 tokens keeps each answer to a few seconds.
    return seed_settings.model_copy(update={"generator": "local", "llm_max_tokens": 80})


@pytest.fixture(scope="module")
def retrieval(seed_assistant):
    return seed_assistant.retriever.retrieve(QUESTION)


def test_local_generator_answers_and_grounding_cites_the_immune_system_sentence(
    local_settings, retrieval, no_network
):
    generator = build_generator(local_settings)
    text = "".join(generator.stream(QUESTION, retrieval))
    grounded = ground(text, retrieval, local_settings)
    assert grounded is not None, text
    assert any("immune system" in citation.quote for citation in grounded.citations)
    assert all(f"[{c.n}]" in grounded.text for c in grounded.citations)
    assert no_network == []


def test_openai_generator_talks_to_a_real_openai_compatible_server(local_settings, retrieval):
    base_url = local_server_url(local_settings)  # the same llama.cpp server a hospital would run
    assert base_url.startswith("http://127.0.0.1:")
    settings = Settings(generator="openai", llm_base_url=base_url, llm_model="qwen", llm_max_tokens=24)
    generator = build_generator(settings)
    assert generator.name == "openai:qwen"
    deltas = list(generator.stream(QUESTION, retrieval))
    assert len(deltas) > 1
    assert "".join(deltas).strip()
