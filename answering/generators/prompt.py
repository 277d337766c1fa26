"""The LLM prompt: ``prompts/answer.md`` as a chat template, and the numbered sources it is given.

Sources are the retrieved sentences closest to the question, not whole passages: the local model
reads prompts at ~30 tokens/s on this CPU, so every sentence left out saves about a second. The
instructions come first and never change, so llama.cpp's prompt cache skips them after one turn.
"""

from __future__ import annotations

import re

import numpy as np
from langchain_core.prompts import ChatPromptTemplate

from answering.extractive import SourceSentence, candidate_sentences
from answering.prompts import load_prompt
from answering.retrieval import Retrieval

_ROLE_MARKER = re.compile(r"^<!-- role: (system|user) -->\s*$", re.MULTILINE)
_LANGCHAIN_ROLE = {"system": "system", "user": "human"}


def chat_template(name: str = "answer.md") -> ChatPromptTemplate:
    """A prompt file split at its ``<!-- role: … -->`` markers into chat messages."""
    parts = _ROLE_MARKER.split(load_prompt(name))[1:]
    if not parts:
        raise ValueError(f"prompts/{name} has no '<!-- role: system|user -->' markers")
    messages = [
        (_LANGCHAIN_ROLE[role], body.strip()) for role, body in zip(parts[::2], parts[1::2], strict=True)
    ]
    return ChatPromptTemplate.from_messages(messages)


def source_sentences(retrieval: Retrieval, limit: int, threads: int = 1) -> list[SourceSentence]:
    """The ``limit`` sentences most similar to the question, in the order the passages were ranked."""
    sentences, vectors = candidate_sentences(retrieval, threads)
    if not sentences:
        return []
    similarity = vectors @ retrieval.query_vector
    best = sorted(np.argsort(-similarity)[:limit])
    return [sentences[i] for i in best]


def format_sources(sentences: list[SourceSentence]) -> str:
    """``[n] (Section) sentence`` lines: the section name gives a lone sentence its context."""
    lines = []
    for n, sentence in enumerate(sentences, start=1):
        section = sentence.chunk.record.metadata.get("section") or sentence.chunk.record.metadata.get("title")
        lines.append(f"[{n}] ({section}) {sentence.text}" if section else f"[{n}] {sentence.text}")
    return "\n".join(lines)
