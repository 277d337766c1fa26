"""What the corpus has words for: corrects typos in questions and spots topics it does not cover.

Patients type "sympotms" and "mets"; retrieval does better on "symptoms" and "metastases". A
question that names something the corpus never mentions ("turmeric", "transplant") cannot be
answered from it, however close its other words are.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import cached_property, lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA
from wordfreq import top_n_list, zipf_frequency

from answering.list_files import content_lines
from answering.stems import stemmer, stems

_WORD = re.compile(r"[a-z][a-z0-9'’-]*[a-z0-9]|[a-z]")
_POSSESSIVE = re.compile(r"['’]s$")
_LAY_TERMS = Path(__file__).with_name("lay_terms.json")
_TOPIC_WORDS = Path(__file__).with_name("topic_words.txt")
_TYPO_MIN_LENGTH = 5
_TYPO_SCORE = 80
#: A word this long that starts a corpus word at most _SHORT_FORM_CUT letters longer is a form of it.
_SHORT_FORM_LENGTH = 5
_SHORT_FORM_CUT = 4
_TYPO_LENGTH_CHANGE = 2  # "oligometastatic" is not a typo of "metastatic"
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9-]{2,}\b")
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_POINTING_BACK = re.compile(
    r"\b(it|its|that|this|these|those|they|them|their|there|he|she|him|her|his)\b", re.IGNORECASE
)
#: "How common is it for…", "is it normal to…", "are there…": an "it" or "there" that points at nothing before.
_POINTING_AT_NOTHING = re.compile(
    r"\bhow (common|likely|rare|usual|often|normal|possible|safe|dangerous|painful|hard|easy) (is|was) it\b"
    r"(?=( \w+){0,2} (for|to|that)\b)"
    r"|\b(is|was|isnt|isn't) it (\w+ )?(common|normal|possible|usual|likely|unlikely|true|safe|rare|unusual|typical"
    r"|necessary|ok|okay|better|worse|easier|harder|hard|easy|dangerous|painful)\b(?=( \w+)? (for|to|that)\b)"
    r"|\b(is|are|was|were|isnt|arent|isn't|aren't) there\b|\bthere (is|are|was|were|isnt|arent|isn't|aren't)\b"
    r"|\bthere['’]s\b",
    re.IGNORECASE,
)
#: "…but in general, what…?": the question proper starts after the turn.
_GENERAL_TURN = re.compile(
    r"\b(in general( terms)?|generally( speaking)?|speaking generally|as a general rule)\b\s*[,:;—–-]*\s*",
    re.IGNORECASE,
)
_CODE = re.compile(r"[a-z]\d")  # "R0 resection", "T2 tumour": a letter and a digit name a grade or a stage
_SPECIFIC_WORD_ZIPF = 4.0  # rarer than this in everyday English: a topic word, not filler
_EVERYDAY_WORD_ZIPF = 4.5


def words(text: str) -> list[str]:
    """Lower-case words, a possessive "'s" dropped: "dad's" is the everyday "dad", not a word the corpus lacks."""
    return [_POSSESSIVE.sub("", word) for word in _WORD.findall(text.lower())]


def asked_part(message: str) -> str:
    """The closing question of a message that tells its context first, when it stands alone (no "it", "that" or
    "they" pointing back into the context); otherwise the whole message. A closing question turned general ("Not
    asking about his chances, but in general, what are survival rates after surgery?") is asked from the turn on:
    what comes before it is context, whatever it points at."""
    sentences = _sentences(message)
    general = _after_general_turn(sentences)
    if general is not None:
        return general
    if len(sentences) < 2 or not sentences[-1].rstrip().endswith("?") or points_back(sentences[-1]):
        return message
    return sentences[-1]


def asking_sentences(message: str) -> str:
    """The sentences of a message that ask: its questions and its last sentence. What the context before tells
    ("I have blood tests every few weeks.", "I was diagnosed with bowel cancer.") asks no aspect of its own."""
    sentences = _sentences(message)
    return " ".join(s for i, s in enumerate(sentences) if s.rstrip().endswith("?") or i == len(sentences) - 1)


def points_back(sentence: str) -> bool:
    """Whether the sentence points back at something told before it ("what is it?", "is that normal?"), not
    at nothing ("how common is it for bowel cancer to spread?", "what treatments are there?")."""
    return _POINTING_BACK.search(_POINTING_AT_NOTHING.sub(" ", sentence)) is not None


def general_question(message: str) -> str | None:
    """The question after a turn to the general in the closing sentence ("…but in general, what are survival
    rates after surgery?"), when it stands alone; else None."""
    return _after_general_turn(_sentences(message))


def _after_general_turn(sentences: list[str]) -> str | None:
    if not sentences or not sentences[-1].rstrip().endswith("?"):
        return None
    turn = list(_GENERAL_TURN.finditer(sentences[-1]))
    rest = sentences[-1][turn[-1].end() :] if turn else ""
    if len(_WORD.findall(rest.lower())) < 3 or points_back(rest):
        return None
    return rest


def _sentences(message: str) -> list[str]:
    return [sentence for sentence in _SENTENCE.split(message.strip()) if _WORD.search(sentence.lower())]


def names_a_topic(question: str) -> bool:
    """Whether the question uses a word rarer than everyday English, known to the corpus or not, typo or not
    ("neuroblastoma", "FOLFOX", "ascities"): it names its own topic."""
    return any(zipf_frequency(word, "en") < _SPECIFIC_WORD_ZIPF for word in words(question))


@lru_cache(maxsize=1)
def lay_terms() -> dict[str, str]:
    """Glossary of patient words → corpus words (``answering/lay_terms.json``)."""
    data = json.loads(_LAY_TERMS.read_text(encoding="utf-8"))
    return {key: value for key, value in data.items() if not key.startswith("_")}


def _lay_terms_in(text: str) -> list[str]:
    """The patient words and phrases of ``lay_terms`` that ``text`` uses, as whole words."""
    lowered = text.lower()
    return [term for term in lay_terms() if re.search(rf"\b{re.escape(term)}\b", lowered)]


@lru_cache(maxsize=1)
def _everyday_words() -> list[str]:
    return [w for w in top_n_list("en", 20000) if zipf_frequency(w, "en") >= _EVERYDAY_WORD_ZIPF]


@lru_cache(maxsize=1)
def _everyday_stems() -> frozenset[str]:
    return frozenset(stems(_everyday_words()))


def load_everyday_words() -> None:
    """Load the everyday-word list now (~1 s), at start-up, rather than in the first answer that needs it."""
    _everyday_stems()


def is_everyday_typo(word: str) -> bool:
    """ "waht", "diffrence": one or two slips away from a common English word."""
    allowed = 1 if len(word) <= 5 else 2
    return process.extractOne(word, _everyday_words(), scorer=OSA.distance, score_cutoff=allowed) is not None


@lru_cache(maxsize=1)
def topic_words() -> frozenset[str]:
    return frozenset(line.strip() for line in content_lines(_TOPIC_WORDS))


#: British spellings and their American forms: a patient's "coloured", "centre", "organise", "anaemia" or
#: "oesophagus" is a word the American-spelt materials use ("colored", "center", "organize", "anemia", "esophagus").
_BRITISH_SPELLINGS = (
    (re.compile(r"(?<=[a-z]{3})our(?=(ed|ing|s)?$)"), "or"),  # not "four", "hour", "your"
    (re.compile(r"(?<=[a-z]{4})(?<!w)is(?=(e|ed|es|ing|ation)$)"), "iz"),  # not "raise", "noise", "otherwise"
    (re.compile(r"(?<=[a-z]{2})tre(?=s?$)"), "ter"),
    (re.compile(r"^oe|(?<=[hmpcn])ae"), "e"),  # not "does", "aerobic"
)


def american_spelling(word: str) -> str:
    """The American spelling of a British-spelt word ("coloured" → "colored"), else the word itself."""
    for pattern, american in _BRITISH_SPELLINGS:
        word = pattern.sub(american, word)
    return word


class CorpusVocabulary:
    """The surface words of every chunk, with their counts."""

    def __init__(self, counts: dict[str, int]) -> None:
        self.counts = counts

    @classmethod
    def from_texts(cls, texts: list[str]) -> CorpusVocabulary:
        counter: Counter[str] = Counter()
        for text in texts:
            counter.update(words(text))
        return cls(dict(counter))

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.counts), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> CorpusVocabulary | None:
        try:
            return cls(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            return None

    @cached_property
    def _choices(self) -> list[str]:
        return [word for word in self.counts if len(word) >= _TYPO_MIN_LENGTH - 1]

    @cached_property
    def _stems(self) -> frozenset[str]:
        return frozenset(stems(list(self.counts)))

    @cached_property
    def _longer_forms(self) -> frozenset[str]:
        """The start of every corpus word, and each part of a hyphenated one: "lymph" of "lymphatic", "yttrium"
        of "yttrium-90"."""
        starts = {
            word[:length]
            for word in self.counts
            for length in range(_SHORT_FORM_LENGTH, len(word))
            if len(word) - length <= _SHORT_FORM_CUT
        }
        return frozenset(starts | {part for word in self.counts if "-" in word for part in word.split("-")})

    def load_word_forms(self) -> None:
        """Build the stems and word starts now (~150 ms for a 60,000-word corpus), at start-up, rather than in the
        first answer that needs them."""
        _ = self._stems, self._longer_forms

    def _known(self, word: str) -> bool:
        return word in self.counts or word.rstrip("s") in self.counts or f"{word}s" in self.counts

    def _uses_a_form_of(self, word: str) -> bool:
        """The corpus uses the word or another form of it: "removable" ("removed"), "lymph" ("lymphatic"),
        "yttrium" ("yttrium-90"), "commonest" ("common"), "coloured" ("dark-colored")."""
        spellings = {word, american_spelling(word)}
        forms = {
            form
            for spelt in spellings
            for form in (spelt, spelt.removesuffix("est"), spelt.removesuffix("er"))
        }
        return any(self._known(form) for form in forms) or any(
            stemmer().stemWord(spelt) in self._stems
            or (len(spelt) >= _SHORT_FORM_LENGTH and spelt in self._longer_forms)
            for spelt in spellings
        )

    def _of_known_parts(self, word: str) -> bool:
        """A hyphenated word whose every part the corpus uses or is everyday English: "pet-ct" (the corpus writes
        "PET/CT"), "ct-based"."""
        parts = [part for part in word.split("-") if part]
        return len(parts) > 1 and all(
            self._uses_a_form_of(self.correct(part)) or zipf_frequency(part, "en") >= _EVERYDAY_WORD_ZIPF
            for part in parts
        )

    def correct(self, word: str) -> str:
        """The corpus word a misspelt word most likely meant, or the word itself."""
        if self._known(word) or len(word) < _TYPO_MIN_LENGTH or not self._choices:
            return word
        choices = [choice for choice in self._choices if abs(len(choice) - len(word)) <= _TYPO_LENGTH_CHANGE]
        match = process.extractOne(word, choices, scorer=fuzz.ratio, score_cutoff=_TYPO_SCORE)
        return match[0] if match else word

    def normalize(self, question: str) -> str:
        """Glossary expansions and typo corrections appended, so the original wording still counts."""
        extra = [lay_terms()[term] for term in _lay_terms_in(question)]
        for word in words(question):
            corrected = self.correct(word)
            if corrected != word:
                extra.append(corrected)
        return f"{question} ({' '.join(extra)})" if extra else question

    def uncovered_terms(self, question: str) -> list[str]:
        """Specific words of the question that the corpus never uses, even allowing for typos. In a message that
        tells its context first, only the question's own words count when the question stands alone ("He's
        eating less… In general, what symptoms do people with cancer in the liver notice?")."""
        question = asked_part(question)
        glossary = lay_terms()
        acronyms = {match.lower() for match in _ACRONYM.findall(question)}
        # "off your food" is lost appetite, not a question about food
        in_lay_phrases = {
            word for phrase in _lay_terms_in(question) if " " in phrase for word in phrase.split()
        }
        return [
            word
            for word in words(question)
            if (len(word) >= 3 or _CODE.fullmatch(word))
            and word not in glossary
            and word not in in_lay_phrases
            and not self._uses_a_form_of(self.correct(word))
            and not self._of_known_parts(word)
            and (
                word in topic_words() or word in acronyms or _CODE.fullmatch(word) or self._is_specific(word)
            )
        ]

    @staticmethod
    def _is_specific(word: str) -> bool:
        """Rarer than everyday English ("stent", "oligometastatic"), no rarer form of an everyday word
        ("varieties", "noticeable") and no typo of one: a typo we could not fix is not a topic."""
        return (
            zipf_frequency(word, "en") < _SPECIFIC_WORD_ZIPF
            and stemmer().stemWord(word) not in _everyday_stems()
            and not is_everyday_typo(word)
        )
