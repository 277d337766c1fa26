"""Hybrid retrieval: vector search and BM25, fused by reciprocal rank fusion (RRF).

Vector search understands paraphrase and typos; BM25 catches rare exact terms (drug names, "Y-90").
RRF needs no score calibration between the two. Relevance for the out-of-scope decision is the
best cosine similarity, which (unlike RRF) means the same thing for every query.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from answering.embeddings import embed
from answering.schema import Citation
from answering.settings import Settings
from answering.store import Bm25Index, ChunkRecord, SentenceVectorStore, content_terms, record_search_text


@dataclass
class RetrievedChunk:
    """A chunk with the evidence of why it was retrieved."""

    record: ChunkRecord
    rrf: float
    cosine: float | None
    bm25: float | None

    @property
    def id(self) -> str:
        return self.record.id


@dataclass
class Retrieval:
    """The fused ranking for one query, and the query's embedding for later sentence scoring."""

    query: str
    query_vector: np.ndarray
    chunks: list[RetrievedChunk]
    sentence_vectors: SentenceVectorStore | None = None
    #: Passages outside ``chunks`` that hold one of the sentences nearest the question: a short key sentence
    #: ("Diagnosis relies heavily on imaging…") can sit in a passage that ranks low as a whole. They add answer
    #: candidates only; relevance (``best_cosine``) is judged on the fused ranking.
    sentence_hits: list[RetrievedChunk] = field(default_factory=list)

    @property
    def best_cosine(self) -> float:
        return max((c.cosine for c in self.chunks if c.cosine is not None), default=0.0)

    def covers_terms(self, terms: set[str]) -> bool:
        """Whether the retrieved passages use every one of ``terms`` (rare acronyms the embedder misses)."""
        found: set[str] = set()
        for chunk in self.chunks:
            found |= content_terms(record_search_text(chunk.record))
        return bool(terms) and terms <= found


def reciprocal_rank_fusion(rankings: list[list[str]], k: int) -> dict[str, float]:
    """Sum of 1/(k + rank) over the rankings each id appears in (Cormack et al., 2009)."""
    fused: dict[str, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            fused[item] = fused.get(item, 0.0) + 1.0 / (k + rank)
    return fused


class HybridRetriever:
    """Vector + BM25 over the same chunks."""

    def __init__(
        self,
        collection,
        bm25: Bm25Index,
        settings: Settings,
        sentence_vectors: SentenceVectorStore | None = None,
    ) -> None:
        self.collection = collection
        self.bm25 = bm25
        self.settings = settings
        self.sentence_vectors = sentence_vectors

    def still_quotes(self, citation: Citation) -> bool:
        """Is the cited sentence still, word for word, in its passage of the index?"""
        found = self.collection.get(ids=[citation.chunk_id], include=["documents"])
        return any(citation.quote in (document or "") for document in found.get("documents") or [])

    def retrieve(self, query: str, top_k: int | None = None) -> Retrieval:
        top_k = top_k or self.settings.top_k
        candidates = max(top_k * 4, 20)
        vector = embed([query], threads=self.settings.torch_threads)[0]
        hits = self.collection.query(
            query_embeddings=[vector], n_results=candidates, include=["documents", "metadatas", "distances"]
        )
        records = {
            chunk_id: ChunkRecord(chunk_id, text, metadata)
            for chunk_id, text, metadata in zip(
                hits["ids"][0], hits["documents"][0], hits["metadatas"][0], strict=True
            )
        }
        cosines = {
            chunk_id: 1.0 - d for chunk_id, d in zip(hits["ids"][0], hits["distances"][0], strict=True)
        }
        lexical = dict(self.bm25.search(query, candidates))
        fused = reciprocal_rank_fusion([list(cosines), list(lexical)], self.settings.rrf_k)
        best = sorted(fused, key=fused.get, reverse=True)[:top_k]
        by_sentence = self._by_sentence(vector, set(best))
        missing = [chunk_id for chunk_id in best + by_sentence if chunk_id not in records]
        if missing:
            page = self.collection.get(ids=missing, include=["documents", "metadatas", "embeddings"])
            for chunk_id, text, metadata, embedding in zip(
                page["ids"], page["documents"], page["metadatas"], page["embeddings"], strict=True
            ):
                records[chunk_id] = ChunkRecord(chunk_id, text, metadata)
                cosines[chunk_id] = float(np.dot(vector, embedding))

        def retrieved(ids: list[str]) -> list[RetrievedChunk]:
            return [
                RetrievedChunk(records[i], fused.get(i, 0.0), cosines.get(i), lexical.get(i))
                for i in ids
                if i in records
            ]

        return Retrieval(
            query=query,
            query_vector=vector,
            chunks=retrieved(best),
            sentence_vectors=self.sentence_vectors,
            sentence_hits=retrieved(by_sentence),
        )

    def _by_sentence(self, vector: np.ndarray, retrieved: set[str]) -> list[str]:
        """Up to ``sentence_hit_passages`` passages not yet retrieved that hold a sentence near the question."""
        if self.sentence_vectors is None or not self.settings.sentence_hit_passages:
            return []
        nearest = self.sentence_vectors.nearest_chunks(vector, self.settings.sentence_hits)
        return [chunk_id for chunk_id in nearest if chunk_id not in retrieved][
            : self.settings.sentence_hit_passages
        ]
