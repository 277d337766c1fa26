"""Regression guard: the gold set, extractive generator, end to end, must not fall below evals/baseline.json.

Each headline metric may fall at most ``tolerance`` (0.02, stored in the baseline) below its committed
value. A deliberate change of the figures is committed with ``python -m evals baseline``.
"""

import pytest

from answering.settings import Settings
from evals.baseline import BASELINE_GENERATOR, GOLD_PATH, headline, load_baseline, regressions
from evals.evaluation import evaluate_questions


@pytest.mark.slow
def test_gold_set_headline_metrics_hold_the_baseline(tmp_path):
    baseline = load_baseline()
    settings = Settings(index_dir=tmp_path / "var" / "index")  # a fresh eval index, as on a clean checkout
    result = evaluate_questions(GOLD_PATH, tmp_path / "run", [BASELINE_GENERATOR], settings=settings)
    current = headline(result["generators"][BASELINE_GENERATOR])
    assert regressions(current, baseline) == [], f"current {current} vs baseline {baseline['metrics']}"
