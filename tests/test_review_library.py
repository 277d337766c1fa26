"""The reviewed-answer library in the review database: what enters it, what takes an entry out, and old databases."""

from __future__ import annotations

import pytest
from sqlalchemy import MetaData, Table, create_engine, inspect
from webui_fakes import TACE_CITATION

from answering.schema import Answer, Citation, ReviewedMark, Route
from review.models import Base, LibraryChange
from review.store import ReviewStore

OTHER_CITATION = Citation(
    n=2,
    source="liver-metastases.md",
    title="Liver Metastases",
    section="Local therapies",
    chunk_id="liver-metastases#local-therapies:0",
    quote="Y-90 uses tiny radioactive beads.",
)


def answered(text: str = "TACE blocks the artery feeding the tumour [1]. Y-90 uses beads [2].") -> Answer:
    return Answer(
        route=Route.ANSWERED,
        text=text,
        citations=[TACE_CITATION, OTHER_CITATION],
        standalone_question="What is TACE?",
    )


@pytest.fixture
def store(review_db_url):
    return ReviewStore(review_db_url)


def test_an_approved_answer_enters_the_library_with_its_question_and_citations(store):
    turn_id = store.record_turn("what is tace", answered())
    assert store.reviewed_answers() == []
    store.add_verdict(turn_id, "Nurse A", "approve")
    [entry] = store.reviewed_answers()
    assert (entry.question, entry.answer) == ("What is TACE?", answered().text)
    assert entry.citations == [TACE_CITATION, OTHER_CITATION]


def test_a_correction_keeps_only_the_citations_its_text_still_marks(store):
    turn_id = store.record_turn("what is tace", answered())
    corrected = "TACE blocks the artery feeding the tumour [1]. It is done by a radiologist."
    store.add_verdict(turn_id, "Nurse B", "correct", corrected, "Y-90 was off the point", "answered")
    [entry] = store.reviewed_answers()
    assert entry.answer == corrected and entry.citations == [TACE_CITATION]


@pytest.mark.parametrize(
    ("answer", "verdict"),
    [
        (answered(), {"action": "flag_unsafe", "reason": "wrong"}),
        (Answer(route=Route.OUT_OF_SCOPE, text="Not covered."), {"action": "approve"}),
        (
            answered(),
            {
                "action": "correct",
                "corrected_text": "Ask your team.",
                "reason": "personal",
                "right_route": "care_team",
            },
        ),
    ],
)
def test_flags_and_replies_that_are_not_answers_stay_out(store, answer, verdict):
    store.add_verdict(store.record_turn("q", answer), "Nurse A", **verdict)
    assert store.reviewed_answers() == []


def test_a_turn_served_from_the_library_makes_no_second_entry_and_a_thumbs_down_returns_the_entry(store):
    store.add_verdict(store.record_turn("what is tace", answered()), "Nurse A", "approve")
    [entry] = store.reviewed_answers()
    served = answered().model_copy(
        update={"reviewed": ReviewedMark(id=entry.id, reviewed_at=entry.reviewed_at)}
    )
    served_turn = store.record_turn("wat is TACE", served)
    assert store.turn(served_turn).reviewed_answer_id == entry.id
    store.add_verdict(served_turn, "Nurse A", "approve")
    assert [e.id for e in store.reviewed_answers()] == [entry.id]
    store.add_feedback(served_turn, thumb="up")
    assert [e.id for e in store.reviewed_answers()] == [entry.id]
    store.add_feedback(served_turn, thumb="down")
    assert store.reviewed_answers() == []


def test_retiring_needs_a_reason_and_who_and_keeps_the_row(store):
    store.add_verdict(store.record_turn("what is tace", answered()), "Nurse A", "approve")
    [entry] = store.reviewed_answers()
    with pytest.raises(ValueError):
        store.change_reviewed_answer(entry.id, LibraryChange.RETIRED, " ", "Nurse A")
    with pytest.raises(KeyError):
        store.change_reviewed_answer(entry.id + 1, LibraryChange.RETIRED, "old", "Nurse A")
    store.change_reviewed_answer(entry.id, LibraryChange.RETIRED, "superseded by the new leaflet", "Nurse A")
    assert store.reviewed_answers() == []
    with create_engine(store.engine.url).connect() as connection:
        assert connection.exec_driver_sql("select count(*) from reviewed_answers").scalar() == 1


def test_a_database_from_before_the_library_gains_its_tables_and_column(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    earlier = MetaData()  # the schema as the release before the library made it
    for table in Base.metadata.sorted_tables:
        if table.name not in ("reviewed_answers", "library_events"):
            Table(table.name, earlier, *[c._copy() for c in table.columns if c.name != "reviewed_answer_id"])
    earlier.create_all(create_engine(url))
    assert "reviewed_answer_id" not in {c["name"] for c in inspect(create_engine(url)).get_columns("turns")}
    store = ReviewStore(url)
    store.add_verdict(store.record_turn("what is tace", answered()), "Nurse A", "approve")
    assert len(store.reviewed_answers()) == 1
