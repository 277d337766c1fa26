"""``python -m answering ask "question" [--history FILE] [--json]``."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from answering.schema import Answer, ChatTurn
from answering.settings import get_settings
from answering.store import IndexUnavailableError


def _read_history(path: Path) -> list[ChatTurn]:
    """A JSON list of ``{role, content}``, or JSONL with one turn a line."""
    text = path.read_text(encoding="utf-8").strip()
    if not text:
        return []
    data = (
        json.loads(text)
        if text.startswith("[")
        else [json.loads(line) for line in text.splitlines() if line.strip()]
    )
    return [ChatTurn(**turn) for turn in data]


def format_answer(answer: Answer) -> str:
    """The answer followed by its numbered sources, for a terminal."""
    lines = [answer.shown_text]
    if answer.citations:
        lines += ["", "Sources:"]
        lines += [f"[{c.n}] {c.title} — {c.section} ({c.source})\n    “{c.quote}”" for c in answer.citations]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m answering", description="Ask the patient-education assistant."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    ask = commands.add_parser("ask", help="answer one question")
    ask.add_argument("question")
    ask.add_argument("--history", type=Path, help="JSON list (or JSONL) of earlier {role, content} turns")
    ask.add_argument("--json", action="store_true", help="print {route, answer, citations} as JSON")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")

    from answering.pipeline import Assistant

    try:
        history = _read_history(args.history) if args.history else []
    except (OSError, ValueError, TypeError) as error:
        print(f"error: cannot read history file {args.history}: {error}", file=sys.stderr)
        return 2
    try:
        assistant = Assistant.from_settings(get_settings())
    except IndexUnavailableError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    answer = assistant.answer(args.question, history)
    print(
        json.dumps(answer.as_contract(), ensure_ascii=False, indent=2) if args.json else format_answer(answer)
    )
    return 0
