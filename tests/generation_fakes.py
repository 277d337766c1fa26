"""Stand-ins for the grounding and generator tests: a retrieval over seed passages, a word-overlap embedder."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
from eval_fakes import bag_of_words_embed

from answering import extractive
from answering.retrieval import Retrieval, RetrievedChunk
from answering.store import ChunkRecord

ABLATION = (
    "Local therapies are interventions that target the tumors directly within the liver while sparing "
    "surrounding healthy tissue. Ablation techniques, such as radiofrequency ablation (RFA) and microwave "
    "ablation (MWA), use heat energy delivered through a needle to destroy small tumors. These procedures "
    "are minimally invasive and can be an alternative for small, deep-seated tumors."
)
SURGERY = (
    "Surgical resection, which involves removing the portion of the liver containing the metastases, "
    "offers the best potential for a cure in select patients. For patients with resectable colorectal "
    "liver metastases, five-year survival rates can exceed 50% following surgery."
)
SYSTEMIC = (
    "This category includes traditional chemotherapy, which uses drugs to kill rapidly dividing cells. "
    "More modern systemic treatments involve targeted therapies and immunotherapy."
)


def retrieval_of(query: str, embed, *passages: str) -> Retrieval:
    """A retrieval whose chunks are ``passages`` (seed text), ranked in the order given."""
    chunks = [
        RetrievedChunk(
            ChunkRecord(
                f"liver-metastases#local-therapies:{i}",
                text,
                {"source": "liver-metastases.md", "title": "Liver Metastases", "section": "Local Therapies"},
            ),
            rrf=1.0 / (60 + i),
            cosine=0.6,
            bm25=None,
        )
        for i, text in enumerate(passages)
    ]
    return Retrieval(query=query, query_vector=embed([query])[0], chunks=chunks)


def word_overlap_embed(texts: list[str], threads: int = 1, batch_size: int = 32) -> np.ndarray:
    """``eval_fakes.bag_of_words_embed`` with the signature of ``answering.embeddings.embed``."""
    return bag_of_words_embed(texts)


class IndifferentAnswerability:
    """Rates every sentence alike: the learned model reads 384-d MiniLM vectors, not word-overlap ones."""

    aspects = ()

    @staticmethod
    def probabilities(features: np.ndarray) -> np.ndarray:
        return np.zeros(len(features), dtype=np.float32)


def use_word_overlap_vectors(monkeypatch) -> None:
    """Sentence vectors from ``word_overlap_embed`` and no learned answerability, for the extractive rules."""
    monkeypatch.setattr(extractive, "_SENTENCE_VECTORS", SimpleNamespace(embed=word_overlap_embed))
    monkeypatch.setattr(extractive, "load_model", lambda path: IndifferentAnswerability())
