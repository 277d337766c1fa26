"""``python -m evals``: run a question set, the safety report, the reviewed-answer matcher, the answer-support
bar, the PII scrubber, the plain-language checks, import MedQuAD or the held-out answerability questions, the
baseline, nurse reviews."""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path

from answering.cli_help import description
from answering.settings import PROJECT_ROOT, get_settings
from evals.baseline import (
    BASELINE_GENERATOR,
    BASELINE_PATH,
    GOLD_PATH,
    HELDOUT_PATH,
    UNANSWERABLE_PATH,
    baseline_document,
    current_headline,
    write_baseline,
)
from evals.dataset import DatasetError, write_items
from evals.medquad import MEDQUAD_SET, MEDQUAD_SOURCE, medquad_items
from evals.report import comparison_table

GENERATORS = ("extractive", "local", "openai")


def _run(args: argparse.Namespace) -> dict:
    from evals.evaluation import evaluate_questions

    result = evaluate_questions(
        args.questions, args.out, args.generator or [BASELINE_GENERATOR], args.corpus, args.limit
    )
    print("\n".join(comparison_table(result["generators"])))
    for generator, scores in result["generators"].items():
        if scores["unknown_categories"]:
            print(f"{generator}: unknown categories {scores['unknown_categories']}", file=sys.stderr)
        if scores["errors"]:
            print(f"{generator}: {len(scores['errors'])} items raised errors (see report)", file=sys.stderr)
    print(f"Wrote {args.out}/answers.jsonl, scores.json and report.md")
    return result


def _baseline(args: argparse.Namespace) -> None:
    from evals.evaluation import evaluate_questions

    scores = [
        evaluate_questions(questions, args.run_dir / questions.stem, [BASELINE_GENERATOR])["generators"][
            BASELINE_GENERATOR
        ]
        for questions in (args.questions, args.unanswerable, args.heldout)
    ]
    document = baseline_document(
        current_headline(*scores),
        [str(path.relative_to(PROJECT_ROOT)) for path in (args.questions, args.unanswerable, args.heldout)],
    )
    write_baseline(document, args.out)
    print(json.dumps(document, indent=2))


def _import_medquad(args: argparse.Namespace) -> None:
    with args.source.open(encoding="utf-8") as handle:
        count = write_items(medquad_items(handle), args.out)
    print(f"Wrote {count} items to {args.out}")


def _safety(args: argparse.Namespace) -> None:
    from evals.safety import write_safety_report

    scores = write_safety_report(args.out, errors=args.errors)
    held = scores["emergency_heldout"]
    consumer = scores["consumer_heldout"]
    print(
        f"held-out emergencies: recall {held['recall']:.3f} (lowest category {held['min_category_recall']:.3f}), "
        f"false alarms {held['false_alarms']:.3f}; held-out consumer questions: personal recall "
        f"{consumer['personal_recall']:.3f}, false deferral {consumer['false_deferral_of_general']:.3f}; "
        f"other languages never answered {scores['multilingual']['never_answered']:.3f}"
    )
    print(f"Wrote {args.out}/scores.json and report.md")


def _library_summary(scores: dict) -> list[str]:
    return [
        f"{name.replace('_', ' ')} pairs: serving precision {scores[name]['precision']:.3f}, "
        f"recall {scores[name]['recall']:.3f} ({scores[name]['served']} of {scores[name]['pairs']} served)"
        for name in ("held_out", "blind_read", "blind_unread")
    ]


def _support_summary(scores: dict) -> list[str]:
    return [
        f"{name}: covered answered {figures['covered_answered']:.3f}, "
        f"uncovered declined {figures['uncovered_declined']:.3f} (bar {scores['shipped_bar']})"
        for name, figures in scores["shipped"].items()
    ]


def _pii_summary(scores: dict) -> list[str]:
    return [
        f"{split}: recall {scores[split]['recall']:.3f}, precision {scores[split]['precision']:.3f}, "
        f"clean messages {scores[split]['clean_messages']:.3f} ({scores[split]['identifiers']} identifiers)"
        for split in ("held_out", "development")
    ] + [
        f"{name}: {scores[key]['losing_words']} of {scores[key]['messages']} messages lose a word"
        for name, key in (("emergency set", "emergency_set"), ("other languages", "other_languages"))
    ]


def _plain_summary(scores: dict) -> list[str]:
    return [
        f"shipped plain versions passing: {scores['shipped_passing']} of {scores['shipped']}; unfaithful rejected: "
        f"{scores['unfaithful_rejected']} of {scores['unfaithful']}; grade {scores['grade']['sources']:.1f} -> "
        f"{scores['grade']['plain']:.1f}"
    ]


#: Commands that score one labelled set and write ``scores.json`` and ``report.md`` (``evals.<name>``'s
#: ``write_<name>_report``): name → (help, the summary lines printed).
REPORTS: dict[str, tuple[str, Callable[[dict], list[str]]]] = {
    "library": ("score the reviewed-answer matcher on the labelled pairs", _library_summary),
    "support": ("how closely the best sentence must answer: the bar's curve", _support_summary),
    "pii": ("score the PII scrubber on the labelled message set", _pii_summary),
    "plain": ("check the plain-language versions, faithful and broken", _plain_summary),
}


def _report(name: str) -> Callable[[argparse.Namespace], None]:
    def handler(args: argparse.Namespace) -> None:
        write = getattr(importlib.import_module(f"evals.{name}"), f"write_{name}_report")
        for line in REPORTS[name][1](write(args.out)):
            print(line)
        print(f"Wrote {args.out}/scores.json and report.md")

    return handler


def _import_heldout(args: argparse.Namespace) -> None:
    from evals.answerability_heldout import write_heldout

    items, keyed = write_heldout()
    print(f"Wrote {items} items ({keyed} with a sentence key)")


def _from_reviews(args: argparse.Namespace) -> None:
    from review.store import ReviewStore

    count = write_items(ReviewStore(args.db).export_eval_items(), args.out)
    print(f"Wrote {count} reviewed items to {args.out}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m evals", description=description(__doc__))
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="answer a question set and score it")
    run.add_argument("--questions", type=Path, required=True, help="eval set JSONL (schema in DESIGN.md)")
    run.add_argument(
        "--out", type=Path, required=True, help="folder for answers.jsonl, scores.json, report.md"
    )
    run.add_argument(
        "--corpus", type=Path, help="answer from this corpus (ingested into a private eval index)"
    )
    run.add_argument(
        "--generator", choices=GENERATORS, nargs="+", action="extend", help="one or more; default extractive"
    )
    run.add_argument("--limit", type=int, help="only the first N items")
    run.set_defaults(handler=_run)

    baseline = commands.add_parser("baseline", help="recompute the regression baseline (a deliberate act)")
    baseline.add_argument("--out", type=Path, default=BASELINE_PATH)
    baseline.add_argument("--questions", type=Path, default=GOLD_PATH)
    baseline.add_argument("--unanswerable", type=Path, default=UNANSWERABLE_PATH)
    baseline.add_argument("--heldout", type=Path, default=HELDOUT_PATH)
    baseline.add_argument("--run-dir", type=Path, default=PROJECT_ROOT / "var" / "eval" / "baseline")
    baseline.set_defaults(handler=_baseline)

    medquad = commands.add_parser("import-medquad", help="convert data/medquad-dev.jsonl to eval items")
    medquad.add_argument("--source", type=Path, default=MEDQUAD_SOURCE)
    medquad.add_argument("--out", type=Path, default=MEDQUAD_SET)
    medquad.set_defaults(handler=_import_medquad)

    heldout = commands.add_parser(
        "import-heldout", help="write the answerability model's held-out seed questions as an eval set"
    )
    heldout.set_defaults(handler=_import_heldout)

    safety = commands.add_parser("safety", help="route the labelled safety sets and write the safety report")
    safety.add_argument("--out", type=Path, default=PROJECT_ROOT / "evals" / "results" / "safety")
    safety.add_argument("--errors", type=int, default=15, metavar="N", help="list up to N misrouted per set")
    safety.set_defaults(handler=_safety)

    for name, (help_text, _) in REPORTS.items():
        report = commands.add_parser(name, help=help_text)
        report.add_argument("--out", type=Path, default=PROJECT_ROOT / "evals" / "results" / name)
        report.set_defaults(handler=_report(name))

    reviews = commands.add_parser("from-reviews", help="export nurses' reviewed answers as eval items")
    reviews.add_argument("--db", default=get_settings().review_db_url, help="review store SQLAlchemy URL")
    reviews.add_argument("--out", type=Path, required=True)
    reviews.set_defaults(handler=_from_reviews)
    return parser


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    try:
        args.handler(args)
    except DatasetError as error:
        print(f"Invalid eval set:\n{error}", file=sys.stderr)
        return 2
    except FileNotFoundError as error:
        print(f"Not found: {error.filename or error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
