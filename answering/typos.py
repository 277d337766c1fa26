"""A misspelt word corrected to the word of a small vocabulary it most likely meant ("symptons" → "symptoms"):
for the checks that match words exactly, the aspect patterns and the reviewed-answer wording."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable

from rapidfuzz import process
from rapidfuzz.distance import OSA
from wordfreq import zipf_frequency

#: Shorter words are too often another word one slip away ("mets"/"meds", "scan"/"scar").
TYPO_MIN_LENGTH = 5
#: A word at least this common in English is a word, not a typo ("affects", "tumour", "diarrhoea").
ENGLISH_ZIPF = 2.5
_LETTERS = re.compile(r"[a-z]{4,}")
_ESCAPE = re.compile(r"\\[a-zA-Z]")  # the "\b" of "\bsymptoms" in a pattern is no letter


def literal_words(texts: Iterable[str]) -> set[str]:
    """The words of ``texts`` (plain text or regular expressions) long enough to be corrected to."""
    return {
        word
        for text in texts
        for word in _LETTERS.findall(_ESCAPE.sub(" ", text).lower())
        if len(word) >= TYPO_MIN_LENGTH
    }


def corrected_word(word: str, vocabulary: Collection[str], known: Collection[str] = ()) -> str:
    """The ``vocabulary`` word a misspelt one meant, one slip away (two for words over six letters); English
    words, short words and ``known`` words stay."""
    if len(word) < TYPO_MIN_LENGTH or word in known or zipf_frequency(word, "en") >= ENGLISH_ZIPF:
        return word
    allowed = 1 if len(word) <= 6 else 2
    match = process.extractOne(word, vocabulary, scorer=OSA.distance, score_cutoff=allowed)
    return match[0] if match else word
