"""Run eval items through the assistant and record each answer as an ``answers.jsonl`` row.

The assistant is injected (anything with ``.answer(question, history) -> Answer``), so the runner is
tested with a small fake and used with ``answering.pipeline.Assistant`` for real.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from time import perf_counter
from typing import Protocol

from tqdm import tqdm

from answering.schema import Answer, ChatTurn
from answering.settings import Settings
from evals.dataset import EvalItem

log = logging.getLogger(__name__)

ERROR_ROUTE = "error"


class AnsweringAssistant(Protocol):
    def answer(self, question: str, history: Sequence[ChatTurn] = ()) -> Answer: ...


AssistantFactory = Callable[[], AnsweringAssistant]


def answer_row(assistant: AnsweringAssistant, item: EvalItem, generator: str) -> dict:
    """One ``answers.jsonl`` row; an exception becomes route ``error`` so one bad item cannot sink a run."""
    row: dict = {"id": item.id, "question": item.question, "category": item.category, "generator": generator}
    started = perf_counter()
    try:
        answer = assistant.answer(item.question, item.history)
    except Exception as error:
        log.exception("item %s failed", item.id)
        row.update(route=ERROR_ROUTE, answer="", citations=[], timings_ms={}, retrieved_ids=[])
        row["error"] = f"{type(error).__name__}: {error}"
    else:
        row.update(answer.as_contract())
        row.update(timings_ms=answer.timings_ms, retrieved_ids=answer.retrieved_ids)
    row["latency_ms"] = (perf_counter() - started) * 1000
    return row


def run_items(assistant: AnsweringAssistant, items: Sequence[EvalItem], generator: str) -> list[dict]:
    """Answer every item in order, with a progress bar."""
    return [answer_row(assistant, item, generator) for item in tqdm(items, desc=generator, unit="q")]


def eval_index_dir(settings: Settings, corpus_dir: Path) -> Path:
    """A private index per corpus, beside the app's, so an eval never rewrites the served index."""
    digest = hashlib.sha256(str(corpus_dir.resolve()).encode()).hexdigest()[:12]
    return settings.index_dir.parent / "eval-index" / digest


def eval_settings(base: Settings, corpus_dir: Path | None) -> Settings:
    """The settings of an eval run: the chosen corpus (default: the product's) and its private index."""
    corpus = corpus_dir or base.corpus_dir
    return base.model_copy(update={"corpus_dir": corpus, "index_dir": eval_index_dir(base, corpus)})


def prepare_index(settings: Settings) -> None:
    """Bring the eval index in line with the corpus (incremental: an unchanged corpus embeds nothing)."""
    from ingest.pipeline import ingest_corpus

    report = ingest_corpus(settings, progress=True)
    log.info("eval index %s: %s", settings.index_dir, report.summary())


def assistant_factories(settings: Settings, generators: Sequence[str]) -> dict[str, AssistantFactory]:
    """One lazily built real assistant per generator (a local LLM is loaded only when its turn comes)."""
    from answering.pipeline import Assistant

    def factory(generator: str) -> AssistantFactory:
        return lambda: Assistant.from_settings(settings.model_copy(update={"generator": generator}))

    return {generator: factory(generator) for generator in generators}
