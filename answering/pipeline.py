"""The answering side end to end: guardrails → condense → retrieve → generate, with per-stage timings."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from time import perf_counter
from typing import TYPE_CHECKING

from answering.aspects import Aspect, speaking_to_the_aspect, speaks_to_asked, uncovered_aspect
from answering.cached_read import CachedRead
from answering.condense import compares_unnamed, previous_answer, question_read_with, read_together
from answering.conditions import (
    conditions_asked,
    conditions_besides_the_subject,
    names_the_subject,
    uncovered_condition,
)
from answering.embeddings import EmbeddingCache
from answering.extractive import GroundedAnswer, extractive_answer, side_by_side_answer
from answering.focus import (
    Focus,
    answered_by_naming,
    compared_sides,
    covered_part,
    defined_term,
    defines,
    defining_pattern,
    focus_of,
    must_be_named,
    naming_sentences,
    narrowing_pattern,
    quoted_text,
    renumbered,
    tells_apart,
    things_named,
    titled_subject,
    unnamed_focus,
)
from answering.generators import Generator, GeneratorError, build_generator
from answering.glossary import GLOSSARY_FILE, GlossaryEntry, load_glossary, terms_in
from answering.glossary_edits import DefinitionEdit, DefinitionSource, DefinitionsUnavailable, with_edits
from answering.grounding import ground
from answering.plain.decisions import CachedDecisions, DecisionSource
from answering.plain.versions import PlainVersion, restated, served_versions
from answering.prompts import load_prompt
from answering.retrieval import HybridRetriever, Retrieval
from answering.reviewed.library import LibrarySource, LibraryUnavailable, ReviewedEntry, ReviewedLibrary
from answering.schema import TOO_LONG, Answer, ChatTurn, ReviewedMark, Route, as_turns
from answering.sentences import split_sentences
from answering.settings import Settings, get_settings
from answering.store import SentenceVectorStore, content_terms, load_or_rebuild_bm25, open_collection
from answering.textspeak import spelled_out
from answering.vocabulary import (
    asked_part,
    asking_sentences,
    general_question,
    load_everyday_words,
    names_a_topic,
)

if TYPE_CHECKING:  # the router is imported when an assistant is built (from_settings)
    from answering.guardrails.router import Decision

log = logging.getLogger(__name__)

EXTRACTIVE = "extractive"
#: The most things of the last answer a comparison naming neither side is read with: a list of scans, not a page.
ANSWER_TERMS_READ = 3
_CITATION_RUN = re.compile(r"(?:\s*\[\d+\])+")


def readable_part(text: str, limit: int) -> str:
    """About ``limit`` characters of a message: its start and its end, where a long message says what is
    happening now. A megabyte of text must not hold up every patient behind it, and an emergency in either
    part is still answered as one, whatever the length."""
    if len(text) <= limit:
        return text
    return f"{text[: limit * 3 // 4]}\n{text[-(limit // 4) :]}"


@contextmanager
def _timed(timings: dict[str, float], stage: str):
    started = perf_counter()
    try:
        yield
    finally:
        timings[stage] = timings.get(stage, 0.0) + (perf_counter() - started) * 1000


class Assistant:
    """Answers one patient turn; holds the loaded models and indexes, so build it once per process."""

    def __init__(
        self,
        settings: Settings,
        router,
        retriever: HybridRetriever,
        generator: Generator | None = None,
        library: ReviewedLibrary | None = None,
    ) -> None:
        self.settings = settings
        self.router = router
        self.retriever = retriever
        self.generator = generator
        self.library = library
        self.plain_decisions: CachedDecisions | None = None
        self.glossary_edits: CachedRead[tuple[DefinitionEdit, ...]] | None = None

    def serve_reviewed_answers(self, source: LibrarySource) -> None:
        """Answer a question a nurse reviewed an answer for with that answer (``answering.reviewed``)."""
        cache = EmbeddingCache(max_entries=2_000)
        self.library = ReviewedLibrary(
            source,
            lambda texts: cache.embed(texts, threads=self.settings.torch_threads),
            self._glossary(),
            self.retriever.still_quotes,
            rest_after_failure_s=self.settings.review_spool_retry_s,
        )

    def follow_glossary_edits(self, source: DefinitionSource) -> None:
        """Explain hard words as nurses last defined them on the review page (``answering.glossary_edits``)."""
        self.glossary_edits = CachedRead(
            source.glossary_definitions,
            "Nurses' glossary definitions",
            DefinitionsUnavailable,
            self.settings.glossary_refresh_s,
            self.settings.review_spool_retry_s,
        )

    def follow_plain_decisions(self, source: DecisionSource) -> None:
        """Serve the plain versions as nurses last decided them on the review page (``answering.plain``)."""
        self.plain_decisions = CachedDecisions(
            source, self.settings.plain_refresh_s, self.settings.review_spool_retry_s
        )

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> Assistant:
        from answering.guardrails import Router

        settings = settings or get_settings()
        load_everyday_words()
        collection = open_collection(settings, create=False)
        sentences = SentenceVectorStore(open_collection(settings, kind=SentenceVectorStore.KIND))
        retriever = HybridRetriever(
            collection, load_or_rebuild_bm25(collection, settings), settings, sentences
        )
        retriever.bm25.vocabulary.load_word_forms()
        return cls(settings, Router.load(settings), retriever, build_generator(settings))

    def is_emergency(self, question: str, history: Sequence[ChatTurn | dict] = ()) -> bool:
        """The router's verdict alone (milliseconds): an emergency is answered even when nothing else is."""
        text = (question or "").strip()
        return bool(text) and self._route(text, as_turns(history)).route == Route.EMERGENCY

    def _route(self, text: str, turns: list[ChatTurn]) -> Decision:
        """The router's decision on the part of the message it reads (``readable_part``)."""
        return self.router.decide(readable_part(text, self.settings.max_question_chars), turns)

    def answer(self, question: str, history: Sequence[ChatTurn | dict] = ()) -> Answer:
        """The complete answer (the last of :meth:`stream`)."""
        final = None
        for final in self.stream(question, history):  # noqa: B007 (only the last one is wanted)
            pass
        assert final is not None
        return final

    def stream(self, question: str, history: Sequence[ChatTurn | dict] = ()) -> Iterator[Answer]:
        """Partial answers whose text grows, the last one complete with its citations."""
        started = perf_counter()
        timings: dict[str, float] = {}
        turns = as_turns(history)
        text = (question or "").strip()

        def reply(route: Route, body: str, reason: str, **fields) -> Answer:
            timings["total"] = (perf_counter() - started) * 1000
            return Answer(route=route, text=body, reason=reason, timings_ms=timings, **fields)

        if not text:
            yield reply(Route.OUT_OF_SCOPE, load_prompt("empty_question.md"), "empty question")
            return
        too_long = len(text) > self.settings.max_question_chars
        with _timed(timings, "guardrail"):
            decision = self._route(text, turns)
        if too_long and decision.route != Route.EMERGENCY:
            yield reply(Route.OUT_OF_SCOPE, load_prompt("too_long.md"), TOO_LONG)
            return
        if decision.route is not None:
            yield reply(decision.route, decision.message, decision.reason)
            return
        # "My mum has liver mets, what is TACE?" asks what TACE is; "…not her odds, but in general, what are
        # survival rates?" asks what survival rates are: the rest is context, which would drown the question.
        text = spelled_out(decision.asked or general_question(text) or text)  # "wat %" asks a proportion
        previous = question_read_with(text, turns)
        standalone = read_together(text, previous)
        if previous and compares_unnamed(text):
            standalone = self._with_what_was_answered(standalone, turns)
        reviewed = self._reviewed(text, previous)
        if reviewed is not None:
            yield reply(
                Route.ANSWERED,
                reviewed.answer,
                f"reviewed answer {reviewed.id}",
                note=decision.note,
                citations=reviewed.citations,
                glossary=terms_in(reviewed.answer, self._glossary()),
                reviewed=ReviewedMark(id=reviewed.id, reviewed_at=reviewed.reviewed_at),
                standalone_question=standalone,
            )
            return
        vocabulary = self.retriever.bm25.vocabulary
        uncovered = vocabulary.uncovered_terms(text)
        if uncovered:
            condition = next((c for c in conditions_asked(text) if set(uncovered) & set(c.split())), None)
            if condition is not None:  # name what is not covered: "my materials don't cover pancreatitis"
                message, reason = condition_not_covered(condition)
            else:
                message, reason = load_prompt("not_covered.md"), f"not in the corpus: {', '.join(uncovered)}"
            yield reply(Route.OUT_OF_SCOPE, message, reason)
            return
        query = self.search_query(standalone)
        with _timed(timings, "retrieval"):
            retrieval = self.retriever.retrieve(query)
        retrieved = [chunk.id for chunk in retrieval.chunks]
        # the words as retrieval reads them: "mdt" is the materials' "multidisciplinary team"
        lexical_match = retrieval.covers_terms(self.retriever.bm25.known_terms(content_terms(query)))
        if retrieval.best_cosine < self.settings.min_relevance and not lexical_match:
            yield reply(
                Route.OUT_OF_SCOPE,
                load_prompt("not_covered.md"),
                f"best passage cosine {retrieval.best_cosine:.2f}",
                standalone_question=standalone,
                retrieved_ids=retrieved,
            )
            return
        with _timed(timings, "generation"):
            for grounded, generator_name, final in self.generate(standalone, retrieval, lexical_match):
                if not final:  # the sentences of a model's answer that are grounded so far
                    yield Answer(
                        route=Route.ANSWERED, text=grounded.text, note=decision.note, generator=generator_name
                    )
        if grounded is not None and generator_name == EXTRACTIVE:
            grounded = self._naming_the_focus(standalone, retrieval, lexical_match, grounded)
            grounded = self._defining_the_subject(standalone, retrieval, lexical_match, grounded)
            grounded = self._side_by_side(standalone, retrieval, grounded)
        if grounded is None:
            yield reply(
                Route.OUT_OF_SCOPE,
                load_prompt("not_covered.md"),
                "no source sentence supports an answer",
                standalone_question=standalone,
                retrieved_ids=retrieved,
            )
            return
        condition = uncovered_condition(standalone, grounded.text, grounded.citations)
        if condition is not None:  # never text about one disease for a question about another
            message, reason = condition_not_covered(condition)
            yield reply(
                Route.OUT_OF_SCOPE, message, reason, standalone_question=standalone, retrieved_ids=retrieved
            )
            return
        focus = focus_of(standalone, self._glossary())
        quotes = [c.quote for c in sorted(grounded.citations, key=lambda c: c.n)]
        missing = uncovered_aspect(
            standalone if previous else asking_sentences(asked_part(text)),
            quotes,
            narrowing_pattern(focus, grounded.citations),
            named_only=must_be_named(focus),
        )
        if missing is not None:  # the topic is covered, the aspect asked is not: say so, and what they do say
            yield self._aspect_not_covered(
                standalone, focus, missing, grounded, reply, retrieved_ids=retrieved
            )
            return
        reason = self._not_an_answer(standalone, grounded, retrieval)
        if reason is not None:
            yield self._what_they_do_say(
                standalone,
                focus,
                grounded,
                reply,
                reason,
                bare=load_prompt("not_covered.md"),
                partly="question_partly_covered.md",
                retrieved_ids=retrieved,
            )
            return
        if generator_name == EXTRACTIVE:
            grounded = _on_the_aspect_asked(standalone, self._definition_only(standalone, grounded))
        if generator_name == EXTRACTIVE and self.settings.plain_language:
            grounded = restated(grounded, self._plain_versions())
        if generator_name == EXTRACTIVE:
            for partial in _growing_prefixes(grounded.text):
                yield Answer(route=Route.ANSWERED, text=partial, note=decision.note, generator=generator_name)
        yield reply(
            Route.ANSWERED,
            grounded.text,
            "answered from sources",
            note=decision.note,
            generator=generator_name,
            citations=grounded.citations,
            glossary=terms_in(grounded.text, self._glossary()),
            standalone_question=standalone,
            retrieved_ids=retrieved,
        )

    def search_query(self, question: str) -> str:
        """The question as retrieval reads it, typos corrected and lay words expanded. One that names neither the
        subject, nor another condition, nor a glossary term, nor any rarer word the corpus uses ("do people get
        symptoms early on?") asks about the materials' subject, so it is looked up with the subject's name."""
        subject = self.settings.subject
        if (
            subject
            and not names_the_subject(question)
            and not conditions_asked(question)
            and not focus_of(question, self._glossary())
            and not names_a_topic(question)
        ):
            question = f"{question} ({subject})"
        return self.retriever.bm25.vocabulary.normalize(question)

    def _reviewed(self, question: str, previous: str | None) -> ReviewedEntry | None:
        """The library's answer for the question, if any. The library is an extra: a database fault is logged
        and the question answered from the materials."""
        if self.library is None:
            return None
        try:
            return self.library.find(question, previous)
        except LibraryUnavailable as error:  # locked or down: expected in an outage, one line is enough
            log.warning("Reviewed-answer library unavailable (%s); answering from the materials", error)
        except Exception:
            log.exception("Reviewed-answer library failed; answering from the materials")
        return None

    def check_plain_versions(self) -> None:
        """Check the shipped plain versions now, at start-up: the first check loads the reference embedder
        (~10 s), which the first patient's answer paid before."""
        if self.settings.plain_language:
            served_versions(self.settings.corpus_dir, {})

    def _plain_versions(self) -> dict[str, PlainVersion]:
        """The plain versions to serve: the shipped ones as nurses last decided them; none while their
        decisions cannot be read yet (a version a nurse rejected must not come back in an outage)."""
        decisions = self.plain_decisions.current() if self.plain_decisions else {}
        return {} if decisions is None else served_versions(self.settings.corpus_dir, decisions)

    def _glossary(self) -> tuple[GlossaryEntry, ...]:
        """The shipped glossary with the nurses' latest definitions (the shipped ones until any are read)."""
        shipped = load_glossary(self.settings.corpus_dir / GLOSSARY_FILE)
        edits = self.glossary_edits.current() if self.glossary_edits else None
        return with_edits(shipped, edits) if edits else shipped

    def _with_what_was_answered(self, standalone: str, turns: list[ChatTurn]) -> str:
        """A comparison naming neither side ("which one is better at spotting tiny ones?") compares what the last
        answer named (CT, MRI, PET/CT), which the question before it ("what tests show liver mets?") may not name:
        up to ``ANSWER_TERMS_READ`` of those terms are added to what is searched. It had been declined as "the
        materials don't say which one is better", though they do."""
        named = [entry.term for entry, _ in things_named(previous_answer(turns), self._glossary())]
        return f"{standalone} ({', '.join(named[:ANSWER_TERMS_READ])})" if named else standalone

    def _definition_only(self, question: str, grounded: GroundedAnswer) -> GroundedAnswer:
        """ "What is ascites?" is answered by the sentences naming ascites, when some do: not its neighbours."""
        term = defined_term(question, self._glossary())
        kept = naming_sentences(term, grounded.citations) if term else []
        if not kept:
            return grounded
        return replace(grounded, text=quoted_text(kept), citations=kept)

    def _side_by_side(self, question: str, retrieval: Retrieval, grounded: GroundedAnswer) -> GroundedAnswer:
        """A comparison is answered with the best sentence naming each side, when both are named: chosen for the
        whole question, "difference between chemo and targeted therapy" got two targeted-therapy sentences and
        a TACE one that mentions chemotherapy in passing. Unchanged otherwise."""
        sides = compared_sides(question, self._glossary())
        if not sides:
            return grounded
        return side_by_side_answer(retrieval, self.settings, [side.pattern for side in sides]) or grounded

    def _naming_the_focus(
        self, question: str, retrieval: Retrieval, lexical_match: bool, grounded: GroundedAnswer
    ) -> GroundedAnswer:
        """The sentences chosen again among those naming what was asked about, when none chosen names it though
        they answer closely enough to be given ("ascites: what is it, and why does it happen…?" had been
        answered with why cancer reaches the liver, though a retrieved sentence names ascites). Unchanged when no
        retrieved sentence names it, or when the first choice is declined anyway: a reply already saying the
        materials do not answer gains nothing from a sentence that only shares a word ("diagnosis")."""
        unnamed = self._unnamed_focus(question, grounded)
        if unnamed is None or (grounded.support or 0.0) < self.settings.min_answer_support:
            return grounded
        naming = extractive_answer(retrieval, self.settings, lexical_match, naming=unnamed.entry.pattern)
        return naming or grounded

    def _defining_the_subject(
        self, question: str, retrieval: Retrieval, lexical_match: bool, grounded: GroundedAnswer
    ) -> GroundedAnswer:
        """A definition question about a cited document's subject ("What is (are) Colorectal Cancer?") is answered
        with the retrieved sentences saying what it is, when none chosen does: it had been given "Cancer that
        affects either of these organs may also be called colorectal cancer", and then declined for that."""
        subject = titled_subject(question, grounded.citations)
        if subject is None or any(defines(c.quote, subject) for c in grounded.citations):
            return grounded
        defining = extractive_answer(
            retrieval, self.settings, lexical_match, naming=defining_pattern(subject)
        )
        return defining or grounded

    def _unnamed_focus(self, question: str, grounded: GroundedAnswer) -> Focus | None:
        """``focus.unnamed_focus``, for questions naming no condition: those are the conditions check's
        (``uncovered_condition``), and a sentence naming one may be about another ("survival rate when breast
        cancer spreads" would be given the colorectal figure)."""
        if conditions_besides_the_subject(question):
            return None
        return unnamed_focus(question, self._glossary(), grounded.citations)

    def _not_an_answer(self, question: str, grounded: GroundedAnswer, retrieval: Retrieval) -> str | None:
        """Why sentences on the topic do not answer the question, or None: a definition question about a
        document none of whose sentences says what it is ("What is small intestine cancer?" answered with how it
        is staged), or, for a question that naming its subject does not answer, the best sentence scoring below the
        bar ("do you stay in overnight after TACE?") or none the answerability model thinks answers it ("…is it
        still breast cancer?" had been given what liver metastases are: the best P(answers) was 0.07)."""
        subject = titled_subject(question, grounded.citations)
        if subject and not any(defines(c.quote, subject) for c in grounded.citations):
            return f"no sentence says what {subject} is"
        unnamed = self._unnamed_focus(question, grounded)
        if unnamed is not None:
            return f"no cited sentence names {unnamed.words}"
        sides = compared_sides(question, self._glossary())
        if sides and not tells_apart(sides, _sentences_found(grounded, retrieval)):
            return f"no sentence found tells {sides[0].term} and {sides[1].term} apart"
        if answered_by_naming(question, self._glossary(), grounded.citations):
            return None
        if grounded.support is not None and grounded.support < self.settings.min_answer_support:
            return f"no sentence answers the question closely (support {grounded.support:.2f})"
        # A document's subject defined by a cited sentence answers "What is (are) X?", whatever the model says.
        if (
            subject is None
            and grounded.answering is not None
            and grounded.answering < self.settings.min_answering
        ):
            return f"no sentence answers what is asked (P(answers) {grounded.answering:.2f})"
        return None

    def _aspect_not_covered(
        self,
        question: str,
        focus: Focus | None,
        missing: Aspect,
        grounded: GroundedAnswer,
        reply: Callable[..., Answer],
        **fields,
    ) -> Answer:
        """ "My materials talk about TACE, but not its side effects", with what they do say about TACE: not a
        sentence speaking to an aspect the question asks, which would read as its answer ("how long can you live
        if they can't operate?" given the survival after surgery)."""
        return self._what_they_do_say(
            question,
            focus,
            replace(
                grounded, citations=[c for c in grounded.citations if not speaks_to_asked(question, c.quote)]
            ),
            reply,
            f"aspect not covered: {missing.name}",
            bare=load_prompt("aspect_not_covered.md").format(aspect=missing.label),
            partly="aspect_partly_covered.md",
            aspect=missing.label,
            **fields,
        )

    def _what_they_do_say(
        self,
        question: str,
        focus: Focus | None,
        grounded: GroundedAnswer,
        reply: Callable[..., Answer],
        reason: str,
        bare: str,
        partly: str,
        aspect: str = "",
        **fields,
    ) -> Answer:
        """Not an answer: the ``partly`` template with the cited sentences naming what was asked about, or the
        ``bare`` reply citing nothing when no sentence names it."""
        part = covered_part(focus, grounded.citations)
        if part is None:
            return reply(Route.OUT_OF_SCOPE, bare, reason, standalone_question=question, **fields)
        message = load_prompt(partly).format(focus=part.focus, aspect=aspect, sentences=part.text)
        return reply(
            Route.OUT_OF_SCOPE,
            message,
            reason,
            citations=part.citations,
            glossary=terms_in(part.text, self._glossary()),
            standalone_question=question,
            **fields,
        )

    def generate(
        self, question: str, retrieval: Retrieval, lexical_match: bool
    ) -> Iterator[tuple[GroundedAnswer | None, str, bool]]:
        """``(answer, generator name, final)``: the model's answer grounded as its sentences complete,
        then the final answer — the model's, grounded, or the extractive one if that fails.

        Raw model text is never shown: only sentences that survive grounding reach the patient. A
        shown partial answer may still be replaced by the extractive one if too little survives.
        """
        if self.generator is not None:
            try:
                written, complete = "", 0
                for delta in self.generator.stream(question, retrieval):
                    written += delta
                    finished = split_sentences(written)[:-1]  # the last one may still be growing
                    if len(finished) > complete:
                        complete = len(finished)
                        partial = ground(" ".join(finished), retrieval, self.settings)
                        if partial is not None:
                            yield partial, self.generator.name, False
                grounded = ground(written, retrieval, self.settings)
                if grounded is not None:
                    yield grounded, self.generator.name, True
                    return
                log.info("%s: grounding kept too little; extractive answer", self.generator.name)
            except GeneratorError as error:
                log.warning("%s; extractive answer", error)
        yield extractive_answer(retrieval, self.settings, lexical_match), EXTRACTIVE, True


def _sentences_found(grounded: GroundedAnswer, retrieval: Retrieval) -> list[str]:
    """The cited sentences and every sentence of the passages retrieved: what the materials found say."""
    passages = [chunk.record.text for chunk in (*retrieval.chunks, *retrieval.sentence_hits)]
    return [c.quote for c in grounded.citations] + [s for text in passages for s in split_sentences(text)]


def _on_the_aspect_asked(question: str, grounded: GroundedAnswer) -> GroundedAnswer:
    """Only the cited sentences that speak to the narrower aspect asked (``aspects.speaking_to_the_aspect``), when
    some do. After the checks, which read every chosen sentence: dropping one first could leave an uncovered aspect
    looking covered."""
    ordered = sorted(grounded.citations, key=lambda c: c.n)
    kept = speaking_to_the_aspect(question, [c.quote for c in ordered])
    if kept is None or len(kept) == len(ordered):
        return grounded
    citations = renumbered([ordered[i] for i in kept])
    return replace(grounded, text=quoted_text(citations), citations=citations)


def condition_not_covered(condition: str) -> tuple[str, str]:
    """The reply and reason for a question about a condition the materials do not cover."""
    message = load_prompt("condition_not_covered.md").format(condition=condition)
    return message, f"condition not covered: {condition}"


def _growing_prefixes(text: str) -> Iterator[str]:
    """The answer up to each citation marker but the last: what the page shows while it streams."""
    ends = [match.end() for match in _CITATION_RUN.finditer(text)]
    for end in ends[:-1]:
        yield text[:end]
