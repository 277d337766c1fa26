"""The review page's handlers: queue rows, opening a turn safely, verdicts and exports."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from webui_fakes import TACE_CITATION

from answering.schema import Answer, ChatTurn, Route
from review.store import ReviewStore
from webui.review_page import EMERGENCY_LABEL, EMERGENCY_ROW_STYLE, QUEUE_COLUMNS, ReviewDesk

XSS = '<img src=x onerror="alert(1)">'


@pytest.fixture
def store(tmp_path):
    return ReviewStore(f"sqlite:///{tmp_path / 'review.db'}")


@pytest.fixture
def desk(store, tmp_path):
    return ReviewDesk(store, export_dir=tmp_path / "exports")


def record(store, question="What is TACE?"):
    answer = Answer(route=Route.ANSWERED, text="TACE blocks the artery [1].", citations=[TACE_CITATION])
    return store.record_turn(question, answer, history=[ChatTurn(role="user", content=XSS)])


def test_queue_rows_and_the_until_date_includes_that_whole_day(desk, store):
    turn_id = record(store)
    today = datetime.now().replace(hour=0, minute=0, second=0, microsecond=0)
    rows = desk.load_queue("", False, False, today, today)["data"]
    assert rows[0][0] == turn_id and rows[0][2] == "answered" and rows[0][-1] == "unreviewed"
    assert desk.load_queue("care_team", False, False, None, None)["data"] == []
    assert desk.load_queue("", True, False, None, None)["data"] == []


def test_an_emergency_row_is_drawn_in_red_and_an_ordinary_one_is_not(desk, store):
    record(store)
    store.record_turn(
        "my husband collapsed", Answer(route=Route.EMERGENCY, text="Call now.", citations=[]), session_id="s"
    )
    table = desk.load_queue("", False, False, None, None)
    (emergency, ordinary) = table["metadata"]["styling"]
    assert table["data"][0][2] == EMERGENCY_LABEL and set(emergency) == {EMERGENCY_ROW_STYLE}
    assert set(ordinary) == {""} and table["headers"] == QUEUE_COLUMNS


def test_opening_a_turn_shows_patient_text_escaped(desk, store):
    turn_id = record(store, question=XSS)
    store.add_feedback(turn_id, comment=XSS)
    question, answer, details, sources, history, editable, reason, right_reply, status = desk.open_turn(
        turn_id
    )
    assert question == XSS  # a Textbox shows it as text
    assert "<img" not in details and "&lt;img" in details
    assert "<details open" in sources and TACE_CITATION.quote in sources
    assert (
        editable == answer
        and history == []
        and reason == ""
        and right_reply is None
        and str(turn_id) in status
    )
    assert "no turn" in desk.open_turn(9999)[-1]


def test_verdicts_are_recorded_with_the_reviewer_and_shown_as_history(desk, store):
    turn_id = record(store)
    desk.approve(turn_id, "Nurse A", "", "", None, None)
    history, status = desk.correct(turn_id, "Nurse B", "Better text.", "clearer", "out_of_scope", None)
    assert "Saved" in status
    assert [row[1:5] for row in history] == [
        ["Nurse A", "approve", "", ""],
        ["Nurse B", "correct", "Better text.", "out_of_scope"],
    ]
    _, status = desk.correct(turn_id, "Nurse B", "", "", "answered", None)
    assert status.startswith("Not saved")
    _, status = desk.correct(turn_id, "Nurse B", "Better text.", " ", "answered", None)
    assert status == "Not saved: A correction needs a reason (what was wrong with the answer)."
    _, status = desk.correct(turn_id, "Nurse B", "Better text.", "clearer", None, None)
    assert status.startswith("Not saved: A correction needs the right reply")
    assert len(store.verdicts(turn_id)) == 2


def test_exports_write_downloadable_files(desk, store):
    approved = record(store)
    desk.approve(approved, "Nurse A", "", "", None, None)
    desk.flag_unsafe(record(store), "Nurse A", "", "too directive", None, None)
    jsonl, csv = Path(desk.export_jsonl().value["path"]), Path(desk.export_csv().value["path"])
    items = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    assert [item["id"] for item in items] == [f"review-{approved}"]
    assert items[0]["reference_answer"]
    assert "too directive" in csv.read_text(encoding="utf-8")


def test_a_verdict_keeps_the_login_it_was_given_under_beside_the_typed_name(desk, store):
    class Request:
        username = "ward7"

    turn_id = record(store)
    history, _ = desk.approve(turn_id, "Nurse Jo", "", "", None, Request())
    assert history[-1][1] == "Nurse Jo (ward7)"
    assert store.verdicts(turn_id)[-1].signed_in_as == "ward7"
    history, _ = desk.approve(turn_id, "", "", "", None, Request())
    assert history[-1][1] == "ward7"


def test_the_queue_pages_so_no_turn_is_out_of_reach(desk, store, monkeypatch):
    monkeypatch.setattr("webui.review_page.QUEUE_PAGE", 3)
    ids = [record(store, f"question {n}") for n in range(7)]
    pages = [desk.load_queue("", False, False, None, None, page)["data"] for page in (1, 2, 3, 4)]
    assert [len(rows) for rows in pages] == [3, 3, 1, 0]
    assert sorted(row[0] for rows in pages for row in rows) == ids
