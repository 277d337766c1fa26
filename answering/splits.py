"""Splits of labelled sets by a key's hash: the same on every machine, and a key never changes side."""

from __future__ import annotations

import hashlib


def hash_fraction(key: str, salt: str) -> float:
    """A number in [0, 1] fixed by ``salt`` and ``key``: "held out when below 0.3" holds out about 30%."""
    digest = hashlib.sha256(f"{salt}:{key}".encode()).hexdigest()
    return int(digest[:8], 16) / 0xFFFFFFFF


def one_in(key: str, every: int) -> bool:
    """True for about one key in ``every``, fixed by the key's own (unsalted) sha256: the fifth of templates or
    questions a guardrail trainer sets aside to choose or check its threshold."""
    return int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:8], 16) % every == 0
