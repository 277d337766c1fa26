"""Recall@k and reciprocal rank of retrieved chunk ids against an item's ``source_ids``.

A source id names a chunk (``doc#section:0``), a section (``doc#section``) or, without ``#``, a whole
document (``colon-cancer-0000037-1``, as in the MedQuAD set where the reference is the source file).
"""

from __future__ import annotations

from collections.abc import Sequence


def matches(chunk_id: str, source_id: str) -> bool:
    """Whether a retrieved chunk lies inside what ``source_id`` names."""
    if "#" not in source_id:
        return chunk_id.split("#", 1)[0] == source_id
    return chunk_id == source_id or chunk_id.startswith(source_id + ":")


def recall_at_k(retrieved: Sequence[str], source_ids: Sequence[str], k: int) -> float:
    """Share of the item's sources that at least one of the top ``k`` chunks falls in."""
    top = retrieved[:k]
    found = sum(any(matches(chunk_id, source_id) for chunk_id in top) for source_id in source_ids)
    return found / len(source_ids)


def reciprocal_rank(retrieved: Sequence[str], source_ids: Sequence[str]) -> float:
    """1 / rank of the first chunk that falls in any source; 0 when none does."""
    for rank, chunk_id in enumerate(retrieved, start=1):
        if any(matches(chunk_id, source_id) for source_id in source_ids):
            return 1.0 / rank
    return 0.0
