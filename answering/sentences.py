"""Sentence splitting shared by the extractive generator, grounding and citation scoring."""

from __future__ import annotations

import re
from functools import lru_cache

_MIN_WORDS = 4
_REFERRING_OPENING = re.compile(r"(This|These|That|Those|It|Its|They|Such)\b")


@lru_cache(maxsize=1)
def _segmenter():
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


def split_sentences(text: str) -> list[str]:
    """Sentences of ``text``, verbatim (so that they can be quoted), list markers and fragments dropped."""
    return list(_sentences_of(text))


@lru_cache(maxsize=8192)
def _sentences_of(text: str) -> tuple[str, ...]:
    """Cached: pysbd takes ~10 ms a passage. Answers read the split ingest stored (``SentenceVectorStore``); this
    serves the passages of an index built before it, which recur in nearly every answer of a small library."""
    sentences: list[str] = []
    for block in re.split(r"\n\s*\n|\n(?=\s*[-*•]\s)", text):
        for sentence in _segmenter().segment(block.strip()):
            cleaned = re.sub(r"^\s*[-*•]\s*", "", sentence).strip()
            if len(cleaned.split()) >= _MIN_WORDS:
                sentences.append(cleaned)
    return tuple(sentences)


def opens_with_reference(sentence: str) -> bool:
    """ "This option…", "It uses…": the sentence goes on about something named before it."""
    return _REFERRING_OPENING.match(sentence) is not None


def speaking_with_references(
    sentences: list[str], speaks: list[bool], *, with_antecedents: bool = False
) -> list[int]:
    """The sentences (indices, reading order) that speak to something, each with the next one when it goes on about
    it ("This…", "It…"), and with ``with_antecedents`` the one before a speaking sentence that opens so: a quoted
    "These experts…" without the sentence it refers to loses its meaning."""
    refers = [opens_with_reference(s) for s in sentences]
    return [
        i
        for i in range(len(sentences))
        if speaks[i]
        or (i and speaks[i - 1] and refers[i])
        or (with_antecedents and i + 1 < len(sentences) and speaks[i + 1] and refers[i + 1])
    ]


def words_only(text: str) -> str:
    """Lower case, punctuation as single spaces: "What's (are) TACE?" reads "what s are tace"."""
    return " ".join(re.sub(r"[^a-z0-9 ]+", " ", text.lower()).split())


def comparable(text: str) -> str:
    """Spacing, case and typographic quotes aside: how two copies of one sentence are compared."""
    return re.sub(r"\s+", " ", re.sub(r"[’‘`´]", "'", text)).strip().lower()
