"""Regression guard: the gold, unanswerable and held-out answerability sets, extractive generator, end to end,
must not fall below evals/baseline.json.

Each headline metric may fall at most ``tolerance`` (0.02, stored in the baseline) below its committed
value. A deliberate change of the figures is committed with ``python -m evals baseline``.
"""

import pytest

from answering.settings import Settings
from evals.baseline import (
    BASELINE_GENERATOR,
    GOLD_PATH,
    HELDOUT_PATH,
    UNANSWERABLE_PATH,
    current_headline,
    load_baseline,
    regressions,
)
from evals.evaluation import evaluate_questions


@pytest.mark.slow
def test_headline_metrics_hold_the_baseline(tmp_path):
    baseline = load_baseline()
    settings = Settings(index_dir=tmp_path / "var" / "index")  # a fresh eval index, as on a clean checkout
    scores = [
        evaluate_questions(path, tmp_path / path.stem, [BASELINE_GENERATOR], settings=settings)["generators"][
            BASELINE_GENERATOR
        ]
        for path in (GOLD_PATH, UNANSWERABLE_PATH, HELDOUT_PATH)
    ]
    current = current_headline(*scores)
    assert regressions(current, baseline) == [], f"current {current} vs baseline {baseline['metrics']}"
    readability = scores[0]["readability"]  # issue 13: with the plain versions on, as installed
    assert readability["fk_grade_mean"] <= 7.0 and readability["reading_ease_mean"] >= 65.0, readability
