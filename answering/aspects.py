"""Which aspect a question asks about, and whether the chosen sentences speak to it.

A cited sentence about TACE is not an answer to "what are the side effects of TACE?": the topic is covered,
the aspect is not. Each aspect (``aspects.json``) has the words that ask for it and the words an answer needs
to hold to speak to it; when the answer holds none, the honest reply is that the materials do not say.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from answering.number_words import SMALL_NUMBERS, as_digits
from answering.sentences import speaking_with_references
from answering.stems import stems
from answering.typos import corrected_word, literal_words
from answering.vocabulary import words

ASPECTS_PATH = Path(__file__).resolve().parent / "aspects.json"
_WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class Aspect:
    name: str
    label: str  # for the reply: "My materials don't say … its side effects or risks"
    asked: re.Pattern[str]
    evidence: re.Pattern[str]  # words that speak to it: a feature of the answerability model
    #: What an answer must hold to count as speaking to it, when stricter than ``evidence``: a surgery sentence
    #: holds treatment words but does not say how pain is relieved. Kept apart so that the model's features stay
    #: those it was trained on.
    answered_by: re.Pattern[str]
    #: Only a sentence naming what the question asks about speaks to it (``uncovered_aspect``): how well one
    #: treatment works, or what it does to a patient, says nothing of another.
    of_the_focus: bool = False


@cache
def load_aspects(path: Path = ASPECTS_PATH) -> tuple[Aspect, ...]:
    return tuple(
        Aspect(
            row["name"],
            row["label"],
            re.compile(row["asked"]),
            re.compile(row["evidence"]),
            re.compile(row.get("answered_by", row["evidence"])),
            row.get("of_the_focus", False),
        )
        for row in json.loads(path.read_text(encoding="utf-8"))["aspects"]
    )


@dataclass(frozen=True)
class NamedEffects:
    """Symptoms and places of pain a "can it cause…?" question names, each of which the answer must name."""

    label: str  # "“{named}”", for "they don't say anything about “fever”"
    asked: re.Pattern[str]
    named: re.Pattern[str]
    #: The question's words -> phrases the materials use for them ("tired" -> ["fatigue"]).
    equivalents: dict[str, list[str]]


@cache
def load_named_effects(path: Path = ASPECTS_PATH) -> NamedEffects:
    row = json.loads(path.read_text(encoding="utf-8"))["named_effects"]
    return NamedEffects(row["label"], re.compile(row["asked"]), re.compile(row["named"]), row["equivalents"])


#: Aspects a leaflet gives a whole section, whose sentences answer without each holding the aspect's words:
#: "treat…", "diagnos…", "symptom" and "because" run through them, and a PDQ summary's stages, outlook and
#: clinical-trials sections list what "stage", "chance" or "trial" introduces. Trimming to the sentences holding
#: those words cut MedQuAD answers (overlap with the reference answers 0.156 -> 0.149), so they narrow no answer.
BROAD_ASPECTS = frozenset({"treatment", "diagnosis", "causes", "symptoms", "stages", "services", "outcomes"})


def speaking_to_the_aspect(question: str, sentences: list[str]) -> list[int] | None:
    """Which sentences (in reading order) speak to every narrower aspect the question asks, with the sentence
    before one that opens "These…" and the one after when it goes on ("These experts…"): "who decides what
    treatment is used?" is answered by the team sentence, not by the surgery sentences beside it. None when the
    question asks no narrower aspect or no sentence speaks to it."""
    asked = [aspect for aspect in asked_aspects(question) if aspect.name not in BROAD_ASPECTS]
    speaking = [all(aspect.answered_by.search(s.lower()) for aspect in asked) for s in sentences]
    if not asked or not any(speaking):
        return None
    return speaking_with_references(sentences, speaking, with_antecedents=True)


def speaks_to_asked(question: str, sentence: str) -> bool:
    """Whether the sentence speaks to some aspect the question asks."""
    return any(aspect.answered_by.search(sentence.lower()) for aspect in asked_aspects(question))


def _stems(text: str) -> set[str]:
    """Words of three letters or more, as stems, and the parts of hyphenated ones: "swelling" names "swell",
    "fevers" names "fever", "dark-colored urine" names "dark urine"."""
    return stems([part for word in words(text) for part in {word, *word.split("-")} if len(part) > 2])


def unnamed_effect(question: str, sentences: list[str]) -> Aspect | None:
    """The first symptom or place the question asks about ("can liver mets make your legs swell?") that no
    sentence names, as an aspect not covered; None when the question names none or every one is named. A list
    of symptoms without it does not say whether it is one."""
    effects = load_named_effects()
    text = question.lower()
    if not effects.asked.search(text):
        return None
    said = _stems(" ".join(sentences))
    for match in effects.named.finditer(text):
        phrase = match.group(0)
        ways = [phrase, *effects.equivalents.get(phrase, [])]
        if not any(_stems(way) <= said for way in ways):
            named = re.compile(re.escape(phrase))
            return Aspect("named_effect", effects.label.format(named=phrase), effects.asked, named, named)
    return None


_SPAN = re.compile(r"\b(\d+|" + "|".join(SMALL_NUMBERS) + r")[- ]?(year|yr|month)s?\b")


def _spans(text: str) -> set[str]:
    """ "5 year" for "five-year", "5yr", "5 years"."""
    return {f"{as_digits(n)} {'month' if unit == 'month' else 'year'}" for n, unit in _SPAN.findall(text)}


def unstated_span(question: str, sentences: list[str]) -> Aspect | None:
    """A time a question asks an outcome at ("10 year survival after resection") that no sentence gives a figure
    for, as an aspect not covered: the five-year survival rate is not the ten-year one."""
    if not any(aspect.name == "outcomes" for aspect in asked_aspects(question)):
        return None
    missing = sorted(_spans(question.lower()) - _spans(" ".join(sentences).lower()))
    if not missing:
        return None
    at = re.compile(re.escape(missing[0]))
    return Aspect("time_span", f"figures at {missing[0]}s", at, at, at)


@cache
def aspect_words() -> tuple[str, ...]:
    """The literal words of the aspect patterns ("symptoms", "recovery"), sorted so that ties between typo
    corrections resolve alike in every process: what a misspelt aspect word meant."""
    return tuple(sorted(literal_words(aspect.asked.pattern for aspect in load_aspects())))


@lru_cache(maxsize=1024)
def asked_aspects(question: str) -> tuple[Aspect, ...]:
    """The aspects the question asks, its misspelt aspect words read as meant ("symptons of liver mets")."""
    text = _WORD.sub(lambda match: corrected_word(match.group(0), aspect_words()), question.lower())
    return tuple(aspect for aspect in load_aspects() if aspect.asked.search(text))


def uncovered_aspect(
    question: str, sentences: list[str], focus: re.Pattern[str] | None = None, *, named_only: bool = False
) -> Aspect | None:
    """The first aspect the question asks that no sentence speaks to, or None.

    With a ``focus`` (what the question asks about: "Y-90"), named by some sentence, only the sentences naming
    it, or going on about it ("It uses…" right after one), count: a survival rate after surgery does not say
    how well Y-90 works. When no sentence names it, all count, except with ``named_only`` for the aspects that
    only a sentence about the focus itself can speak to (``Aspect.of_the_focus``: "survival rates after SIRT"
    given the figure after surgery); a liver leaflet's sentences speak of "liver surgery" as "surgery", so the
    caller sets it only for a focus other than the materials' subject.
    """
    naming = [focus.search(s) is not None for s in sentences] if focus is not None else []
    about = [sentences[i] for i in speaking_with_references(sentences, naming)] if any(naming) else sentences
    text = " ".join(about).lower()
    text_of_the_focus = text if any(naming) or not named_only else ""
    missing = next(
        (
            aspect
            for aspect in asked_aspects(question)
            if not aspect.answered_by.search(text_of_the_focus if aspect.of_the_focus else text)
        ),
        None,
    )
    return missing or unnamed_effect(question, about) or unstated_span(question, about)
