"""The sentence-embedding cache returns what the model would, computes each text once, stays bounded."""

import numpy as np

import answering.embeddings as embeddings


def test_cache_computes_each_text_once_and_evicts_oldest(monkeypatch):
    calls: list[list[str]] = []

    def fake_embed(texts, threads=1, batch_size=32):
        calls.append(list(texts))
        return np.array([[float(len(t)), 1.0] for t in texts], dtype=np.float32).reshape(len(texts), 2)

    monkeypatch.setattr(embeddings, "embed", fake_embed)
    cache = embeddings.EmbeddingCache(max_entries=2)
    first = cache.embed(["aa", "bbb", "aa"])
    assert first[:, 0].tolist() == [2.0, 3.0, 2.0]
    assert calls == [["aa", "bbb"]]
    cache.embed(["bbb"])
    assert calls[-1] == []
    cache.embed(["cccc"])  # evicts "aa", the least recently used
    cache.embed(["aa"])
    assert calls[-1] == ["aa"]
