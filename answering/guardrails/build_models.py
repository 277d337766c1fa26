"""Build the fine-tuned detectors' ONNX files now: ``python -m answering.guardrails.build_models``.

``make run`` and ``make test`` run it, so no app or test start waits for an export. A module of its own:
``python -m`` on ``tuned_model`` itself warned that the package had imported it already.
"""

from __future__ import annotations

import logging

from answering.guardrails.tuned_model import onnx_path
from answering.settings import get_settings

if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    settings = get_settings()
    for card_path in (
        settings.emergency_model_path,
        settings.emergency_second_model_path,
        settings.personal_model_path,
    ):
        print(onnx_path(card_path, settings.model_cache_dir))
