"""Read an answer against the corpus it came from: plain words as the source sentences they restate, where the
faithfulness checks allow, and which hard words the glossary explains.

The fact check and citation support look for the source's own words ("accumulation of fluid"), which a plain
version says in others on purpose ("fluid builds up in the belly"): read as written, a faithful restatement fails
both. The product serves a plain version only when ``answering/plain/checks.py`` finds it keeps every number,
name, negation and direction of its source sentence (and ``python -m evals plain`` measures those checks on
deliberately unfaithful versions). So here an answer sentence that is part of its cited quote's plain version
stands for that quote — only after the same checks pass again for the pair. A plain text they reject is read as
written, and fails the rulers as it should.

A hard word is one rarer than Zipf 3.0 in everyday English, or an abbreviation in capitals; it is explained when
a glossary entry the answer names (as the page lists them) has it among its variants.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from wordfreq import zipf_frequency

from answering.glossary import GLOSSARY_FILE, GlossaryEntry, entries_in, load_glossary
from answering.plain.versions import PLAIN_SUFFIX, previous_sources, read_rows, version_check
from answering.sentences import comparable, split_sentences
from answering.vocabulary import words
from evals.citation_support import answer_sentences, cited_numbers
from evals.text_metrics import strip_markers

HARD_ZIPF = 3.0  # rarer than this in everyday English: a word a patient may not know
_ABBREVIATION = re.compile(r"\b[A-Z][A-Z0-9-]*[A-Z0-9]\b")


def hard_words(text: str) -> set[str]:
    """Words rarer than ``HARD_ZIPF`` and abbreviations in capitals, lower-cased ("the liver's" → "liver")."""
    bare = {re.sub(r"['’]s$", "", word) for word in words(text)}
    rare = {word for word in bare if zipf_frequency(word, "en") < HARD_ZIPF and not word.isdigit()}
    return rare | {abbreviation.lower() for abbreviation in _ABBREVIATION.findall(text)}


def unexplained_by(text: str, entries: tuple[GlossaryEntry, ...]) -> set[str]:
    """The hard words of ``text`` that none of ``entries`` has among its variants."""
    explained = " ".join(variant for entry in entries for variant in entry.variants)
    return {word for word in hard_words(text) if not re.search(rf"(?<![\w-]){re.escape(word)}", explained)}


class CorpusReader:
    """Reads restated sentences as their sources, checking each (quote, plain version) pair once, and finds the
    hard words the corpus's glossary leaves unexplained."""

    def __init__(self, corpus_dir: Path) -> None:
        self.corpus_dir = corpus_dir
        self.glossary = load_glossary(corpus_dir / GLOSSARY_FILE)
        self._previous: dict[str, str] = {}
        for path in sorted(corpus_dir.glob(f"*{PLAIN_SUFFIX}")) if corpus_dir.is_dir() else []:
            rows = read_rows(path)
            self._previous.update(
                (comparable(row.source), previous)
                for row, previous in zip(rows, previous_sources(rows), strict=True)
            )

    def faithful(self, quote: str, plain: str) -> bool:
        """Whether ``plain`` passes the product's faithfulness checks against ``quote``."""
        previous = self._previous.get(comparable(quote), "")
        return version_check(self.corpus_dir, quote, plain, previous).faithful

    def as_sources_say(self, answer: str, citations: Sequence[Mapping]) -> str:
        """The answer with each faithfully restated sentence replaced by its cited quote (once per quote, though
        a plain version may take several sentences); every other sentence as written."""
        quotes = {int(c["n"]): str(c["quote"]) for c in citations}
        plains = {int(c["n"]): str(c["plain"]) for c in citations if c.get("plain")}
        parts: list[str] = []
        read: set[int] = set()
        for sentence in answer_sentences(answer):
            claim = comparable(strip_markers(sentence))
            restated = next(
                (
                    n
                    for n in cited_numbers(sentence)
                    if n in plains
                    and claim in {comparable(s) for s in split_sentences(plains[n])}
                    and self.faithful(quotes[n], plains[n])
                ),
                None,
            )
            if restated is None:
                parts.append(sentence)
            elif restated not in read:
                parts.append(f"{quotes[restated]} [{restated}]")
                read.add(restated)
        return " ".join(parts)

    def unexplained(self, answer: str) -> set[str]:
        """The answer's hard words that no glossary entry it names (the page's "Words in this answer") covers."""
        text = strip_markers(answer)
        return unexplained_by(text, tuple(entry for entry, _ in entries_in(text, self.glossary)))
