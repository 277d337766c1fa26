"""Grounding in code: a generated answer keeps only the sentences its sources support, each one cited.

The model is not trusted to cite or to stay faithful. Each of its sentences is matched to the
retrieved source sentence that supports it best; *support* blends the embedding cosine (does it
say the same thing?) with the share of its content words found in that source sentence (does it
use the source's words?). A sentence is dropped when its support is below
``settings.grounding_min_support``, or when it states a *specific term* — a number, number word,
acronym, drug or treatment name, or any word rarer than everyday English — that its cited source
sentence (with its document title and section heading) does not contain: a dose, a percentage or a
drug is never "close enough".

If too little survives, :func:`ground` returns None and the pipeline answers extractively.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from wordfreq import zipf_frequency

from answering.embeddings import embed
from answering.extractive import GroundedAnswer, SourceSentence, candidate_sentences, citation_for
from answering.number_words import SMALL_NUMBERS
from answering.retrieval import Retrieval
from answering.sentences import split_sentences
from answering.settings import Settings
from answering.store import content_terms
from answering.vocabulary import topic_words, words

_LEXICAL_WEIGHT = 0.35
_RARE_ZIPF = 3.5  # rarer than this in everyday English (word or its base form): the source must say it
_SUFFIXES = ("s", "es", "ed", "d", "ing")
_REPEATED = 0.95  # small models repeat themselves; a repeat adds nothing
_CITATION_MARK = re.compile(r"\s*\[\s*\d+(?:\s*[,;–-]\s*\d+)*\s*\]")
_MARKUP = re.compile(r"\*\*|__|`|^\s*#+\s*|^\s*\d+[.)]\s+", re.MULTILINE)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9-]*[A-Z0-9]\b")
_SENTENCE_END = re.compile(r"[.!?][\"')\]]*$")
#: Words that state a quantity; "zero" and "one" are too common to be one.
_NUMBER_WORDS = frozenset(SMALL_NUMBERS[2:]) | {
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "hundred",
    "thousand",
    "million",
    "half",
    "twice",
    "double",
    "triple",
    "quarter",
    "percent",
    "dozen",
}
# Treatment and outcome words too common to be caught by rarity.
_CLAIM_WORDS = frozenset(
    {
        "surgery",
        "operation",
        "radiation",
        "radiotherapy",
        "chemo",
        "chemotherapy",
        "medicine",
        "medicines",
        "medication",
        "medications",
        "pill",
        "pills",
        "tablet",
        "tablets",
        "injection",
        "injections",
        "infusion",
        "drug",
        "drugs",
        "dose",
        "doses",
        "transplant",
        "vitamin",
        "vitamins",
        "cure",
        "cures",
        "cured",
        "curable",
        "always",
        "never",
        "guaranteed",
    }
)


@dataclass
class SentenceVerdict:
    """Why one generated sentence was kept or dropped."""

    sentence: str
    source: SourceSentence | None
    support: float
    missing_terms: list[str]

    def kept(self, min_support: float) -> bool:
        return self.source is not None and not self.missing_terms and self.support >= min_support


def clean(text: str) -> str:
    """The model's text without the ``[n]`` markers and markdown it may have written."""
    return _MARKUP.sub("", _CITATION_MARK.sub("", text)).strip()


def specific_terms(sentence: str) -> set[str]:
    """Numbers, number words, acronyms, treatment words and rare words: claims a source must state."""
    terms = set(_NUMBER.findall(sentence)) | {a.lower() for a in _ACRONYM.findall(sentence)}
    return terms | {word for word in words(sentence) if _is_specific_word(word)}


def _is_specific_word(word: str) -> bool:
    if word in _NUMBER_WORDS or word in _CLAIM_WORDS or word in topic_words():
        return True
    if len(word) <= 3 or any(c.isdigit() for c in word):
        return False
    forms = [word] + [word.removesuffix(suffix) for suffix in _SUFFIXES if word.endswith(suffix)]
    return all(zipf_frequency(form, "en") < _RARE_ZIPF for form in forms)


def missing_from(terms: set[str], source: str) -> list[str]:
    """The terms ``source`` does not contain (numbers exactly; words up to their stem)."""
    numbers = set(_NUMBER.findall(source))
    source_words = set(words(source))
    stems = content_terms(source)
    missing = []
    for term in sorted(terms):
        if term[0].isdigit():
            found = term in numbers
        else:
            found = term in source_words or (bool(content_terms(term)) and content_terms(term) <= stems)
        if not found:
            missing.append(term)
    return missing


def judge(
    sentences: list[str], vectors: np.ndarray, sources: list[SourceSentence], source_vectors: np.ndarray
) -> list[SentenceVerdict]:
    """Each generated sentence with its best source sentence among those stating all its specific terms."""
    if not sources:
        return [SentenceVerdict(s, None, 0.0, []) for s in sentences]
    cosines = vectors @ source_vectors.T
    source_terms = [content_terms(source.text) for source in sources]
    verdicts = []
    for i, sentence in enumerate(sentences):
        terms = content_terms(sentence)
        overlap = np.array([len(terms & st) / len(terms) if terms else 0.0 for st in source_terms])
        support = (1 - _LEXICAL_WEIGHT) * cosines[i] + _LEXICAL_WEIGHT * overlap
        specific = specific_terms(sentence)
        missing = [missing_from(specific, _stated_by(source)) for source in sources]
        eligible = [j for j in range(len(sources)) if not missing[j]]
        best = max(eligible or range(len(sources)), key=lambda j: support[j])
        verdicts.append(SentenceVerdict(sentence, sources[best], float(support[best]), missing[best]))
    return verdicts


def _stated_by(source: SourceSentence) -> str:
    """The sentence with its document title and section: "liver metastases" is stated by the title."""
    metadata = source.chunk.record.metadata
    return f"{metadata.get('title', '')}. {metadata.get('section', '')}. {source.text}"


def generated_sentences(text: str) -> list[str]:
    """Complete sentences of the model's text: a last one cut off by the token limit is left out."""
    sentences = split_sentences(clean(text))
    if sentences and not _SENTENCE_END.search(sentences[-1]):
        sentences.pop()
    return sentences


def ground(text: str, retrieval: Retrieval, settings: Settings) -> GroundedAnswer | None:
    """The supported sentences of ``text``, cited ``sentence [n]`` as extractive answers are; else None."""
    sentences = generated_sentences(text)
    if not sentences:
        return None
    vectors = embed(sentences, threads=settings.torch_threads)
    sources, source_vectors = candidate_sentences(retrieval, settings.torch_threads)
    verdicts = judge(sentences, vectors, sources, source_vectors)
    kept = [i for i in _without_repeats(vectors) if verdicts[i].kept(settings.grounding_min_support)]
    if not kept or len(kept) / len(verdicts) < settings.grounding_min_kept_share:
        return None
    return _compose([verdicts[i] for i in kept])


def _without_repeats(vectors: np.ndarray) -> list[int]:
    """Indexes of the sentences that do not repeat an earlier one."""
    first: list[int] = []
    for i in range(len(vectors)):
        if all(float(vectors[i] @ vectors[j]) < _REPEATED for j in first):
            first.append(i)
    return first


def _compose(verdicts: list[SentenceVerdict]) -> GroundedAnswer:
    """Number the cited source sentences in order of first use; a source cited twice keeps its number."""
    numbers: dict[tuple[str, int], int] = {}
    citations = []
    parts = []
    for verdict in verdicts:
        source = verdict.source
        assert source is not None
        key = (source.chunk.id, source.index)
        if key not in numbers:
            numbers[key] = len(numbers) + 1
            citations.append(citation_for(numbers[key], source))
        parts.append(f"{verdict.sentence} [{numbers[key]}]")
    return GroundedAnswer(text=" ".join(parts), citations=citations)
