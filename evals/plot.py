"""The report's figure: per-category routing accuracy and the answer-quality measures, per generator."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from evals.dataset import CATEGORIES

QUALITY_MEASURES = {
    "fact accuracy": ("facts", "fact_accuracy"),
    "all facts": ("facts", "all_facts_share"),
    "citation support": ("citation_support", "supported_share"),
    "recall@5": ("retrieval", "recall@5"),
}


def _grouped_bars(axis, groups: list[str], series: Mapping[str, list[float]], title: str) -> None:
    width = 0.8 / max(len(series), 1)
    for index, (name, values) in enumerate(series.items()):
        offsets = [g + (index - (len(series) - 1) / 2) * width for g in range(len(groups))]
        axis.bar(offsets, values, width, label=name)
    axis.set_xticks(range(len(groups)), groups, rotation=20)
    axis.set_ylim(0, 1.05)
    axis.set_title(title)
    axis.legend(fontsize="small")


def plot_results(scores_by_generator: Mapping[str, dict], path: Path) -> Path:
    """Write a PNG with two panels (missing values drawn as 0) and return its path."""
    import matplotlib

    matplotlib.use("Agg")  # no display on servers and CI
    from matplotlib import pyplot

    categories = [
        c
        for c in CATEGORIES
        if any(c in s["routing"]["per_category_accuracy"] for s in scores_by_generator.values())
    ]
    routing = {
        generator: [scores["routing"]["per_category_accuracy"].get(c) or 0.0 for c in categories]
        for generator, scores in scores_by_generator.items()
    }
    quality = {
        generator: [scores[section][key] or 0.0 for section, key in QUALITY_MEASURES.values()]
        for generator, scores in scores_by_generator.items()
    }
    figure, (left, right) = pyplot.subplots(1, 2, figsize=(11, 4))
    _grouped_bars(left, categories, routing, "Routing accuracy per category")
    _grouped_bars(right, list(QUALITY_MEASURES), quality, "Answer items")
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    pyplot.close(figure)
    return path
