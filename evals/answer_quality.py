"""Does the answer answer the question asked? Scored against a sentence-level key, not against itself.

A verbatim quote always "supports itself", so citation support cannot tell an answer from a cited non-answer.
For gold items the key (``evals/keys/``) says which source sentences the answer fails without (*key*) and which
help (*useful*); every other cited sentence is beside the point. Per answer item:

- key-sentence recall: share of key sentences the answer cites;
- sentence precision: share of cited sentences that are key or useful;
- complete: every key sentence is cited.

A question routed anywhere but ``answered`` has recall 0 and is not complete. Cited sentences are found through
the citations' verbatim ``quote``, so the measure reads extractive and generated answers alike.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from statistics import fmean

from rapidfuzz import fuzz, process

from answering.sentences import comparable
from answering.settings import PROJECT_ROOT

KEYS_DIR = PROJECT_ROOT / "evals" / "keys"
#: A quote is the same sentence as a keyed one at this similarity (whitespace, quotes and case aside).
SAME_SENTENCE = 95.0


@dataclass(frozen=True)
class SentenceKey:
    key: frozenset[str]
    useful: frozenset[str]


@cache
def load_keys(directory: Path = KEYS_DIR) -> tuple[dict[str, SentenceKey], dict[str, str]]:
    """(item id → its key, from every ``*_sentence_keys.jsonl``; sentence id → normalised sentence text)."""
    sentences = {
        row["sid"]: comparable(row["text"])
        for row in map(
            json.loads, (directory / "seed_sentences.jsonl").read_text(encoding="utf-8").splitlines()
        )
    }
    keys = {
        row["id"]: SentenceKey(frozenset(row["key"]), frozenset(row["useful"]))
        for path in sorted(directory.glob("*_sentence_keys.jsonl"))
        for row in map(json.loads, filter(str.strip, path.read_text(encoding="utf-8").splitlines()))
    }
    return keys, sentences


def cited_sentence_ids(citations: Sequence[Mapping], sentences: Mapping[str, str]) -> list[str | None]:
    """The keyed sentence each citation quotes, in order (None: a sentence the key does not know)."""
    ids = list(sentences)
    texts = [sentences[sid] for sid in ids]
    found: list[str | None] = []
    for citation in citations:
        best = process.extractOne(comparable(citation.get("quote", "")), texts, scorer=fuzz.ratio)
        found.append(ids[best[2]] if best and best[1] >= SAME_SENTENCE else None)
    return found


def score_against_key(key: SentenceKey, cited: Sequence[str | None], answered: bool) -> dict:
    """The three measures for one item (precision only when something was cited)."""
    cited_set = {sid for sid in cited if sid} if answered else set()
    scores = {
        "key_recall": len(key.key & cited_set) / len(key.key),
        "complete": key.key <= cited_set,
        "missing_key": sorted(key.key - cited_set),
    }
    if answered and cited:
        relevant = sum(sid is not None and sid in key.key | key.useful for sid in cited)
        scores["cited_sentences"], scores["relevant_sentences"] = len(cited), relevant
        scores["irrelevant"] = [sid or "?" for sid in cited if sid is None or sid not in key.key | key.useful]
    return scores


def answer_quality_summary(per_item: Sequence[Mapping]) -> dict:
    """Means over the keyed items; precision is over all cited sentences (an answer of 4 weighs 4)."""
    scored = [s for s in per_item if "key_recall" in s]
    cited = sum(s.get("cited_sentences", 0) for s in scored)
    return {
        "n": len(scored),
        "key_recall": fmean([s["key_recall"] for s in scored]) if scored else None,
        "sentence_precision": sum(s.get("relevant_sentences", 0) for s in scored) / cited if cited else None,
        "complete_share": fmean([float(s["complete"]) for s in scored]) if scored else None,
    }
