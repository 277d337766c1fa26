"""The extractive generator: an answer made only of verbatim source sentences, each one cited.

It cannot say anything the sources do not, which makes it the fallback for every other generator.
Sentences are scored against the question (embedding cosine, plus the retrieval score of their
passage and shared rare words), picked with maximal marginal relevance so that they do not repeat
each other, and put back in document order so that the answer reads as the source does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from answering.answerability.features import pair_features
from answering.answerability.model import load_model
from answering.aspects import asked_aspects
from answering.conditions import (
    names_another_primary_only,
    names_any,
    names_only_sites,
    particular_conditions,
    primary_sites_asked,
    primary_sites_set_aside,
    sites_named,
)
from answering.embeddings import EmbeddingCache
from answering.list_files import content_lines
from answering.operability import asks_about_inoperable, speaks_only_of_operable
from answering.retrieval import Retrieval, RetrievedChunk
from answering.schema import Citation
from answering.sentences import opens_with_reference, split_sentences, words_only
from answering.settings import Settings
from answering.stage import speaks_only_of_the_other_stage, stage_asked
from answering.vocabulary import asked_part

_CHUNK_WEIGHT = 0.6
_LEXICAL_WEIGHT = 0.15
_MMR_LAMBDA = 0.8
_NEAR_DUPLICATE = 0.9
#: P(answers) beside the cosine; chosen on the validation templates (more: precise, but fewer key sentences).
_ANSWER_WEIGHT = 0.25
#: A sentence scoring this far below the best one adds little. With the model retrained on 525 templates, 0.3 left
#: out "Diagnosis relies heavily on imaging…" (P 1.00, cosine 0.44, 0.36 below) from "how are liver metastases
#: diagnosed?"; 0.4 with the bar below 0.5, chosen together on the validation templates (a model fitted without
#: them): key recall 0.679 -> 0.682, precision 0.735 -> 0.764, complete answers 0.589 -> 0.615.
_KEEP_WITHIN = 0.4
#: When a sentence scoring within _LEAD_WITHIN of the best is this likely to answer, the first one must answer
#: too (P >= _FURTHER_ANSWERS), and the window above is measured from the best of those: "how are liver
#: metastases diagnosed?" opens with "Diagnosis relies on imaging…" (P 0.60, 0.31 below), not the closer-worded
#: "Liver metastases often cause no symptoms…" (P 0.02). Further down it would pick a stray (a TACE sentence,
#: P 0.51 but 0.38 below, for "how do doctors decide on treatment?"). No gold or unanswerable figure fell.
_LEAD_ANSWERS = 0.5
_LEAD_WITHIN = 0.35
#: A sentence after the first needs at least this P(answers): below it, it shares the topic but is padding. 0.2
#: was chosen on the odd-numbered gold items with the earlier, less certain model; the retrained one gives padding
#: 0.2-0.5 ("More pronounced symptoms can arise…", P 0.28, for "how are liver metastases diagnosed?"). Letting
#: a sentence holding the asked aspect's words pass too was tried: its padding answered uncovered aspects.
_FURTHER_ANSWERS = 0.5
#: A further sentence opening "This/These…" whose antecedent is not chosen brings it along: two sentences for
#: one, so it must clearly answer (chosen on the odd gold items like the bar above), and its antecedent must
#: answer as much as any further sentence: "These advanced approaches… convert inoperable metastases into
#: resectable ones" (P 0.81 for "can surgery cure liver metastases?") is about the immunotherapy sentence before
#: it (P 0.00), which it brought into four surgery answers. Precision rose on the odd and the even gold items
#: (0.660 -> 0.687, 0.615 -> 0.638), key-sentence recall unchanged; any bar from 0.02 to 0.2 gave the same.
_FURTHER_REFERRING_ANSWERS = 0.7
_SHARED_SUPPORT = 0.5  # half the question's content words in one sentence: an acronym the embedder misses
#: A lead-in ending in ":" ("The following stages are used:") brings up to this many of its items with it.
_LIST_ITEMS = 3
#: Leaflets tell symptoms across consecutive sentences ("When symptoms do appear, they are often vague…", "As the
#: disease progresses…", "Jaundice…", "Other physical signs include…"), each of which alone names only some, and
#: the closest-worded ones name none ("More pronounced symptoms can arise if…"). For a question asking the
#: symptoms, the sentence right after a chosen one joins when it clearly answers too, and so on along the passage.
#: Chosen on gold (0.7 against 0.85 and 0.95; key-sentence recall 0.859 -> 0.870, precision 0.651 -> 0.655); held-
#: out answerability questions unchanged. Tried for every aspect: treatment questions gained stray TACE and Y-90
#: sentences after the embolization one (held-out precision 0.665 -> 0.640).
_CONTINUING_ASPECTS = frozenset({"symptoms"})
_CONTINUATION_ANSWERS = 0.7
_CONTINUATION_LIMIT = 4
_BOILERPLATE_PATH = Path(__file__).resolve().parent / "boilerplate.txt"


_SENTENCE_VECTORS = EmbeddingCache()


@dataclass
class SourceSentence:
    """One candidate sentence with where it came from."""

    text: str
    chunk: RetrievedChunk
    index: int
    score: float = 0.0
    cosine: float = 0.0
    shared: float = 0.0
    answers: float = 0.0  # P(it answers the question asked), from the answerability model


@dataclass
class GroundedAnswer:
    """Text whose every sentence ends with its ``[n]`` marker, and the citations those markers name.

    ``support``: how closely the best source sentence answers the question (the extractive score); ``answering``:
    the highest P(answers) the answerability model gave a candidate sentence. Both None for a model's grounded
    answer, which is not scored that way.
    """

    text: str
    citations: list[Citation]
    support: float | None = None
    answering: float | None = None


def citation_for(n: int, sentence: SourceSentence) -> Citation:
    metadata = sentence.chunk.record.metadata
    return Citation(
        n=n,
        source=str(metadata.get("source", "")),
        title=str(metadata.get("title", "")),
        section=str(metadata.get("section_path") or metadata.get("section", "")),
        chunk_id=sentence.chunk.id,
        quote=sentence.text,
    )


@cache
def _boilerplate() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{line})" for line in content_lines(_BOILERPLATE_PATH)))


def is_boilerplate(sentence: str) -> bool:
    """ "This summary is about…", "(See the PDQ summary on … for more information.)": never an answer."""
    return _boilerplate().match(sentence.lower()) is not None


def candidate_sentences(retrieval: Retrieval, threads: int = 1) -> tuple[list[SourceSentence], np.ndarray]:
    """Every sentence of the retrieved passages but boilerplate and list lead-ins without their items, with its
    embedding (the split and vectors stored at ingest, else computed). ``index`` is the sentence's place in its
    passage."""
    chunks = retrieval.chunks + retrieval.sentence_hits
    stored = (
        retrieval.sentence_vectors.sentences_of({chunk.id: chunk.record.text for chunk in chunks})
        if retrieval.sentence_vectors is not None
        else {}
    )
    vectors_by_text = {text: vector for parts in stored.values() for text, vector in parts}
    sentences = [
        SourceSentence(text, chunk, index)
        for chunk in chunks
        for index, text in enumerate(
            [text for text, _ in stored[chunk.id]]
            if chunk.id in stored
            else split_sentences(chunk.record.text)
        )
        if not is_boilerplate(text)
    ]
    # A lead-in whose items went to the next passage ("The following stages are used:") answers nothing.
    sentences = [s for s in sentences if not _is_lead_in(s) or _items_of(s, sentences)]
    texts = [s.text for s in sentences]
    missing = [text for text in texts if text not in vectors_by_text]
    if missing:
        vectors_by_text |= dict(zip(missing, _SENTENCE_VECTORS.embed(missing, threads=threads), strict=True))
    vectors = [vectors_by_text[text] for text in texts]
    return sentences, np.stack(vectors) if vectors else np.zeros((0, 384), dtype=np.float32)


def _score(
    sentences: list[SourceSentence], vectors: np.ndarray, retrieval: Retrieval, settings: Settings
) -> None:
    """Cosine to the question, the passage's cosine, shared words, and whether the sentence answers the
    question asked rather than merely sharing its topic (``answering.answerability``)."""
    model = load_model(settings.answerability_model_path)
    pairs = pair_features(
        retrieval.query, retrieval.query_vector, [s.text for s in sentences], vectors, model.aspects
    )
    answers = model.probabilities(pairs.matrix)
    for sentence, cosine, shared, probability in zip(
        sentences, pairs.cosine, pairs.shared, answers, strict=True
    ):
        sentence.answers = float(probability)
        sentence.cosine = float(cosine)
        sentence.shared = float(shared)
        sentence.score = (
            sentence.cosine
            + _CHUNK_WEIGHT * (sentence.chunk.cosine or 0.0)
            + _LEXICAL_WEIGHT * sentence.shared
            + _ANSWER_WEIGHT * sentence.answers
        )


def _on_the_condition_asked(
    sentences: list[SourceSentence], vectors: np.ndarray, question: str
) -> tuple[list[SourceSentence], np.ndarray]:
    """Only sentences from documents about the condition the question names, when any document is: a GIST
    question is not answered from the carcinoid document because both mention the gut."""
    phrases = particular_conditions(question)
    keep = [i for i, s in enumerate(sentences) if phrases and names_any(_title(s).lower(), phrases)]
    if not keep:
        return sentences, vectors
    return _kept(sentences, vectors, keep)


def _not_about_another_primary(
    sentences: list[SourceSentence], vectors: np.ndarray, question: str
) -> tuple[list[SourceSentence], np.ndarray]:
    """Not sentences naming only where another cancer began than the one asked about, outside the asked cancer's
    own documents: "what percentage of breast cancer patients get liver metastases?" is not answered with the
    colorectal figure ("about half of all patients diagnosed with colorectal cancer…"), which a patient would read
    as theirs."""
    asked = primary_sites_asked(question)
    if not asked:
        return sentences, vectors
    keep = [
        i
        for i, s in enumerate(sentences)
        if sites_named(_title(s)) & asked or not names_another_primary_only(s.text, asked)
    ]
    return _kept(sentences, vectors, keep)


def _not_only_about_the_sites_set_aside(
    sentences: list[SourceSentence], vectors: np.ndarray, question: str
) -> tuple[list[SourceSentence], np.ndarray]:
    """Not sentences naming only the cancer a question sets aside: "what other cancers besides colon go to the
    liver?" is not answered with "Colorectal cancer is the most common primary tumor to spread to the liver"."""
    set_aside = primary_sites_set_aside(question)
    if not set_aside:
        return sentences, vectors
    return _kept_unless_none(
        sentences, vectors, [i for i, s in enumerate(sentences) if not names_only_sites(s.text, set_aside)]
    )


def _not_only_about_operable(
    sentences: list[SourceSentence], vectors: np.ndarray, question: str
) -> tuple[list[SourceSentence], np.ndarray]:
    """Not sentences about cancer removed by surgery for a question about cancer that cannot be removed."""
    if not asks_about_inoperable(question):
        return sentences, vectors
    return _kept(
        sentences, vectors, [i for i, s in enumerate(sentences) if not speaks_only_of_operable(s.text)]
    )


def _on_the_stage_asked(
    sentences: list[SourceSentence], vectors: np.ndarray, question: str
) -> tuple[list[SourceSentence], np.ndarray]:
    """Not sentences about the early course for a question about the later one, nor the reverse
    (``answering.stage``); all of them when every candidate would go."""
    asked = stage_asked(question)
    if asked is None:
        return sentences, vectors
    return _kept_unless_none(
        sentences,
        vectors,
        [i for i, s in enumerate(sentences) if not speaks_only_of_the_other_stage(s.text, asked)],
    )


def _from_the_documents_named(
    sentences: list[SourceSentence], vectors: np.ndarray, question: str
) -> tuple[list[SourceSentence], np.ndarray]:
    """Only sentences from documents whose whole title the question names, when any is: "What is adult Hodgkin
    lymphoma?" is not answered from "Adult Non-Hodgkin Lymphoma", nor "childhood liver cancer" from "Adult
    Primary Liver Cancer", though each title holds the words of the condition asked. Of two named titles, one
    inside the other, the longer is what was asked: "symptoms of bile duct cancer (cholangiocarcinoma)" names
    "Bile Duct Cancer" too."""
    asked = words_only(question)
    titles = {words_only(_title(s)) for s in sentences if _title(s)}
    named = {title for title in titles if names_any(asked, [title])}
    exact = {
        title for title in named if not any(other != title and names_any(other, [title]) for other in named)
    }
    keep = [i for i, s in enumerate(sentences) if _title(s) and words_only(_title(s)) in exact]
    if not keep:
        return sentences, vectors
    return _kept(sentences, vectors, keep)


def _kept(
    sentences: list[SourceSentence], vectors: np.ndarray, keep: list[int]
) -> tuple[list[SourceSentence], np.ndarray]:
    """The sentences at ``keep``, with their vectors."""
    return [sentences[i] for i in keep], vectors[keep]


def _kept_unless_none(
    sentences: list[SourceSentence], vectors: np.ndarray, keep: list[int]
) -> tuple[list[SourceSentence], np.ndarray]:
    """The sentences at ``keep``, or all of them when ``keep`` is empty: a narrowing that would leave no candidate
    is no reason to answer nothing."""
    return _kept(sentences, vectors, keep) if keep else (sentences, vectors)


def _title(sentence: SourceSentence) -> str:
    return str(sentence.chunk.record.metadata.get("title", ""))


def _select(sentences: list[SourceSentence], vectors: np.ndarray, limit: int) -> list[int]:
    """Maximal marginal relevance: relevant to the question, unlike what is already chosen; no padding after the
    first sentence, nor as the first when another answers."""
    order = sorted(range(len(sentences)), key=lambda i: sentences[i].score, reverse=True)
    top = sentences[order[0]].score
    some_answer = any(
        sentences[i].answers >= _LEAD_ANSWERS and sentences[i].score >= top - _LEAD_WITHIN for i in order
    )
    best = max(
        sentences[i].score for i in order if not some_answer or sentences[i].answers >= _FURTHER_ANSWERS
    )
    chosen: list[int] = []

    def answers_enough(i: int) -> bool:
        sentence = sentences[i]
        if not chosen:
            return not some_answer or sentence.answers >= _FURTHER_ANSWERS
        if _refers_back(sentence) and not any(_antecedent_of(sentence, sentences[j]) for j in chosen):
            antecedent = next((s for s in sentences if _antecedent_of(sentence, s)), None)
            return sentence.answers >= _FURTHER_REFERRING_ANSWERS and (
                antecedent is None or antecedent.answers >= _FURTHER_ANSWERS
            )
        return sentence.answers >= _FURTHER_ANSWERS

    while len(chosen) < limit:
        remaining = [
            i
            for i in order
            if i not in chosen and sentences[i].score >= best - _KEEP_WITHIN and answers_enough(i)
        ]
        if not remaining:
            break

        def marginal(i: int) -> float:
            redundancy = max((float(np.dot(vectors[i], vectors[j])) for j in chosen), default=0.0)
            return _MMR_LAMBDA * sentences[i].score - (1 - _MMR_LAMBDA) * redundancy

        pick = max(remaining, key=marginal)
        if chosen and max(float(np.dot(vectors[pick], vectors[j])) for j in chosen) >= _NEAR_DUPLICATE:
            order.remove(pick)
            continue
        chosen.append(pick)
    return chosen


def _refers_back(sentence: SourceSentence) -> bool:
    """ "This option…" with a sentence before it in its passage, which says what "this" is."""
    return sentence.index > 0 and opens_with_reference(sentence.text)


def _antecedent_of(sentence: SourceSentence, candidate: SourceSentence) -> bool:
    return candidate.chunk is sentence.chunk and candidate.index == sentence.index - 1


def _with_antecedents(chosen: list[SourceSentence], candidates: list[SourceSentence]) -> list[SourceSentence]:
    """Add the sentence before one that opens with "This option…", so the answer says what "this" is."""
    result = list(chosen)
    for sentence in chosen:
        if not _refers_back(sentence):
            continue
        before = next((c for c in candidates if _antecedent_of(sentence, c)), None)
        if before is not None and before not in result:
            result.append(before)
    return result


def _with_continuations(
    chosen: list[SourceSentence], candidates: list[SourceSentence], referring_only: bool = False
) -> list[SourceSentence]:
    """Each chosen sentence followed along its passage while the next sentence answers with P >= the bar, at most
    ``_CONTINUATION_LIMIT`` sentences added in all; ``referring_only``: only by a next sentence that goes on about
    it ("These microspheres deliver…" after the Y-90 sentence, "This tissue is examined…" after the biopsy one)."""
    result = list(chosen)
    to_follow = list(chosen)
    while to_follow and len(result) < len(chosen) + _CONTINUATION_LIMIT:
        sentence = to_follow.pop(0)
        following = next((c for c in candidates if _antecedent_of(c, sentence)), None)
        if (
            following is None
            or following.answers < _CONTINUATION_ANSWERS
            or (referring_only and not _refers_back(following))
            or any(following is r for r in result)
        ):
            continue
        result.append(following)
        to_follow.append(following)
    return result


def _with_list_items(chosen: list[SourceSentence], candidates: list[SourceSentence]) -> list[SourceSentence]:
    """A lead-in ending in ":" never stands alone: the sentences after it in its passage (its items) join it."""
    result = list(chosen)
    for sentence in chosen:
        if _is_lead_in(sentence):
            result.extend(
                item for item in _items_of(sentence, candidates) if all(item is not r for r in result)
            )
    return result


def _is_lead_in(sentence: SourceSentence) -> bool:
    return sentence.text.rstrip().endswith(":")


def _items_of(lead_in: SourceSentence, candidates: list[SourceSentence]) -> list[SourceSentence]:
    later = [c for c in candidates if c.chunk is lead_in.chunk and c.index > lead_in.index]
    return sorted(later, key=lambda c: c.index)[:_LIST_ITEMS]


def compose(
    chosen: list[SourceSentence], support: float | None = None, answering: float | None = None
) -> GroundedAnswer:
    """Number the sentences in reading order and attach one citation to each."""
    citations = [citation_for(n, sentence) for n, sentence in enumerate(chosen, start=1)]
    parts = [f"{sentence.text} [{n}]" for n, sentence in enumerate(chosen, start=1)]
    return GroundedAnswer(text=" ".join(parts), citations=citations, support=support, answering=answering)


def _scored_answer(
    chosen: list[SourceSentence],
    candidates: list[SourceSentence],
    vectors: np.ndarray,
    retrieval: Retrieval,
    settings: Settings,
) -> GroundedAnswer:
    """The chosen sentences in reading order, with how well the best candidate supports the question and how
    likely the likeliest answers it."""
    return compose(
        _in_reading_order(chosen),
        support=max(s.score for s in candidates),
        answering=_answering(candidates, vectors, retrieval, settings),
    )


#: A query as searched: the message, then the everyday words it was expanded with in brackets.
_EXPANDED = re.compile(r"(.*?)(\s*\([^()]*\))?", re.DOTALL)


def _answering(
    sentences: list[SourceSentence], vectors: np.ndarray, retrieval: Retrieval, settings: Settings
) -> float:
    """The highest P(answers) of a candidate, read for the closing question as well when a message tells its
    context first: "Mum was diagnosed with bowel cancer last spring. How common is it for bowel cancer to spread to
    the liver?" gave every sentence P 0.07 at most, the question alone 0.71."""
    best = max(s.answers for s in sentences)
    message, expansion = _EXPANDED.fullmatch(retrieval.query).groups()
    asked = asked_part(message)
    if asked == message:
        return best
    asked += expansion or ""
    model = load_model(settings.answerability_model_path)
    vector = _SENTENCE_VECTORS.embed([asked], threads=settings.torch_threads)[0]
    pairs = pair_features(asked, vector, [s.text for s in sentences], vectors, model.aspects)
    return max(best, float(model.probabilities(pairs.matrix).max()))


def _scored_candidates(
    retrieval: Retrieval, settings: Settings, naming: re.Pattern[str] | None = None
) -> tuple[list[SourceSentence], np.ndarray]:
    """The candidate sentences on the condition and documents asked (only those ``naming`` matches, when
    given), scored against the question."""
    sentences, vectors = candidate_sentences(retrieval, settings.torch_threads)
    sentences, vectors = _on_the_condition_asked(sentences, vectors, retrieval.query)
    sentences, vectors = _from_the_documents_named(sentences, vectors, retrieval.query)
    sentences, vectors = _not_about_another_primary(sentences, vectors, retrieval.query)
    sentences, vectors = _not_only_about_operable(sentences, vectors, retrieval.query)
    sentences, vectors = _not_only_about_the_sites_set_aside(sentences, vectors, retrieval.query)
    sentences, vectors = _on_the_stage_asked(sentences, vectors, retrieval.query)
    if naming is not None:
        keep = [i for i, s in enumerate(sentences) if naming.search(s.text)]
        sentences, vectors = _kept(sentences, vectors, keep)
    if sentences:
        _score(sentences, vectors, retrieval, settings)
    return sentences, vectors


def _in_reading_order(chosen: list[SourceSentence]) -> list[SourceSentence]:
    """The best-scoring document first, then each document's sentences as its text has them."""
    document_rank: dict[object, int] = {}
    for sentence in sorted(chosen, key=lambda s: s.score, reverse=True):
        document_rank.setdefault(sentence.chunk.record.metadata.get("doc_id"), len(document_rank))
    return sorted(
        chosen,
        key=lambda s: (
            document_rank[s.chunk.record.metadata.get("doc_id")],
            int(s.chunk.record.metadata.get("position", 0)),
            s.index,
        ),
    )


def extractive_answer(
    retrieval: Retrieval,
    settings: Settings,
    lexical_match: bool = False,
    naming: re.Pattern[str] | None = None,
) -> GroundedAnswer | None:
    """The best-supporting source sentences, or None when none supports the question well enough.

    ``lexical_match``: the retrieved passages contain every content word of the question, which
    vouches for them when the embedder does not know a term (acronyms such as "TACE"). ``naming``: only
    sentences it matches are candidates (what the question asks about, when the first choice named none).
    """
    sentences, vectors = _scored_candidates(retrieval, settings, naming)
    if not sentences:
        return None
    supported = lexical_match or any(
        s.cosine >= settings.min_sentence_support or s.shared >= _SHARED_SUPPORT for s in sentences
    )
    if not supported:
        return None
    chosen = [sentences[i] for i in _select(sentences, vectors, settings.answer_sentences)]
    continuing = bool(_CONTINUING_ASPECTS & {aspect.name for aspect in asked_aspects(retrieval.query)})
    chosen = _with_continuations(chosen, sentences, referring_only=not continuing)
    chosen = _with_list_items(_with_antecedents(chosen, sentences), sentences)
    return _scored_answer(chosen, sentences, vectors, retrieval, settings)


def side_by_side_answer(
    retrieval: Retrieval, settings: Settings, sides: list[re.Pattern[str]]
) -> GroundedAnswer | None:
    """For a comparison ("difference between chemo and targeted therapy"), the best-scoring sentence naming each
    side, with the sentence before it when it opens "This…"; None when a side is named nowhere. The choice for
    one question is weighed by how well a sentence answers it, which can leave a side out (the chemotherapy
    sentence opens "This category includes…" and scores P 0.16), so each side gets its own best."""
    sentences, vectors = _scored_candidates(retrieval, settings)
    chosen: list[SourceSentence] = []
    for side in sides:
        naming = [s for s in sentences if side.search(s.text) and all(s is not c for c in chosen)]
        if not naming:
            return None
        chosen.append(max(naming, key=lambda s: s.score))
    chosen = _with_antecedents(chosen, sentences)
    return _scored_answer(chosen, sentences, vectors, retrieval, settings)
