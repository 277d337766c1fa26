"""What a question asks about (its *focus*), and what the materials say about it when not the aspect asked.

The focus is the first glossary term the question names, in the patient's own words ("TACE", "Y-90"). It
keeps the aspect check honest (a survival rate after surgery does not say how well Y-90 works), and when the
materials do not say the aspect asked ("What are the side effects of TACE?" of materials that only explain
what TACE is), the patient still gets what they hold about TACE, cited, beside a plain statement of what they
do not say.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from answering.aspects import asked_aspects
from answering.conditions import conditions_asked, name_pattern, name_words, names_the_subject
from answering.glossary import GlossaryEntry, entries_in
from answering.schema import Citation
from answering.sentences import opens_with_reference, speaking_with_references, words_only

#: A short reminder of what the materials hold, not a second answer.
MAX_SENTENCES = 2
#: What is left of "What is ascites?" or "TACE meaning" once the term is taken out: a request for a definition.
#: "How does TACE work?" is one too: what the materials say a treatment or test is, is how it works ("…involves
#: delivering a high dose of chemotherapy…"); it had been declined while showing that very sentence.
_DEFINITION_FRAME = re.compile(
    r"^((can|could|would) you |please )?"
    r"(what ?s|what (is|are|does)( are)?|define|meaning( of)?|definition( of)?|explained|how (does|do)"
    r"|(explain|describe|tell me)( to me)?( about| what( is| are| s)?)?)?"
    r"( (an?|the|it|that|this|that word))?"
    r"( (mean|means|stand for|meaning|explained|exactly|is|are|please|simply|to me|for me|actually|work"
    r"|in (simple|plain|easy|everyday|basic|lay) (words|terms|english|language)))*$"
)
#: A preposition left at either end once the terms are taken out ("ascites in liver mets" → "in").
_CONNECTIVE_ENDS = re.compile(r"^ (in|with|for|of|and|from) | (in|with|for|of|and|from) $")
_COMPARISON = re.compile(r"\b(differen\w*|compar\w*|vs|versus)\b")


@dataclass(frozen=True)
class Focus:
    entry: GlossaryEntry
    words: str  # as the question words it


@dataclass(frozen=True)
class CoveredPart:
    focus: str
    text: str  # the quoted sentences, each with its [n]
    citations: list[Citation]


def renumbered(citations: list[Citation]) -> list[Citation]:
    """Some of an answer's citations, numbered again from 1 in their order."""
    return [c.model_copy(update={"n": n}) for n, c in enumerate(citations, start=1)]


def quoted_text(citations: list[Citation]) -> str:
    """The cited sentences verbatim, each with its ``[n]``: an answer made of exactly these citations."""
    return " ".join(f"{c.quote} [{c.n}]" for c in citations)


def focus_of(question: str, glossary: tuple[GlossaryEntry, ...]) -> Focus | None:
    """The first glossary term the question names, passing over terms that only say what is asked about it:
    "survival rates after SIRT" asks about SIRT, not about survival rates."""
    named = entries_in(question, glossary)
    things = [(entry, words) for entry, words in named if not asked_aspects(words)] or named
    return Focus(*things[0]) if things else None


def narrowing_pattern(focus: Focus | None, citations: list[Citation]) -> re.Pattern[str] | None:
    """What a sentence must name to speak for the focus in the aspect check; None when there is no focus or the
    focus is what a cited document is about (its title): "Diagnosis relies heavily on imaging…" in the liver
    metastases leaflet is about liver metastases though it does not name them."""
    if focus is None or any(focus.entry.pattern.search(c.title) for c in citations):
        return None
    return focus.entry.pattern


def must_be_named(focus: Focus | None) -> bool:
    """Whether only sentences naming the focus can speak for it: not for the materials' own subject, which a
    liver leaflet's sentences speak of without naming ("liver secondaries", "liver surgery" as "surgery"), nor
    for the disease itself ("tumours"), but for SIRT, which a sentence about surgery does not speak of however
    close its words."""
    return focus is not None and not names_the_subject(focus.words) and not conditions_asked(focus.words)


def covered_part(focus: Focus | None, citations: list[Citation]) -> CoveredPart | None:
    """The cited source sentences that name the focus, renumbered from 1; None when none does. A sentence going
    on about something named before it ("This category includes traditional chemotherapy…") comes with the cited
    sentence of its passage before it, which says what "this" is, or not at all: alone it says nothing."""
    if focus is None:
        return None
    ordered = sorted(citations, key=lambda c: c.n)
    naming: list[Citation] = []
    for i, citation in enumerate(ordered):
        if focus.entry.pattern.search(citation.quote):
            naming.extend(c for c in _with_antecedents(ordered[: i + 1]) if c not in naming)
    if not naming:
        return None
    kept = renumbered(naming[:MAX_SENTENCES])
    return CoveredPart(focus.words, quoted_text(kept), kept)


def _with_antecedents(up_to: list[Citation]) -> list[Citation]:
    """The last citation with the ones before it of its passage that it needs ("These include…" after what they
    are), or nothing when it goes on about something no citation before it says."""
    start = len(up_to) - 1
    while opens_with_reference(up_to[start].quote):
        if not start or up_to[start - 1].chunk_id != up_to[start].chunk_id:
            return []
        start -= 1
    return up_to[start:]


def defined_term(question: str, glossary: tuple[GlossaryEntry, ...]) -> GlossaryEntry | None:
    """The glossary entry a definition question asks about ("what is ascites?", "TACE meaning", or searched for
    beside the materials' subject: "ascites liver metastases"), else None."""
    named = entries_in(question, glossary)
    besides = _besides_the_subject(named)
    if len(besides) != 1:
        return None
    rest = _left_over(question, named)
    if len(besides) < len(named):  # "ascites in liver mets": the subject's preposition goes with it
        rest = " ".join(_CONNECTIVE_ENDS.sub(" ", f" {rest} ").split())
    return besides[0][0] if _DEFINITION_FRAME.fullmatch(rest) else None


def _left_over(question: str, named: list[tuple[GlossaryEntry, str]]) -> str:
    """The question's words once the named terms are taken out."""
    rest = words_only(question)
    for _, words in named:
        rest = rest.replace(words_only(words), " ")
    return " ".join(rest.split())


def _asks_what_each_is(question: str, named: list[tuple[GlossaryEntry, str]]) -> bool:
    """ "what are ALT and AST?": several terms, each to be defined."""
    rest = " ".join(word for word in _left_over(question, named).split() if word != "and")
    return _DEFINITION_FRAME.fullmatch(rest) is not None


def _besides_the_subject(named: list[tuple[GlossaryEntry, str]]) -> list[tuple[GlossaryEntry, str]]:
    """The named entries other than the materials' subject ("liver mets"), or all of them when only it is named:
    beside another term it says where, not what."""
    besides = [(entry, words) for entry, words in named if not names_the_subject(words)]
    return besides if besides else named


def titled_subject(question: str, citations: list[Citation]) -> str | None:
    """The title of a cited document that a definition question asks about, whole ("What is (are) adult
    Hodgkin lymphoma?" of "Adult Hodgkin Lymphoma"), else None."""
    asked = words_only(question)
    for title in dict.fromkeys(c.title for c in citations if c.title):
        match = re.search(name_pattern(words_only(title)), asked)
        rest = " ".join((asked[: match.start()] + asked[match.end() :]).split()) if match else None
        if rest is not None and _DEFINITION_FRAME.fullmatch(rest):
            return title
    return None


def defines(sentence: str, subject: str) -> bool:
    """Whether the sentence says what ``subject`` is (``defining_pattern``)."""
    return defining_pattern(subject).match(sentence) is not None


@lru_cache(maxsize=64)
def defining_pattern(subject: str) -> re.Pattern[str]:
    """A sentence saying what ``subject`` is: it opens with it (its brackets may be left out: "Liver cancer is…" of
    "Liver (Hepatocellular) Cancer"), an aside may follow, then "is" or "are" (not a passive: "…of the choroid is grouped
    into four sizes" says no more what it is), "means", "occur(s) when", "form(s)"…
    ("Liver metastases, or secondary liver cancer, occur when…"). Case and punctuation aside, as ``words_only``."""
    verb = r"((is|are)(?![^a-z0-9]+[a-z]+ed\b)|refers to|means|occurs?|happens|describes|forms?|develops?|begins?|starts?)"
    gap = r"[^a-z0-9]+"
    names = [
        name_words(name, gap)
        for name in dict.fromkeys((words_only(subject), words_only(re.sub(r"\([^)]*\)", " ", subject))))
    ]
    return re.compile(
        rf"^[^a-z0-9]*((the|an?){gap})?({'|'.join(names)})({gap}[a-z0-9]+){{0,8}}?{gap}{verb}(?![a-z0-9])",
        re.IGNORECASE,
    )


def naming_sentences(entry: GlossaryEntry, citations: list[Citation]) -> list[Citation]:
    """The cited sentences naming ``entry``, each with a next one that goes on about it ("This…"), renumbered
    from 1: a definition answered with what the materials say the term is, not with its neighbours."""
    ordered = sorted(citations, key=lambda c: c.n)
    quotes = [c.quote for c in ordered]
    kept = speaking_with_references(quotes, [entry.pattern.search(q) is not None for q in quotes])
    return renumbered([ordered[i] for i in kept])


def answered_by_naming(question: str, glossary: tuple[GlossaryEntry, ...], citations: list[Citation]) -> bool:
    """A question whose answer is the sentences naming what it asks about, however weakly they score against
    it: a definition ("what is ascites?", "what are ALT and AST?") with a cited sentence naming each term, or a
    comparison ("how is TACE different from Y-90?") with a cited sentence naming each side."""
    named = _besides_the_subject(entries_in(question, glossary))
    quotes = [c.quote for c in citations]
    cited = [any(entry.pattern.search(q) for q in quotes) for entry, _ in named]
    if not named or not all(cited[:2]):
        return False
    if len(named) >= 2:
        return _COMPARISON.search(words_only(question)) is not None or (
            all(cited) and _asks_what_each_is(question, named)
        )
    return defined_term(question, glossary) is not None


def compared_sides(question: str, glossary: tuple[GlossaryEntry, ...]) -> list[GlossaryEntry]:
    """The two things a comparison question sets side by side ("how is TACE different from Y-90?"), or none.
    The materials' subject is no side: "liver mets vs primary liver cancer" compares it with what it is not."""
    if _COMPARISON.search(words_only(question)) is None:
        return []
    named = [entry for entry, _ in things_named(question, glossary)]
    return named[:2] if len(named) >= 2 else []


def tells_apart(sides: list[GlossaryEntry], sentences: list[str]) -> bool:
    """Whether the sentences can tell two compared things apart: some sentence naming one of them does not name
    the other too. For "RFA vs MWA?" the materials hold only "Ablation techniques, such as RFA and MWA, use
    heat…": they say the same of both, so not how they differ. True when no sentence names either (other checks
    then decide)."""
    naming = [text for text in sentences if any(side.pattern.search(text) for side in sides)]
    return not naming or any(not all(side.pattern.search(text) for side in sides) for text in naming)


def things_named(text: str, glossary: tuple[GlossaryEntry, ...]) -> list[tuple[GlossaryEntry, str]]:
    """The glossary terms ``text`` names other than the materials' subject, in order, each with the words used."""
    return [
        (entry, words)
        for entry, words in entries_in(text, glossary)
        if not names_the_subject(entry.term) and not names_the_subject(words)
    ]


def unnamed_focus(
    question: str, glossary: tuple[GlossaryEntry, ...], citations: list[Citation]
) -> Focus | None:
    """What the question asks about, when it names glossary terms and no cited sentence names any of them, else
    None: "ascites - what is it and why does it happen?" answered with why cancer reaches the liver, or "can an
    ultrasound detect liver metastases?" with sentences on scans in general. Terms for the materials' subject
    ("liver secondaries") and a cited document's title say nothing about the focus."""
    named = [Focus(entry, words) for entry, words in things_named(question, glossary)]
    spoken_of = any(f.entry.pattern.search(f"{c.title}\n{c.quote}") for f in named for c in citations)
    return named[0] if named and not spoken_of else None
