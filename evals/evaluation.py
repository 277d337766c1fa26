"""One evaluation: every generator answers every item; answers, scores, figure and report are written."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path

from answering.settings import Settings, get_settings
from evals.citation_support import SupportScorer
from evals.corpus_reader import CorpusReader
from evals.dataset import EvalItem, load_items
from evals.plot import plot_results
from evals.report import render_report
from evals.runner import AssistantFactory, assistant_factories, eval_settings, prepare_index, run_items
from evals.scoring import score_run

PLOT_NAME = "per_category.png"


def run_evaluation(
    items: Sequence[EvalItem],
    factories: Mapping[str, AssistantFactory],
    out_dir: Path,
    questions: str,
    scorer: SupportScorer | None = None,
    reader: CorpusReader | None = None,
) -> dict:
    """Write ``answers.jsonl``, ``scores.json``, the figure and ``report.md``; return the scores. ``reader``
    reads the answers against the corpus they came from (plain restatements, glossary)."""
    scorer = scorer or SupportScorer()
    out_dir.mkdir(parents=True, exist_ok=True)
    scores: dict[str, dict] = {}
    with (out_dir / "answers.jsonl").open("w", encoding="utf-8") as answers:
        for generator, factory in factories.items():
            rows = run_items(factory(), items, generator)
            answers.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
            scores[generator] = score_run(items, rows, scorer, reader)
    result = {"questions": questions, "generators": scores}
    (out_dir / "scores.json").write_text(
        json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    plot_results(scores, out_dir / PLOT_NAME)
    (out_dir / "report.md").write_text(render_report(questions, scores, PLOT_NAME), encoding="utf-8")
    return result


def evaluate_questions(
    questions: Path,
    out_dir: Path,
    generators: Sequence[str],
    corpus_dir: Path | None = None,
    limit: int | None = None,
    settings: Settings | None = None,
) -> dict:
    """The real thing: load the set, ingest the corpus into the eval index, run each generator, score."""
    items = load_items(questions)[:limit]
    run_settings = eval_settings(settings or get_settings(), corpus_dir)
    prepare_index(run_settings)
    return run_evaluation(
        items,
        assistant_factories(run_settings, generators),
        out_dir,
        str(questions),
        reader=CorpusReader(run_settings.corpus_dir),
    )
