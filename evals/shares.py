"""The share of items for which something holds: the one fraction every eval report is made of."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

Item = TypeVar("Item")


def share_where(items: Sequence[Item], holds: Callable[[Item], bool]) -> float | None:
    """None for no items, so an empty group reads "n/a" rather than 0."""
    return sum(map(holds, items)) / len(items) if items else None
