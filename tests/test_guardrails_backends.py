"""Routes do not depend on the embedding backend: the personal classifier is trained on rounded fp32 reference
vectors; the product embeds with fp32 ONNX (the same vectors) or, opted in, int8 ONNX, whose kernels (and so its
last digits) differ by CPU instruction set. (The emergency detector runs in fp32 on any backend.)"""

import pytest

from answering.embeddings import embed
from answering.guardrails import Router
from answering.settings import Settings
from evals.baseline import GOLD_PATH
from evals.dataset import load_items
from evals.guardrails import GUARDRAIL_SET, emergency_items, run

pytestmark = pytest.mark.slow
#: Messages whose route may flip between backends: a score within a hair of a threshold. One in fifty at most.
MAX_CHANGED_SHARE = 0.02


def routes(router, items):
    return [outcome.route for outcome in run(router, items)]


@pytest.fixture(scope="module")
def items():
    return load_items(GUARDRAIL_SET) + load_items(GOLD_PATH) + emergency_items("heldout")


def test_routes_of_the_labelled_sets_agree_between_int8_and_fp32(items):
    settings = Settings()
    int8 = routes(Router.load(settings, embed=lambda texts: embed(texts, backend="onnx-int8")), items)
    fp32 = routes(
        Router.load(settings, embed=lambda texts: embed(texts, batch_size=1, backend="torch")), items
    )
    changed = [(item.question, a, b) for item, a, b in zip(items, int8, fp32, strict=True) if a != b]
    assert len(changed) / len(items) <= MAX_CHANGED_SHARE, changed
