"""Eval sets load with optional fields missing; every malformed line is named by its number."""

import json

import pytest

from evals.dataset import DatasetError, EvalItem, load_items, parse_items, write_items


def test_minimal_items_load_with_defaults_and_blank_lines_skipped():
    lines = [
        '{"id": "a", "question": "What is TACE?", "category": "answer"}',
        "",
        '{"id": 7, "question": "q", "category": "personal"}',
    ]
    first, second = parse_items(lines)
    assert (first.facts, first.history, first.source_ids, first.reference_answer) == ([], [], [], None)
    assert second.id == "7"


def test_bare_string_fact_is_one_fact_with_one_phrasing_and_history_is_parsed():
    item = EvalItem.model_validate(
        {
            "id": "a",
            "question": "and Y-90?",
            "category": "answer",
            "facts": ["heat", ["beads", "microspheres"]],
            "history": [{"role": "user", "content": "What is TACE?"}],
        }
    )
    assert item.facts == [["heat"], ["beads", "microspheres"]]
    assert item.history[0].content == "What is TACE?"


def test_unknown_category_loads_but_is_marked():
    (item,) = parse_items(['{"id": "a", "question": "q", "category": "chit-chat", "note": "kept"}'])
    assert not item.known_category
    assert item.model_extra == {"note": "kept"}


def test_every_bad_line_is_reported_with_its_number():
    lines = [
        '{"id": "a", "question": "q", "category": "answer"}',
        '{"id": "b", "question": "q", "category": ',
        '{"id": "c", "category": "answer"}',
        '{"id": "a", "question": "again", "category": "answer"}',
        "[1, 2]",
    ]
    with pytest.raises(DatasetError) as caught:
        parse_items(lines, name="set.jsonl")
    message = str(caught.value)
    assert "set.jsonl:2: not valid JSON" in message
    assert "set.jsonl:3: question: Field required" in message
    assert "set.jsonl:4: duplicate id 'a' (first on line 1)" in message
    assert "set.jsonl:5:" in message
    assert "set.jsonl:1" not in message


def test_write_items_round_trips_and_refuses_invalid(tmp_path):
    path = tmp_path / "out.jsonl"
    assert write_items([{"id": "x", "question": "q", "category": "answer", "reference": "r"}], path) == 1
    assert json.loads(path.read_text()) == {
        "id": "x",
        "question": "q",
        "category": "answer",
        "reference": "r",
    }
    assert load_items(path)[0].id == "x"
    with pytest.raises(ValueError):
        write_items([{"id": "y"}], tmp_path / "bad.jsonl")
