"""Routes do not depend on the embedding backend. The router's learned models (personal, emergency) run in fp32
ONNX whatever the product embeds answers with; int8 kernels differ by CPU instruction set (AVX2 vs AVX-512), so
a route that followed the int8 vectors would differ by machine."""

import pytest

from answering.guardrails import Router
from answering.settings import Settings
from evals.baseline import GOLD_PATH
from evals.dataset import load_items
from evals.guardrails import GUARDRAIL_SET, emergency_items, run

pytestmark = pytest.mark.slow


def routes(backend, items):
    return [outcome.route for outcome in run(Router.load(Settings(embedding_backend=backend)), items)]


def test_routes_of_the_labelled_sets_are_the_same_with_the_int8_and_fp32_backends():
    items = load_items(GUARDRAIL_SET) + load_items(GOLD_PATH) + emergency_items("heldout")
    assert routes("onnx-int8", items) == routes("onnx-fp32", items)
