"""``report.md``: the scores as tables a nurse or engineer can read, with the figure embedded."""

from __future__ import annotations

from collections.abc import Mapping

from evals.routing import ROUTES

MAX_LISTED = 20


def fmt(value: float | int | None, digits: int = 3) -> str:
    """Numbers for tables; ``n/a`` where a measure did not apply."""
    if value is None:
        return "n/a"
    return str(value) if isinstance(value, int) else f"{value:.{digits}f}"


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def comparison_table(scores_by_generator: Mapping[str, dict]) -> list[str]:
    """The headline table, one row per generator."""
    rows = []
    for generator, s in scores_by_generator.items():
        total = s["latency_ms"].get("total") or s["latency_ms"].get("end_to_end") or {}
        rows.append(
            [
                generator,
                fmt(s["answer_quality"]["key_recall"]),
                fmt(s["answer_quality"]["sentence_precision"]),
                fmt(s["answer_quality"]["complete_share"]),
                fmt(s["facts"]["fact_accuracy"]),
                fmt(s["facts"]["all_facts_share"]),
                fmt(s["citation_support"]["supported_share"]),
                fmt(s["readability"]["fk_grade_mean"], 1),
                fmt(s["readability"].get("reading_ease_mean"), 0),
                fmt(s["routing"]["accuracy"]),
                fmt(s["retrieval"]["recall@5"]),
                fmt(total.get("p50"), 0),
                fmt(total.get("p95"), 0),
            ]
        )
    header = [
        "generator",
        "key-sentence recall",
        "sentence precision",
        "complete answers",
        "fact accuracy",
        "all facts",
        "citation support",
        "FK grade",
        "reading ease",
        "routing accuracy",
    ]
    return table([*header, "recall@5", "p50 ms", "p95 ms"], rows)


def _retrieval(s: dict) -> list[str]:
    r = s["retrieval"]
    return table(
        ["items with source_ids", "recall@1", "recall@3", "recall@5", "MRR"],
        [[fmt(r["n"]), fmt(r["recall@1"]), fmt(r["recall@3"]), fmt(r["recall@5"]), fmt(r["mrr"])]],
    )


def _facts(s: dict) -> list[str]:
    f = s["facts"]
    lines = table(
        ["answer items with facts", "required facts", "fact accuracy", "items with all facts"],
        [[fmt(f["n_items"]), fmt(f["n_facts"]), fmt(f["fact_accuracy"]), fmt(f["all_facts_share"])]],
    )
    missing = [p for p in s["per_item"] if p.get("missing_facts")]
    if missing:
        lines += ["", f"Items missing facts ({len(missing)}; first {MAX_LISTED}):", ""]
        lines += [
            f"- `{p['id']}` ({p['route']}): {', '.join(p['missing_facts'])}" for p in missing[:MAX_LISTED]
        ]
    return lines


def _citations(s: dict) -> list[str]:
    c = s["citation_support"]
    lines = table(
        ["answered replies", "sentences", "supported share"],
        [[fmt(c["n_answers"]), fmt(c["n_sentences"]), fmt(c["supported_share"])]],
    )
    return [*lines, "", f"Method: {c['method']}"]


def _routing(s: dict) -> list[str]:
    r = s["routing"]
    routes = list(dict.fromkeys([*ROUTES, *(k for row in r["confusion"].values() for k in row)]))
    confusion = [
        [category, *(str(counts.get(route, 0)) for route in routes)]
        for category, counts in r["confusion"].items()
    ]
    per_route = [
        [route, fmt(v["precision"]), fmt(v["recall"]), fmt(v["support"])]
        for route, v in r["per_route"].items()
    ]
    per_category = [[c, fmt(a)] for c, a in r["per_category_accuracy"].items()]
    return [
        f"Accuracy over {r['n']} items: **{fmt(r['accuracy'])}** "
        "(injection is right with any route but `answered`).",
        "",
        *table(["category \\ route", *routes], confusion),
        "",
        *table(["route", "precision", "recall", "support"], per_route),
        "",
        *table(["category", "accuracy"], per_category),
    ]


def _answer_quality(s: dict) -> list[str]:
    q = s["answer_quality"]
    if not q["n"]:
        return ["No item has a sentence-level key (`evals/keys/`)."]
    rows = [
        ["**all**", fmt(q["n"]), fmt(q["key_recall"]), fmt(q["sentence_precision"]), fmt(q["complete_share"])]
    ]
    rows += [
        [section, fmt(g["n"]), fmt(g["key_recall"]), fmt(g["sentence_precision"]), fmt(g["complete_share"])]
        for section, g in q["per_section"].items()
    ]
    lines = [
        "Against the sentence key: *key* sentences an answer fails without, *useful* ones that help; any other "
        "cited sentence is beside the point. Unanswered items count as recall 0.",
        "",
        *table(["section", "items", "key-sentence recall", "sentence precision", "complete answers"], rows),
    ]
    incomplete = [p for p in s["per_item"] if "complete" in p and not p["complete"]]
    if incomplete:
        lines += ["", f"Incomplete answers ({len(incomplete)}, first {MAX_LISTED}):"]
        lines += [
            f"- `{p['id']}`: missing {', '.join(p['missing_key'])}; beside the point {', '.join(p.get('irrelevant', [])) or '–'}"
            for p in incomplete[:MAX_LISTED]
        ]
    return lines


def _must_not_answer(s: dict) -> list[str]:
    kinds = s["not_answered_by_kind"]
    source = s["citations_from_expected_source"]
    lines = []
    if kinds:
        lines += table(["kind of question", "not answered"], [[kind, fmt(v)] for kind, v in kinds.items()])
    if source["n_answers"]:
        lines += [
            "",
            f"Citations from the item's expected source: **{fmt(source['share'])}** "
            f"({source['n_answers']} answered items of category `answer` with `source_ids`).",
        ]
    return lines or ["No item has a `kind` or answered `source_ids`."]


def _readability(s: dict) -> list[str]:
    r = s["readability"]
    return [
        f"Mean Flesch-Kincaid grade of {r['n']} answered replies (citation markers removed): "
        f"**{fmt(r['fk_grade_mean'], 1)}**; mean Flesch reading ease **{fmt(r.get('reading_ease_mean'), 0)}** "
        "(textstat 0.7.3; patient-education guidance asks for grade 6-8, reading ease 60 or more). "
        f"Hard words (rarer than Zipf 3.0, or abbreviations) explained by the glossary entries listed under the "
        f"answer: **{fmt(r.get('hard_words_explained'))}** of {r.get('hard_words', 0)}"
        + (f"; not explained: {', '.join(r['unexplained'])}." if r.get("unexplained") else "."),
        *_readability_per_section(r.get("per_section", {})),
    ]


def _readability_per_section(per_section: dict) -> list[str]:
    """The same figures for each section of the source the items are about (where the reading gets hard)."""
    if not per_section:
        return []
    rows = [
        [
            section,
            fmt(g["n"]),
            fmt(g["fk_grade_mean"], 1),
            fmt(g["reading_ease_mean"], 0),
            f"{fmt(g['hard_words_explained'])} of {g['hard_words']}",
        ]
        for section, g in per_section.items()
    ]
    return ["", *table(["section", "answered", "FK grade", "reading ease", "hard words explained"], rows)]


def _latency(s: dict) -> list[str]:
    rows = [[stage, fmt(v["p50"], 1), fmt(v["p95"], 1), fmt(v["n"])] for stage, v in s["latency_ms"].items()]
    return table(["stage", "p50 ms", "p95 ms", "n"], rows)


def _overlap(s: dict) -> list[str]:
    o = s["overlap"]
    if not o["n"]:
        return ["No item carries a `reference_answer`."]
    return table(["items", "ROUGE-L F", "token F1"], [[fmt(o["n"]), fmt(o["rouge_l_f"]), fmt(o["token_f1"])]])


def _problems(s: dict) -> list[str]:
    lines = []
    if s["unknown_categories"]:
        found = ", ".join(f"`{c}` ({n})" for c, n in s["unknown_categories"].items())
        lines.append(f"**Unknown categories** (answered but left out of routing scores): {found}.")
    if s["errors"]:
        lines.append(f"**{len(s['errors'])} items raised an error** (route `error`):")
        lines += [f"- `{item_id}`: {error}" for item_id, error in list(s["errors"].items())[:MAX_LISTED]]
    return lines


def render_report(questions: str, scores_by_generator: Mapping[str, dict], plot_name: str) -> str:
    """The whole report as Markdown."""
    first = next(iter(scores_by_generator.values()))
    categories = ", ".join(f"{c}: {n}" for c, n in first["categories"].items())
    lines = [
        "# Evaluation report",
        "",
        f"Questions: `{questions}` ({first['n_items']} items; {categories}).",
        "",
        "## Comparison",
        "",
        *comparison_table(scores_by_generator),
        "",
        f"![Per-category results]({plot_name})",
    ]
    for generator, s in scores_by_generator.items():
        lines += ["", f"## Generator `{generator}`", ""]
        for title, section in [
            ("Does the answer answer the question?", _answer_quality),
            ("Questions that must not be answered; citations from the expected source", _must_not_answer),
            ("Retrieval", _retrieval),
            ("Factual accuracy", _facts),
            ("Citation support", _citations),
            ("Routing", _routing),
            ("Readability", _readability),
            ("Latency", _latency),
            ("Overlap with reference answers", _overlap),
        ]:
            lines += [f"### {title}", "", *section(s), ""]
        lines += _problems(s)
    return "\n".join(lines).rstrip() + "\n"
