"""Is a plain version faithful to its source sentence? Checked before anyone may approve it, and again before
it is shown.

A plain version says the same thing in everyday words. It is rejected when it:

- changes, drops or adds a number, unit or percentage ("50%", "five-year", "half");
- drops a name the source uses (a treatment, test, drug, condition or abbreviation: glossary terms other than
  the plain-word ones in ``replaceable.txt``, upper-case abbreviations, and the body parts and materials of
  ``named.txt``), or names one the source does not;
- flips a negation, or takes the opposite side of a direction the source states (``polarity.txt``:
  impair/improve, increase/decrease, before/after, often/rarely, …), moves where something comes from ("from
  the intestines" → "from the liver"), or adds a claim word the source lacks (``claims.txt``: always, only,
  safe, cure, …) or a time ("within days");
- adds a sentence its source does not support (neither its cosine to the source reaches
  ``MIN_SENTENCE_COSINE`` nor half its content words are in the source or the glossary's definitions of it);
- drifts in meaning: its embedding cosine to the source is below ``MIN_COSINE`` (just under the lowest shipped
  version's; ``python -m evals plain`` reports both sides' cosines and what each check rejects of the
  deliberately unfaithful versions in ``tests/data/unfaithful_plain.jsonl``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from answering.glossary import GlossaryEntry, entries_in
from answering.list_files import content_lines
from answering.sentences import split_sentences
from answering.stems import stems

HERE = Path(__file__).resolve().parent
#: Below this cosine (fp32 MiniLM) a plain version has drifted from its source.
MIN_COSINE = 0.70
#: Each sentence of a plain version must be this close to its source on its own, or hold this share of content
#: words its source (or the glossary's definitions of the source's terms) holds: an added sentence ("It takes
#: only a few minutes.") does neither.
MIN_SENTENCE_COSINE = 0.50
MIN_CONTAINED = 0.5
_TIME_UNITS = re.compile(r"\b(?:second|minute|hour|day|week|month|year|decade)s?\b|\bonce\b|\bdaily\b", re.I)

_NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
    "nine": "9", "ten": "10", "twelve": "12", "twenty": "20", "fifty": "50", "hundred": "100", "half": "1/2",
    "quarter": "1/4", "twice": "x2", "double": "x2", "single": "1", "dual": "2",
}  # fmt: skip
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?|\b(?:" + "|".join(_NUMBER_WORDS) + r")\b", re.IGNORECASE)
_ABBREVIATION = re.compile(r"(?<![\w-])[A-Z][A-Z0-9]*(?:[/-][A-Z0-9]+)*[A-Z0-9](?![\w-])")
_NEGATION = re.compile(
    r"\b(?:no|not|never|none|nothing|without|cannot|can't|don't|doesn't|isn't|aren't|won't|unable)\b|n't\b"
    r"|\b(?:un|non-?)[a-z]{4,}|\binoperable\b",
    re.IGNORECASE,
)


Embed = Callable[[list[str]], np.ndarray]


def embedded_once(texts: list[str], embed: Embed) -> Embed:
    """An ``Embed`` that looks up ``texts`` (and the sentences of each) embedded in one batch: checking many
    rows embeds each text once instead of calling the model row by row."""
    every = sorted({piece for text in texts for piece in (text, *split_sentences(text))})
    known = dict(zip(every, embed(every), strict=True)) if every else {}
    return lambda batch: np.stack([known[text] if text in known else embed([text])[0] for text in batch])


@dataclass(frozen=True)
class PlainCheck:
    problems: tuple[str, ...]
    cosine: float

    @property
    def faithful(self) -> bool:
        return not self.problems


def check_plain(
    source: str, plain: str, glossary: tuple[GlossaryEntry, ...], embed: Embed, previous: str = ""
) -> PlainCheck:
    """Every problem found. ``embed`` returns unit vectors (the fp32 reference embedder in the product);
    ``previous``: the source sentence before this one, which a "This…" sentence may name."""
    sentences = split_sentences(plain)
    vectors = embed([source, plain, *sentences])
    cosine = float(np.dot(vectors[0], vectors[1]))
    explained = source + " " + " ".join(e.definition for e, _ in entries_in(source, glossary))
    problems = [
        *_numbers(source, plain),
        *_names(source, plain, glossary, f"{explained} {previous}"),
        *_polarity(source, plain),
        *_directions(source, plain),
        *_claims(source, plain),
    ]
    if cosine < MIN_COSINE:
        problems.append(f"meaning drifted (cosine {cosine:.2f} < {MIN_COSINE})")
    if len(sentences) > 1:
        known = _stems(f"{explained} {previous}")
        for sentence, vector in zip(sentences, vectors[2:], strict=True):
            stems = _stems(sentence)
            contained = len(stems & known) / len(stems) if stems else 1.0
            if float(np.dot(vectors[0], vector)) < MIN_SENTENCE_COSINE and contained < MIN_CONTAINED:
                problems.append(f"says something the source does not: {sentence!r}")
    return PlainCheck(tuple(problems), cosine)


def _numbers_in(text: str) -> list[str]:
    return sorted(_NUMBER_WORDS.get(n.lower(), n.replace(",", ".")) for n in _NUMBER.findall(text))


def _numbers(source: str, plain: str) -> list[str]:
    problems = [] if _numbers_in(source) == _numbers_in(plain) else ["a number was changed, dropped or added"]
    units = {u.lower().rstrip("s") for u in _TIME_UNITS.findall(plain)} - {
        u.lower().rstrip("s") for u in _TIME_UNITS.findall(source)
    }
    return problems + [f"adds a time ({unit!r})" for unit in sorted(units)]


def _claims(source: str, plain: str) -> list[str]:
    """ "always", "safe", "cure": a claim the source does not make in its own words."""
    source_words, plain_words = _words(source), _words(plain)
    return [
        f"adds the claim {sorted(plain_words & claim)[0]!r}"
        for claim, licensed_by in _claim_words()
        if plain_words & claim and not source_words & licensed_by
    ]


@cache
def _claim_words() -> tuple[tuple[frozenset[str], frozenset[str]], ...]:
    rows = []
    for line in _lines("claims"):
        claim, licensed_by = line.split(":")
        rows.append((_comma_set(claim), _comma_set(licensed_by)))
    return tuple(rows)


def _comma_set(text: str) -> frozenset[str]:
    return frozenset(word.strip() for word in text.split(",") if word.strip())


def _stems(text: str) -> set[str]:
    words = [w for w in _words(text) if w not in ENGLISH_STOP_WORDS and len(w) > 2]
    return stems(words)


def _names(source: str, plain: str, glossary: tuple[GlossaryEntry, ...], allowed: str) -> list[str]:
    """Every name of ``source`` kept; none added but those of ``allowed``: the glossary's definitions of the
    source's terms ("minimally invasive": "through a needle or a small cut") and the sentence before, which a
    "This…" sentence may name."""
    replaceable = _word_set("replaceable")
    named = [entry for entry in glossary if entry.term.lower() not in replaceable]
    in_source = {entry.term for entry, _ in entries_in(source, tuple(named))}
    in_plain = {entry.term for entry, _ in entries_in(plain, tuple(named))}
    in_allowed = {entry.term for entry, _ in entries_in(allowed, tuple(named))}
    abbreviations_source, abbreviations_plain = (
        set(_ABBREVIATION.findall(source)),
        set(_ABBREVIATION.findall(plain)),
    )
    problems = [f"drops {name!r}" for name in sorted(in_source - in_plain)]
    problems += [
        f"names {name!r}, which the source does not" for name in sorted(in_plain - in_source - in_allowed)
    ]
    problems += [f"drops {name!r}" for name in sorted(abbreviations_source - abbreviations_plain)]
    problems += [f"adds {name!r}" for name in sorted(abbreviations_plain - abbreviations_source)]
    source_words, plain_words, allowed_words = _words(source), _words(plain), _words(allowed)
    for name, aliases in _named_things():
        if name in source_words and not plain_words & aliases:
            problems.append(f"drops {name!r}")
        if name in plain_words and not (source_words | allowed_words) & aliases:
            problems.append(f"adds {name!r}")
    return problems


@cache
def _named_things() -> tuple[tuple[str, frozenset[str]], ...]:
    """``named.txt``: each name with the words that count as naming it ("surgery": "surgical", "operation", …;
    "abdomen": "belly"), in the source or, for a name the source uses, in the plain version."""
    rows = []
    for line in _lines("named"):
        name, _, aliases = line.partition(":")
        rows.append((name.strip(), _comma_set(aliases) | {name.strip()}))
    return tuple(rows)


def _polarity(source: str, plain: str) -> list[str]:
    problems = []
    if bool(_NEGATION.search(source)) != bool(_NEGATION.search(plain)):
        problems.append("a negation was added or dropped")
    source_words, plain_words = _words(source), _words(plain)
    for side_a, side_b in _polar_pairs():
        for this, other in ((side_a, side_b), (side_b, side_a)):
            if plain_words & other and not source_words & other and source_words & this:
                problems.append(f"says {sorted(plain_words & other)[0]!r} where the source says "
                                f"{sorted(source_words & this)[0]!r}")  # fmt: skip
    return problems


def _directions(source: str, plain: str) -> list[str]:
    """ "blood from the intestines to the liver" must not become "from the liver to the gut": what follows
    "from" in the plain version must be something that follows "from" in the source (when the source has one)."""
    origins = _after_from(source)
    if not origins:
        return []
    return [
        f"moves where something comes from ({' '.join(sorted(words))!r})"
        for words in map(set, _after_from_each(plain))
        if words and not words & origins
    ]


def _after_from_each(text: str) -> list[list[str]]:
    return [
        list(_stems(" ".join(match.group(1).split()[:3])))
        for match in re.finditer(r"\bfrom\b((?:\s+[\w'-]+){1,6})", text.lower())
    ]


def _after_from(text: str) -> set[str]:
    return {stem for words in _after_from_each(text) for stem in words}


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+(?:'[a-z]+)?", text.lower()))


@cache
def _polar_pairs() -> tuple[tuple[frozenset[str], frozenset[str]], ...]:
    pairs = []
    for line in _lines("polarity"):
        side_a, side_b = line.split("|")
        pairs.append((frozenset(side_a.split(",")), frozenset(side_b.split(","))))
    return tuple(pairs)


@cache
def _word_set(name: str) -> frozenset[str]:
    return frozenset(word.lower() for word in _lines(name))


def _lines(name: str) -> list[str]:
    return [line.strip() for line in content_lines(HERE / f"{name}.txt")]
