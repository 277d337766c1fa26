"""One wording for what a question names and asks, so that the matcher compares meanings, not spellings.

Patients write "liver mets", "secondary liver cancer", "SIRT", "asites" and "side efects" for what a nurse's
reviewed question calls "liver metastases", "Y-90", "ascites" and "side effects". Both sides of a comparison
are rewritten the same way before the matcher looks at them:

- misspelt words (not English words, at least ``typos.TYPO_MIN_LENGTH`` letters) are corrected to the closest word of
  the glossary and of the aspect patterns, when one is a slip or two away;
- every glossary variant stands for its entry's term, the longest variant first ("radiofrequency ablation" is
  RFA, not also "ablation"); an entry whose definition says it is "another name for" another entry's variant
  stands for that entry ("secondary liver cancer" is "liver metastases");
- a term another named term's definition uses adds nothing ("RFA for liver tumors": RFA's definition says
  tumor), nor does the product's subject, liver metastases, which every question is about.

Everything is derived from the glossary, ``answering/aspects.json``, ``answering/conditions.json`` and the chat
shorthand list (``answering/textspeak.tsv``); nothing is written for the pair set but the two real-word slips of
``_SLIPS``, three wordings of ``QUALIFIERS`` ("what happens in", "and no", side effects being after), asking who,
where or about use together, and the aspects one asked inside another takes in (``ABSORBED_BY``), seen in training pairs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from wordfreq import zipf_frequency

from answering.aspects import asked_aspects, aspect_words
from answering.conditions import conditions_asked, particular_conditions
from answering.glossary import GlossaryEntry
from answering.textspeak import spelled_out
from answering.typos import corrected_word, literal_words

#: A condition's modifier this common is filler ("if cancer", "show metastases"), not a site ("bone cancer").
FILLER_ZIPF = 5.0
#: The product's subject: every question is about it, named or not ("what is TACE (for liver metastases)?").
SUBJECT = "liver metastases"
#: Real-word slips a spelling check cannot see, as patients type them.
_SLIPS = {"side affect": "side effect", "side affects": "side effects"}
_SLIP = re.compile(r"\b(" + "|".join(sorted(_SLIPS, key=len, reverse=True)) + r")\b")
_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
_SYNONYM = re.compile(r"\b(?:another name for|also called) (?:the )?([\w -]+)", re.IGNORECASE)
#: What a question pins down besides the things and the aspect it names: the paraphrases of one question share
#: these, while near misses of the labelled pairs differ by exactly one ("chemotherapy before / after liver surgery",
#: "survival after / without surgery", "how long does an MRI take / to get MRI results", "how long does TACE take
#: / take to work", "why do liver mets cause jaundice / how is it treated"). A paraphrase rarely turns a question
#: into one about who or where, or about two treatments used together, while a near miss does ("which cancers
#: spread to the liver / where does it spread next", "what is palliative care / who provides it", "the difference
#: between TACE and Y-90 / can they be used together").
QUALIFIERS = {
    "before": re.compile(r"\b(before|prior to|ahead of|beforehand)\b"),
    "after": re.compile(r"\b(after|afterwards|following|has finished|finished)\b"),
    "during": re.compile(r"\b(during|while)\b|\bhappens? (in|at|when)\b"),
    "without": re.compile(r"\b(without|instead of|rather than|not having|refus\w+)\b|\b(and|with) no\b"),
    "why": re.compile(r"\bwhy\b|\bwhat causes\b|\bhow come\b"),
    "who": re.compile(r"\bwho\b|\bwhom\b"),
    "where": re.compile(r"\bwhere\b"),
    "together": re.compile(r"\btogether\b|\bcombin\w*|\bat the same time\b|\balongside\b"),
    "results": re.compile(r"\bresults?\b"),
    "to work": re.compile(r"\bto (work|take effect|kick in)\b"),
}
#: Aspects that carry a qualifier themselves: recovering from surgery is after it, said or not, and so are side
#: effects ("side effects of TACE" asks what "side effects after TACE" asks).
QUALIFIER_OF_ASPECT = {"recovery": "after", "side_effects": "after"}
#: Aspects another one asked beside them takes in: how long recovery takes asks about recovery, which symptoms
#: mean calling the team asks when to get help, who decides the treatment (or which is best) asks who decides, and
#: whether it is safe to drink or exercise asks about drinking or exercise.
ABSORBED_BY = {
    "recovery": {"duration"},
    "when_to_get_help": {"symptoms"},
    "who_decides": {"better", "treatment"},
    "diet_lifestyle": {"side_effects"},
}


@dataclass(frozen=True)
class Terms:
    """The glossary's variants and the term each stands for."""

    variants: re.Pattern[str]  # any variant, the longest first
    term_of: dict[str, str]  # variant -> the term it stands for
    vocabulary: tuple[str, ...]  # the words a typo is corrected to


@dataclass(frozen=True)
class Wording:
    """What the rewriting needs, built once per glossary."""

    terms: Terms
    implied: dict[str, frozenset[str]]  # term -> the other terms its definition uses (TACE: tumor)
    glossary_words: frozenset[str]


@dataclass(frozen=True)
class Asked:
    """What a question asks, as the matcher compares it."""

    text: str  # lower case, typos corrected, each glossary variant replaced by its term: what is embedded
    named: frozenset[str]
    aspects: frozenset[str]  # aspect labels: two aspects with one label ask one thing
    conditions: frozenset[str]  # other conditions or sites it names ("bone metastases", "cirrhosis")
    qualifiers: frozenset[str]  # the ``QUALIFIERS`` it has: when, without, why, results, to work


@lru_cache(maxsize=4)
def wording_for(glossary: tuple[GlossaryEntry, ...]) -> Wording:
    term_of = {variant.lower(): same_as(entry, glossary) for entry in glossary for variant in entry.variants}
    longest_first = sorted(term_of, key=len, reverse=True)
    variants = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, longest_first)) + r")(?![\w-])")
    terms = Terms(variants, term_of, tuple(sorted(vocabulary(glossary))))
    implied = {
        term_of[entry.variants[0].lower()]: terms_named(corrected(entry.definition, terms), terms)
        - {term_of[entry.variants[0].lower()]}
        for entry in glossary
    }
    return Wording(terms, implied, frozenset(word for variant in term_of for word in variant.split()))


def same_as(entry: GlossaryEntry, glossary: tuple[GlossaryEntry, ...]) -> str:
    """The term ``entry`` stands for: another entry's, when its definition says it is another name for it."""
    match = _SYNONYM.search(entry.definition)
    if match is None:
        return entry.term
    named = match.group(1).strip().lower()
    return next(
        (other.term for other in glossary if other is not entry and named in other.variants), entry.term
    )


def vocabulary(glossary: tuple[GlossaryEntry, ...]) -> set[str]:
    """The glossary's words and the literal words of the aspect patterns: what a typo most likely meant."""
    return literal_words([variant for entry in glossary for variant in entry.variants]) | set(aspect_words())


def corrected(question: str, terms: Terms) -> str:
    """The question's words in lower case, chat shorthand spelled out ("y do u" is "why do you", as the rest of
    the product reads it), typos corrected."""
    words = _WORD.findall(spelled_out(question).lower())
    text = " ".join(corrected_word(word, terms.vocabulary, terms.term_of) for word in words)
    return _SLIP.sub(lambda match: _SLIPS[match.group(0)], text)


def terms_named(text: str, terms: Terms) -> frozenset[str]:
    """The glossary terms a corrected question names, a variant inside a longer one not counted."""
    return frozenset(terms.term_of[match.group(1)] for match in terms.variants.finditer(text))


def named_things(text: str, wording: Wording) -> frozenset[str]:
    """The terms a corrected question asks about: not the subject, nor what another term's definition uses."""
    named = terms_named(text, wording.terms) - {wording.terms.term_of[SUBJECT]}
    return named - {implied for term in named for implied in wording.implied.get(term, ())}


def other_conditions(text: str, wording: Wording) -> frozenset[str]:
    """The conditions other than the subject a corrected question names ("bone metastases", "cirrhosis"); a
    modifier that is filler or a glossary word ("if cancer", "targeted cancer") is no condition."""
    found = set()
    for phrase in conditions_asked(text):
        for condition in particular_conditions(phrase):
            modifier, *head = condition.split()
            if not head or (
                modifier not in wording.glossary_words and zipf_frequency(modifier, "en") < FILLER_ZIPF
            ):
                found.add(condition)
    return frozenset(found)


def asked(question: str, glossary: tuple[GlossaryEntry, ...]) -> Asked:
    """What ``question`` asks, worded as any other question asking it would be."""
    wording = wording_for(glossary)
    text = corrected(question, wording.terms)
    aspects = asked_aspects(text)
    names = {aspect.name for aspect in aspects}
    absorbed = {name for asked_name in names for name in ABSORBED_BY.get(asked_name, ())}
    aspects = [aspect for aspect in aspects if aspect.name not in absorbed]
    qualifiers = {name for name, pattern in QUALIFIERS.items() if pattern.search(text)}
    return Asked(
        wording.terms.variants.sub(lambda match: wording.terms.term_of[match.group(1)].lower(), text),
        named_things(text, wording),
        frozenset(aspect.label for aspect in aspects),
        other_conditions(text, wording),
        frozenset(
            qualifiers | {QUALIFIER_OF_ASPECT[a.name] for a in aspects if a.name in QUALIFIER_OF_ASPECT}
        ),
    )
