"""The PII scrubber on a labelled message set: how many identifiers it removes, and how much else it removes.

``python -m evals pii --out evals/results/pii`` runs ``answering.guardrails.pii.find_identifiers`` over
``answering/guardrails/training/pii/messages.jsonl`` (see its README) and writes ``scores.json`` and
``report.md``. The rules were developed, and the tagger trained, on the development templates; the held-out
templates only report, and their misses are not listed.

- recall: share of labelled identifiers whose every letter and digit the scrubber covers (a phone number with
  two digits left is a leak);
- precision: share of removed spans that touch a labelled identifier ("FOLFOX" removed is a false positive);
- clean messages: share of messages with an identifier where none leaks;
- messages that lose words: of the labelled emergency set's messages (no identifiers, but relatives, medicines and
  symptoms typed every way), how many the scrubber takes something from; a nurse reading "DAD [NAME] PROPERLY"
  has lost the emergency; and of the multilingual set's messages (``evals/multilingual.jsonl``), in the
  languages a tagger learnt on English reads as names.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from answering.guardrails.emergency_data import load_emergency_set
from answering.guardrails.identifiers import KINDS, Identifier
from answering.guardrails.pii import find_identifiers
from answering.guardrails.pii_data import LabelledMessage, load_messages
from answering.guardrails.train_pii import NEGATIVES
from answering.settings import PROJECT_ROOT
from evals.dataset import load_items
from evals.report import fmt, table


def leaked(text: str, gold: Identifier, found: list[Identifier]) -> bool:
    """Some letter or digit of ``gold`` is not inside a found span."""
    return any(
        text[i].isalnum() and not any(f.start <= i < f.end for f in found)
        for i in range(gold.start, gold.end)
    )


def score(
    messages: list[LabelledMessage], finder: Callable[[str], list[Identifier]] = find_identifiers
) -> dict:
    """Recall per kind, precision, clean messages of ``finder``; with the misses and false positives."""
    per_kind = {kind: [0, 0] for kind in KINDS}  # [labelled, leaked]
    removed = wrongly_removed = with_identifiers = clean = 0
    misses: list[tuple[str, str, str]] = []
    false_positives: list[tuple[str, str]] = []
    for message in messages:
        found = finder(message.text)
        leaks = [gold for gold in message.spans if leaked(message.text, gold, found)]
        for gold in message.spans:
            per_kind[gold.kind][0] += 1
        for gold in leaks:
            per_kind[gold.kind][1] += 1
            misses.append((message.id, gold.kind, message.text[gold.start : gold.end]))
        wrong = [f for f in found if not any(f.overlaps(gold) for gold in message.spans)]
        false_positives += [(message.id, message.text[f.start : f.end]) for f in wrong]
        removed += len(found)
        wrongly_removed += len(wrong)
        if message.spans:
            with_identifiers += 1
            clean += not leaks
    labelled = sum(count for count, _ in per_kind.values())
    return {
        "messages": len(messages),
        "identifiers": labelled,
        "recall": 1 - sum(leak for _, leak in per_kind.values()) / labelled if labelled else None,
        "precision": 1 - wrongly_removed / removed if removed else None,
        "clean_messages": clean / with_identifiers if with_identifiers else None,
        "recall_per_kind": {
            kind: (1 - leak / count if count else None) for kind, (count, leak) in per_kind.items()
        },
        "misses": misses,
        "false_positives": false_positives,
    }


def words_lost(texts: list[str], finder: Callable[[str], list[Identifier]] = find_identifiers) -> dict:
    """How many of ``texts`` (messages with no identifiers) lose some word to a placeholder, and to [NAME]."""
    found = [finder(text) for text in texts]
    return {
        "messages": len(texts),
        "losing_words": sum(bool(f) for f in found),
        "losing_a_word_to_name": sum(any(i.kind == "NAME" for i in f) for f in found),
    }


def write_pii_report(out: Path) -> dict:
    messages = load_messages()
    scores = {
        split: score([m for m in messages if m.split == split]) for split in ("held_out", "development")
    }
    out.mkdir(parents=True, exist_ok=True)
    summary = {
        split: {k: v for k, v in s.items() if k not in ("misses", "false_positives")}
        for split, s in scores.items()
    }
    emergency_set = load_emergency_set()
    summary["emergency_set"] = words_lost([e.text for e in emergency_set])
    # The tagger learns from messages of the training templates; the held-out templates it never saw.
    summary["emergency_heldout"] = words_lost([e.text for e in emergency_set if e.split == "heldout"])
    other_languages = load_items(PROJECT_ROOT / "evals" / "multilingual.jsonl")
    summary["other_languages"] = words_lost([item.question for item in other_languages])
    (out / "scores.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    (out / "report.md").write_text("\n".join(_report(scores, summary)) + "\n", encoding="utf-8")
    return summary


def _report(scores: dict, summary: dict) -> list[str]:
    lost, lost_heldout, other = (
        summary["emergency_set"],
        summary["emergency_heldout"],
        summary["other_languages"],
    )
    rows = [
        [
            split.replace("_", "-"),
            fmt(s["messages"]),
            fmt(s["identifiers"]),
            fmt(s["recall"]),
            fmt(s["precision"]),
            fmt(s["clean_messages"]),
            *(fmt(s["recall_per_kind"][kind]) for kind in KINDS),
        ]
        for split, s in scores.items()
    ]
    development = scores["development"]
    return [
        "# PII scrubber",
        "",
        "Labelled messages (`answering/guardrails/training/pii/messages.jsonl`), split by template; the rules "
        "were developed, and the tagger trained, on the development templates. Command: `python -m evals pii --out evals/results/pii`.",
        "",
        *table(
            ["split", "messages", "identifiers", "recall", "precision", "clean messages"]
            + [f"{kind.lower()} recall" for kind in KINDS],
            rows,
        ),
        "",
        f"Held-out: {len(scores['held_out']['misses'])} identifiers leaked, "
        f"{len(scores['held_out']['false_positives'])} spans removed that were not identifiers (not listed).",
        "",
        f"Messages with no identifiers (the {lost['messages']:,} labelled messages of the emergency set: relatives, "
        f"medicines, symptoms in every spelling) that lose a word: **{lost['losing_words']}**, "
        f"{lost['losing_a_word_to_name']} of them to [NAME]; of the {lost_heldout['messages']:,} messages of its "
        f"held-out templates (the tagger learns from {NEGATIVES:,} messages of the others): "
        f"**{lost_heldout['losing_words']}**, {lost_heldout['losing_a_word_to_name']} to [NAME]. Messages in other "
        f"languages (`evals/multilingual.jsonl`, {other['messages']}) that lose a word: **{other['losing_words']}**, "
        f"{other['losing_a_word_to_name']} to [NAME].",
        "",
        "## Development split: leaked identifiers",
        "",
        *(f"- `{mid}` {kind}: {text!r}" for mid, kind, text in development["misses"]),
        "",
        "## Development split: removed but not identifiers",
        "",
        *(f"- `{mid}`: {text!r}" for mid, text in development["false_positives"]),
    ]
