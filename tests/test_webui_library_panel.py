"""The library panel of the review page: entries with who, when and how often served; retiring one."""

from __future__ import annotations

import pytest
from webui_fakes import TACE_CITATION

from answering.schema import Answer, ReviewedMark, Route
from review.store import ReviewStore
from webui.library_panel import LibraryDesk


class Request:
    username = "nurse"


@pytest.fixture
def store(tmp_path):
    return ReviewStore(f"sqlite:///{tmp_path / 'review.db'}")


def approved_entry(store) -> int:
    answer = Answer(route=Route.ANSWERED, text="TACE blocks the artery [1].", citations=[TACE_CITATION])
    store.add_verdict(store.record_turn("What is TACE?", answer), "Nurse Jo", "approve")
    [entry] = store.reviewed_answers()
    for _ in range(2):
        served = answer.model_copy(
            update={"reviewed": ReviewedMark(id=entry.id, reviewed_at=entry.reviewed_at)}
        )
        store.record_turn("what is tace", served)
    return entry.id


def test_rows_show_who_reviewed_and_how_often_it_was_served(store):
    entry_id = approved_entry(store)
    [row] = LibraryDesk(store).rows()
    assert (row[0], row[2], row[3], row[5]) == (entry_id, "Nurse Jo", "What is TACE?", 2)


def test_retiring_needs_a_reason_and_takes_the_entry_out(store):
    entry_id = approved_entry(store)
    desk = LibraryDesk(store)
    _, status = desk.retire(entry_id, "Nurse Jo", "", Request())
    assert status.startswith("Not retired") and store.reviewed_answers()
    _, status = desk.retire(entry_id + 5, "Nurse Jo", "old", Request())
    assert status.startswith("Not retired")
    rows, status = desk.retire(entry_id, "", "New leaflet says otherwise", Request())
    assert rows == [] and status.startswith("Retired") and store.reviewed_answers() == []
