"""The span every PII finder returns (the rules, the tagger) and the labelled sets are written in."""

from __future__ import annotations

from dataclasses import dataclass

KINDS = ("NAME", "ADDRESS", "POSTCODE", "DATE", "PHONE", "EMAIL", "ID")


@dataclass(frozen=True)
class Identifier:
    """``text[start:end]`` is an identifier of ``kind`` (one of ``KINDS``)."""

    start: int
    end: int
    kind: str

    def overlaps(self, other: Identifier) -> bool:
        return self.start < other.end and other.start < self.end
