"""A learned tagger for the identifiers the rules miss: names without a cue, addresses typed loosely.

The rules in ``pii.py`` reach about 0.96 recall on the templates they were written on, but every batch written
later by someone who had not seen them scored 0.67–0.84 as it came: names without a cue ("ngozi said the drain is
leaking"), names of many cultures in lower case, addresses of other countries. A linear-chain CRF
(``python-crfsuite``) over each word's shape, its rarity in English (``wordfreq``), whether it is a given name
(``patterns/pii/given_names.txt``) and the words around it learns those from the labelled development templates;
``find_identifiers`` adds what it finds to what the rules find. It is trained with 3,000 messages of the emergency
set's training templates (relatives, medicines and symptoms typed every way, no identifiers) so that it does not
take "senna" or "my dad" for names. Trained by ``python -m answering.guardrails.train_pii``; measured by
``python -m evals pii``.
"""

from __future__ import annotations

import re
import threading
from functools import cache
from pathlib import Path

import pycrfsuite
from wordfreq import zipf_frequency

from answering.guardrails.identifiers import Identifier
from answering.guardrails.pii_lists import word_list

PII_MODEL_PATH = Path(__file__).resolve().parent / "pii_model.crfsuite"
#: Words and single other characters, a word keeping its inner apostrophes, dots and hyphens ("O'Neill", "St.").
_TOKEN = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*|\S")
_CONTEXT = (-2, -1, 1, 2)

Token = tuple[int, int, str]


def tokens(text: str) -> list[Token]:
    return [(match.start(), match.end(), match.group()) for match in _TOKEN.finditer(text)]


@cache
def _zipf(word: str) -> float:
    return zipf_frequency(word, "en")


def _shape(word: str) -> str:
    """ "Xx", "x", "XX", "dd", "Xx'Xx": letter case and digits, runs shortened to two."""
    shape = re.sub(r"\d", "d", re.sub(r"[^\W\d_]", lambda m: "X" if m.group().isupper() else "x", word))
    return re.sub(r"(.)\1+", r"\1\1", shape)


def _word_features(word: str, prefix: str) -> dict[str, str | float]:
    lowered = word.lower()
    features: dict[str, str | float] = {
        f"{prefix}word": lowered,
        f"{prefix}shape": _shape(word),
        f"{prefix}zipf": str(min(int(_zipf(lowered)), 6)) if word[:1].isalpha() else "-",
    }
    flags = {
        "title": word[:1].isupper() and word[1:].islower(),
        "upper": word.isupper() and len(word) > 1,
        "given": lowered in word_list("given_names"),
    }
    return features | {f"{prefix}{name}": 1.0 for name, on in flags.items() if on}


def features(sequence: list[Token]) -> list[dict[str, str | float]]:
    """Each token's features: its own (with prefix and suffix) and its neighbours' two either side."""
    words = [word for _, _, word in sequence]
    rows = []
    for i, word in enumerate(words):
        row: dict[str, str | float] = {
            "bias": 1.0,
            "prefix": word.lower()[:3],
            "suffix": word.lower()[-3:],
            "length": str(min(len(word), 8)),
        } | _word_features(word, "")
        if i == 0 or words[i - 1] in (".", "!", "?"):
            row["opens"] = 1.0
        for offset in _CONTEXT:
            j = i + offset
            if 0 <= j < len(words):
                row |= _word_features(words[j], f"{offset}:")
            else:
                row[f"{offset}:none"] = 1.0
        if i > 1:
            row["-2..-1"] = f"{words[i - 2].lower()} {words[i - 1].lower()}"
        rows.append(row)
    return rows


def labels(sequence: list[Token], spans: tuple[Identifier, ...]) -> list[str]:
    """BIO tags: a token touching a labelled span takes its kind."""
    tags: list[str] = []
    for start, end, _ in sequence:
        kind = next((s.kind for s in spans if s.start < end and start < s.end), None)
        if kind is None:
            tags.append("O")
        else:
            tags.append(("I-" if tags and tags[-1].endswith(f"-{kind}") else "B-") + kind)
    return tags


def spans_of(sequence: list[Token], tags: list[str]) -> list[Identifier]:
    """The identifiers a tag sequence marks; an I- tag after another kind starts a span of its own."""
    found: list[Identifier] = []
    for (start, end, _), tag in zip(sequence, tags, strict=True):
        if tag == "O":
            continue
        kind = tag[2:]
        if tag.startswith("I-") and found and found[-1].kind == kind:
            found[-1] = Identifier(found[-1].start, end, kind)
        else:
            found.append(Identifier(start, end, kind))
    return found


class PiiTagger:
    """The trained CRF. One tagging at a time: crfsuite's tagger keeps its state between calls."""

    def __init__(self, path: Path = PII_MODEL_PATH) -> None:
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(path))
        self._lock = threading.Lock()

    def identifiers(self, text: str) -> list[Identifier]:
        sequence = tokens(text)
        if not sequence:
            return []
        rows = features(sequence)
        with self._lock:
            tags = self._tagger.tag(rows)
        return spans_of(sequence, tags)


@cache
def shipped_tagger() -> PiiTagger:
    return PiiTagger()
