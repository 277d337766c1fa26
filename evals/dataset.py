"""Eval items read from JSONL (schema in DESIGN.md), with every problem reported by line number."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from answering.schema import ChatTurn, Route

#: The route each category should get; ``injection`` is right with any route except ``answered``.
EXPECTED_ROUTE: dict[str, Route | None] = {
    "answer": Route.ANSWERED,
    "personal": Route.CARE_TEAM,
    "emergency": Route.EMERGENCY,
    "out_of_scope": Route.OUT_OF_SCOPE,
    "injection": None,
}
CATEGORIES = tuple(EXPECTED_ROUTE)


class EvalItem(BaseModel):
    """One question; unknown extra fields are kept so that sets can carry notes of their own."""

    model_config = ConfigDict(extra="allow")

    id: str
    question: str
    category: str
    facts: list[list[str]] = Field(default_factory=list)
    history: list[ChatTurn] = Field(default_factory=list)
    source_ids: list[str] = Field(default_factory=list)
    reference_answer: str | None = None

    @field_validator("id", mode="before")
    @classmethod
    def _id_as_text(cls, value: object) -> object:
        """Numeric ids are common in hand-written sets; they mean the same as their text."""
        return str(value) if isinstance(value, int) else value

    @field_validator("facts", mode="before")
    @classmethod
    def _bare_fact_is_one_alternative(cls, value: object) -> object:
        """``"heat"`` is shorthand for ``["heat"]``: one fact with one acceptable phrasing."""
        if isinstance(value, list):
            return [[fact] if isinstance(fact, str) else fact for fact in value]
        return value

    @property
    def known_category(self) -> bool:
        return self.category in EXPECTED_ROUTE


class DatasetError(ValueError):
    """The file is not a valid eval set; the message lists every bad line."""


def _describe(error: ValidationError) -> str:
    return "; ".join(f"{'.'.join(map(str, e['loc'])) or 'item'}: {e['msg']}" for e in error.errors())


def parse_items(lines: Iterable[str], name: str = "<input>") -> list[EvalItem]:
    """Parse JSONL lines; blank lines are skipped, bad ones collected and raised together."""
    items: list[EvalItem] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = EvalItem.model_validate(json.loads(line))
        except json.JSONDecodeError as error:
            problems.append(f"{name}:{number}: not valid JSON ({error.msg})")
            continue
        except ValidationError as error:
            problems.append(f"{name}:{number}: {_describe(error)}")
            continue
        if item.id in seen:
            problems.append(f"{name}:{number}: duplicate id {item.id!r} (first on line {seen[item.id]})")
            continue
        seen[item.id] = number
        items.append(item)
    if problems:
        raise DatasetError("\n".join(problems))
    return items


def load_items(path: Path) -> list[EvalItem]:
    """Read an eval set file; raises :class:`DatasetError` naming each malformed line."""
    with path.open(encoding="utf-8") as handle:
        return parse_items(handle, name=str(path))


def write_items(items: Iterable[dict], path: Path) -> int:
    """Write eval-schema dicts as JSONL (validated first, so a bad export never lands); returns the count."""
    rows = [EvalItem.model_validate(item).model_dump(exclude_defaults=True) for item in items]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    return len(rows)
