"""The ONNX backends against the torch reference: same tokens, the same (fp32) or nearly the same (int8) vectors,
input order kept."""

import numpy as np
import pytest

from answering import onnx_model
from answering.embeddings import embed, get_encoder, sentence_transformer
from answering.sentences import split_sentences
from answering.settings import PROJECT_ROOT

pytestmark = pytest.mark.slow

EDGE_CASES = ["", "a", "word " * 600, "émoji 🙂 مرحبا 你好", "TACE\tY-90\nSBRT"]


@pytest.fixture(scope="module")
def texts() -> list[str]:
    seed = (PROJECT_ROOT / "corpus" / "liver-metastases.md").read_text(encoding="utf-8")
    return split_sentences(seed) + EDGE_CASES


def test_onnx_tokenises_exactly_like_sentence_transformers(texts):
    reference = sentence_transformer().tokenizer
    ours = get_encoder("onnx-fp32").tokenizer
    for text in texts:
        assert ours.encode(text).ids == reference(text, truncation=True, max_length=256)["input_ids"], text


def test_onnx_fp32_vectors_are_torchs_to_rounding(texts):
    """What makes answers the same on every CPU: the classifiers' training vectors are torch's, rounded to 1e-3."""
    np.testing.assert_allclose(embed(texts, backend="onnx-fp32"), embed(texts, backend="torch"), atol=1e-4)


def test_onnx_int8_vectors_are_unit_length_and_close_to_torch(texts):
    int8, torch = embed(texts, backend="onnx-int8"), embed(texts, backend="torch")
    np.testing.assert_allclose(np.linalg.norm(int8, axis=1), 1.0, atol=1e-4)
    cosines = (int8 * torch).sum(axis=1)
    assert cosines.mean() >= 0.99 and cosines.min() >= 0.97


@pytest.mark.parametrize("backend", ["onnx-fp32", "onnx-int8"])
def test_a_texts_vector_does_not_depend_on_the_texts_embedded_with_it(backend):
    texts = ["short", "a much longer sentence about liver metastases and their treatment", "mid length one"]
    together = embed(texts, batch_size=32, backend=backend)
    alone = np.vstack([embed([text], backend=backend) for text in texts])
    np.testing.assert_array_equal(together, alone)


def test_the_model_files_are_made_once_and_then_reused(tmp_path, monkeypatch):
    int8 = onnx_model.int8_model_path(tmp_path)  # exports, then quantises the export (~10 s)
    fp32 = onnx_model.fp32_model_path(tmp_path)
    assert sorted(tmp_path.iterdir()) == sorted([fp32, int8])  # no scratch left behind
    assert fp32.stat().st_size > 80_000_000 and 10_000_000 < int8.stat().st_size < 30_000_000

    def refuse(*args, **kwargs):
        raise AssertionError("the model file should have been reused")

    monkeypatch.setattr(onnx_model, "export_fp32", refuse)
    monkeypatch.setattr(onnx_model, "quantize_int8", refuse)
    assert (onnx_model.fp32_model_path(tmp_path), onnx_model.int8_model_path(tmp_path)) == (fp32, int8)
