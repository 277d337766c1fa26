"""The plain-language checks on the shipped plain versions and on deliberately unfaithful ones.

``python -m evals plain --out evals/results/plain`` checks every row of the corpus's ``*.plain.jsonl`` (each must
pass) and every deliberately unfaithful version in ``tests/data/unfaithful_plain.jsonl`` (each must be
rejected), reports what rejected them per kind, the cosine each side reaches (how ``MIN_COSINE`` was chosen), and
the plain versions' reading grade against their sources'.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from statistics import median

import textstat

from answering.embeddings import reference_vectors
from answering.glossary import GLOSSARY_FILE, load_glossary
from answering.plain.checks import MIN_COSINE, check_plain, embedded_once
from answering.plain.versions import PLAIN_SUFFIX, checked, read_rows
from answering.settings import PROJECT_ROOT, get_settings
from answering.splits import hash_fraction
from evals.report import fmt, table

UNFAITHFUL_SET = PROJECT_ROOT / "tests" / "data" / "unfaithful_plain.jsonl"
HELD_OUT_SHARE = 0.3


def split_of(sid: str) -> str:
    """ "held_out" or "development" by the source sentence's hash: the checks' word lists were written from the
    development sentences' broken versions; the held-out ones say how well that generalises."""
    return "held_out" if hash_fraction(sid, "plain") < HELD_OUT_SHARE else "development"


def evaluate_plain(corpus_dir: Path, unfaithful_path: Path = UNFAITHFUL_SET) -> dict:
    glossary = load_glossary(corpus_dir / GLOSSARY_FILE)
    files = [read_rows(path) for path in sorted(corpus_dir.glob(f"*{PLAIN_SUFFIX}"))]
    shipped = [row for rows in files for row in rows]
    faithful = [verdict for rows in files for verdict in checked(rows, glossary)]
    broken_rows = [
        json.loads(line) for line in unfaithful_path.read_text(encoding="utf-8").splitlines() if line
    ]
    embed = embedded_once([r[key] for r in broken_rows for key in ("source", "plain")], reference_vectors)
    broken = [check_plain(r["source"], r["plain"], glossary, embed) for r in broken_rows]
    kinds = Counter(r["kind"] for r in broken_rows)
    held_out = [v for r, v in zip(broken_rows, broken, strict=True) if split_of(r["sid"]) == "held_out"]
    rejected_kinds = Counter(
        r["kind"] for r, verdict in zip(broken_rows, broken, strict=True) if not verdict.faithful
    )
    return {
        "shipped": len(shipped),
        "shipped_passing": sum(v.faithful for v in faithful),
        "shipped_failures": [
            {"source": row.source, "plain": row.plain, "problems": list(v.problems)}
            for row, v in zip(shipped, faithful, strict=True)
            if not v.faithful
        ],
        "unfaithful": len(broken_rows),
        "unfaithful_rejected": sum(not v.faithful for v in broken),
        "held_out_unfaithful": len(held_out),
        "held_out_rejected": sum(not v.faithful for v in held_out),
        "rejected_per_kind": {kind: rejected_kinds[kind] / count for kind, count in sorted(kinds.items())},
        "let_through": [
            {
                "kind": r["kind"],
                "plain": r["plain"],
                "error": r.get("error", ""),
                "cosine": round(v.cosine, 3),
            }
            for r, v in zip(broken_rows, broken, strict=True)
            if v.faithful and split_of(r["sid"]) == "development"
        ],
        "cosine": {
            "min_cosine": MIN_COSINE,
            "shipped_min": min((v.cosine for v in faithful), default=None),
            "shipped_median": median(v.cosine for v in faithful) if faithful else None,
            "unfaithful_median": median(v.cosine for v in broken) if broken else None,
            "unfaithful_caught_by_cosine_alone": sum(v.cosine < MIN_COSINE for v in broken),
        },
        "grade": {
            "sources": textstat.flesch_kincaid_grade(" ".join(row.source for row in shipped))
            if shipped
            else None,
            "plain": textstat.flesch_kincaid_grade(" ".join(row.plain for row in shipped))
            if shipped
            else None,
            "plain_reading_ease": textstat.flesch_reading_ease(" ".join(row.plain for row in shipped))
            if shipped
            else None,
        },
    }


def write_plain_report(out: Path) -> dict:
    scores = evaluate_plain(get_settings().corpus_dir)
    out.mkdir(parents=True, exist_ok=True)
    (out / "scores.json").write_text(json.dumps(scores, indent=2), encoding="utf-8")
    (out / "report.md").write_text("\n".join(_report(scores)) + "\n", encoding="utf-8")
    return scores


def _report(scores: dict) -> list[str]:
    cosine, grade = scores["cosine"], scores["grade"]
    return [
        "# Plain-language versions",
        "",
        "Command: `python -m evals plain --out evals/results/plain`. Checks: `answering/plain/checks.py`.",
        "",
        f"- Shipped plain versions passing the checks: {scores['shipped_passing']} of {scores['shipped']}.",
        f"- Deliberately unfaithful versions rejected: {scores['unfaithful_rejected']} of {scores['unfaithful']}; of "
        f"those of held-out source sentences: {scores['held_out_rejected']} of {scores['held_out_unfaithful']}.",
        f"- Reading grade (Flesch-Kincaid) of the sources {fmt(grade['sources'], 1)}, of their plain versions "
        f"{fmt(grade['plain'], 1)} (reading ease {fmt(grade['plain_reading_ease'], 1)}).",
        f"- Cosine to the source (bar {cosine['min_cosine']}): shipped lowest {fmt(cosine['shipped_min'])}, median "
        f"{fmt(cosine['shipped_median'])}; unfaithful median {fmt(cosine['unfaithful_median'])}, "
        f"{cosine['unfaithful_caught_by_cosine_alone']} caught by the cosine alone.",
        "",
        *table(
            ["kind of error", "rejected"],
            [[kind, fmt(share)] for kind, share in scores["rejected_per_kind"].items()],
        ),
        "",
        "## Unfaithful versions let through (development sentences only)",
        "",
        *(
            f"- {r['kind']} (cosine {r['cosine']}): {r['plain']!r} — {r['error']}"
            for r in scores["let_through"]
        ),
        "",
        "## Shipped versions failing the checks (not served)",
        "",
        *(f"- {r['plain']!r}: {'; '.join(r['problems'])}" for r in scores["shipped_failures"]),
    ]
