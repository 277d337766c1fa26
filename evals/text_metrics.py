"""Pure text measures: required facts, readability and overlap with a reference answer."""

from __future__ import annotations

import re
import unicodedata
import warnings
from collections import Counter
from functools import lru_cache

MARKER = re.compile(r"\s*\[\d+(?:\s*,\s*\d+)*\]")


def strip_markers(text: str) -> str:
    """Remove ``[n]`` / ``[1, 2]`` citation markers: they are not words a patient reads."""
    return MARKER.sub("", text)


def normalise(text: str) -> str:
    """Case-folded, Unicode-normalised (NFKC), whitespace collapsed: how facts are compared."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def fact_hits(answer: str, facts: list[list[str]]) -> list[bool]:
    """For each required fact, whether any of its acceptable phrasings occurs in the answer."""
    text = normalise(strip_markers(answer))
    return [any(normalise(alternative) in text for alternative in alternatives) for alternatives in facts]


def _textstat():
    with (
        warnings.catch_warnings()
    ):  # 0.7.3 imports the deprecated pkg_resources; later releases need NLTK data
        warnings.filterwarnings("ignore", "pkg_resources is deprecated", UserWarning)
        import textstat
    return textstat


def fk_grade(text: str) -> float | None:
    """Flesch-Kincaid grade of the text a patient reads (markers removed); None for empty text."""
    cleaned = strip_markers(text).strip()
    return float(_textstat().flesch_kincaid_grade(cleaned)) if cleaned else None


def reading_ease(text: str) -> float | None:
    """Flesch reading ease of the text a patient reads (markers removed; higher is easier, 60-70 is plain
    English); None for empty text."""
    cleaned = strip_markers(text).strip()
    return float(_textstat().flesch_reading_ease(cleaned)) if cleaned else None


@lru_cache(maxsize=1)
def _rouge():
    from rouge_score import rouge_scorer

    return rouge_scorer.RougeScorer(["rougeL"], use_stemmer=True)


def rouge_l(reference: str, answer: str) -> float:
    """ROUGE-L F-measure (longest common subsequence, Porter-stemmed) of the answer against the reference."""
    return float(_rouge().score(reference, strip_markers(answer))["rougeL"].fmeasure)


def _tokens(text: str) -> list[str]:
    return re.findall(r"\w+", normalise(text))


def token_f1(reference: str, answer: str) -> float:
    """SQuAD-style bag-of-tokens F1: rewards the right words regardless of order."""
    reference_tokens, answer_tokens = _tokens(reference), _tokens(strip_markers(answer))
    common = sum((Counter(reference_tokens) & Counter(answer_tokens)).values())
    if common == 0:
        return 0.0
    precision, recall = common / len(answer_tokens), common / len(reference_tokens)
    return 2 * precision * recall / (precision + recall)
