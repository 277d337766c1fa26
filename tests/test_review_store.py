"""The review store: scrubbing, the audit trail, queue filters, exports, and surviving a restart."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.exc import OperationalError
from webui_fakes import CARE_TEAM_TEXT, TACE_CITATION

from answering.schema import Answer, ChatTurn, Route
from review.models import Action
from review.store import MAX_STORED_CHARS, ReviewStore


def answered(text: str = "TACE blocks the artery feeding the tumour [1].") -> Answer:
    return Answer(route=Route.ANSWERED, text=text, citations=[TACE_CITATION], generator="extractive")


@pytest.fixture
def db_url(review_db_url):
    return review_db_url


@pytest.fixture
def store(db_url):
    return ReviewStore(db_url)


def test_a_huge_question_and_comment_are_stored_cut_with_a_note(store):
    turn_id = store.record_turn("What is TACE? " * 400_000, answered(), session_id="s1")
    store.add_feedback(turn_id, comment="x" * 1_000_000)
    turn = store.turn(turn_id)
    assert turn.question.startswith("What is TACE? What is TACE?")
    assert len(turn.question) < MAX_STORED_CHARS + 100 and "more characters not stored" in turn.question
    assert len(turn.feedback[0].comment) < MAX_STORED_CHARS + 100


def test_patient_text_is_scrubbed_with_the_guardrails_scrubber(store):
    turn_id = store.record_turn(
        "My name is Anna Smith, call me on 555-123-4567. What is TACE?",
        answered(),
        history=[ChatTurn(role="user", content="I'm Anna, born on 3 May 1960")],
        session_id="s1",
    )
    store.add_feedback(turn_id, comment="Email me at anna@example.org", flagged=True)
    turn = store.turn(turn_id)
    stored = turn.question + turn.history[0]["content"] + turn.feedback[0].comment
    for identifier in ("Anna", "Smith", "555-123-4567", "1960", "anna@example.org"):
        assert identifier not in stored
    assert "What is TACE?" in turn.question
    assert turn.answer == answered().text


def test_a_note_said_before_the_answer_is_stored_apart_and_shown_as_the_patient_read_it(store):
    answer = answered().model_copy(update={"note": "I can't speak to your own case."})
    turn_id = store.record_turn("My mum has liver mets. What is TACE?", answer)
    turn = store.turn(turn_id)
    assert (turn.answer, turn.note) == (answered().text, "I can't speak to your own case.")
    assert turn.shown_answer == f"I can't speak to your own case.\n\n{answered().text}"
    # approved, it becomes a library answer and a reference answer without the note about one patient's case
    store.add_verdict(turn_id, "Nurse A", "approve")
    assert [row.answer for row in store.library()] == [answered().text]
    assert [i["reference_answer"] for i in store.export_eval_items()] == [answered().text]


def test_a_database_from_before_the_note_gains_the_column_and_keeps_its_turns(db_url):
    from sqlalchemy import create_engine, inspect, text

    turn_id = ReviewStore(db_url).record_turn("What is TACE?", answered())
    with create_engine(db_url).begin() as connection:  # the turns table as the earlier release made it
        connection.execute(text("ALTER TABLE turns DROP COLUMN note"))
    assert "note" not in {c["name"] for c in inspect(create_engine(db_url)).get_columns("turns")}
    reopened = ReviewStore(db_url)
    assert (reopened.turn(turn_id).answer, reopened.turn(turn_id).note) == (answered().text, "")


def test_turn_keeps_route_citations_generator_and_latency(store):
    answer = answered()
    answer.timings_ms = {"total": 42.5}
    turn = store.turn(store.record_turn("What is TACE?", answer, session_id="abc"))
    assert (turn.route, turn.generator, turn.latency_ms, turn.session_id) == (
        "answered",
        "extractive",
        42.5,
        "abc",
    )
    assert turn.citations[0]["chunk_id"] == "liver-metastases#local-therapies:0"


def test_every_verdict_is_a_new_row_and_the_latest_counts(store):
    turn_id = store.record_turn("What is TACE?", answered())
    store.add_verdict(turn_id, "Nurse A", Action.APPROVE)
    store.add_verdict(
        turn_id,
        "Nurse B",
        "correct",
        corrected_text="TACE is given into the liver artery.",
        reason="clearer",
        right_route="answered",
    )
    history = store.verdicts(turn_id)
    assert [(v.reviewer, v.action) for v in history] == [
        ("Nurse A", Action.APPROVE),
        ("Nurse B", Action.CORRECT),
    ]
    assert history[0].created_at <= history[1].created_at
    assert store.turn(turn_id).latest_verdict.corrected_text == "TACE is given into the liver artery."


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"reviewer": "Nurse A", "action": "delete"}, ValueError),
        ({"reviewer": "  ", "action": "approve"}, ValueError),
        ({"reviewer": "Nurse A", "action": "correct", "corrected_text": " ", "reason": "wrong"}, ValueError),
        (
            {"reviewer": "Nurse A", "action": "correct", "corrected_text": "Better.", "reason": "wrong"},
            ValueError,  # the right reply is missing
        ),
        (
            {
                "reviewer": "Nurse A",
                "action": "correct",
                "corrected_text": "Better.",
                "reason": "wrong",
                "right_route": "maybe",
            },
            ValueError,
        ),
        (
            {"reviewer": "Nurse A", "action": "correct", "corrected_text": "Better.", "reason": "  "},
            ValueError,
        ),
    ],
)
def test_invalid_verdicts_are_refused(store, kwargs, error):
    turn_id = store.record_turn("What is TACE?", answered())
    with pytest.raises(error):
        store.add_verdict(turn_id, **kwargs)
    assert store.verdicts(turn_id) == []


def test_feedback_and_verdicts_need_an_existing_turn(store):
    with pytest.raises(KeyError):
        store.add_feedback(999, thumb="up")
    with pytest.raises(KeyError):
        store.add_verdict(999, "Nurse A", "approve")


def test_queue_filters_by_route_feedback_and_date(store):
    tace = store.record_turn("What is TACE?", answered())
    personal = store.record_turn(
        "Should I stop my chemo?", Answer(route=Route.CARE_TEAM, text=CARE_TEAM_TEXT)
    )
    store.add_feedback(tace, thumb="down")
    store.add_feedback(personal, flagged=True)

    assert [t.id for t in store.queue(route="care_team")] == [personal]
    assert [t.id for t in store.queue(flagged=True)] == [personal]
    assert [t.id for t in store.queue(flagged=False)] == [tace]
    assert [t.id for t in store.queue(thumbs_down=True)] == [tace]
    now = datetime.now(UTC)
    assert {
        t.id for t in store.queue(since=now - timedelta(minutes=5), until=now + timedelta(minutes=5))
    } == {
        tace,
        personal,
    }
    assert store.queue(since=now + timedelta(minutes=5)) == []
    assert store.queue(until=now - timedelta(minutes=5)) == []


def test_queue_puts_unreviewed_turns_first(store):
    first = store.record_turn("What is TACE?", answered())
    second = store.record_turn("What is Y-90?", answered())
    store.add_verdict(second, "Nurse A", "approve")
    assert [t.id for t in store.queue()] == [first, second]
    assert [t.id for t in store.queue(unreviewed_first=False)] == [second, first]


def test_unreviewed_emergencies_come_first_in_the_queue(store):
    emergency = store.record_turn("He won't wake up", Answer(route=Route.EMERGENCY, text="Call 999 now."))
    newer = store.record_turn("What is TACE?", answered())
    assert [t.id for t in store.queue()] == [emergency, newer]
    store.add_verdict(emergency, "Nurse A", "approve")
    assert [t.id for t in store.queue()] == [newer, emergency]


def test_export_eval_items_follows_the_latest_verdict(store):
    approved = store.record_turn(
        "and how is it given?", answered(), history=[ChatTurn(role="user", content="What is TACE?")]
    )
    corrected = store.record_turn("What is TACE?", answered())
    unsafe = store.record_turn("Should I stop my chemo?", Answer(route=Route.CARE_TEAM, text=CARE_TEAM_TEXT))
    store.record_turn("never reviewed", answered())
    store.add_verdict(approved, "Nurse A", "approve")
    store.add_verdict(corrected, "Nurse A", "approve")
    store.add_verdict(
        corrected,
        "Nurse B",
        "correct",
        corrected_text="Corrected text.",
        reason="wrong detail",
        right_route="care_team",
    )
    store.add_verdict(unsafe, "Nurse C", "flag_unsafe", reason="sounds like advice")

    items = {item["id"]: item for item in store.export_eval_items()}
    # a turn flagged unsafe is for a person to fix, not a target whose route the eval would reward
    assert set(items) == {f"review-{approved}", f"review-{corrected}"}
    first = items[f"review-{approved}"]
    assert first["category"] == "answer"
    assert first["reference_answer"] == answered().text
    assert first["history"] == [{"role": "user", "content": "What is TACE?"}]
    assert first["source_ids"] == ["liver-metastases#local-therapies:0"]
    assert items[f"review-{corrected}"]["reference_answer"] == "Corrected text."
    assert "wrong detail" in items[f"review-{corrected}"]["note"]


def test_export_csv_has_one_row_per_reviewed_turn_and_defuses_formulas(store, tmp_path):
    turn_id = store.record_turn('=HYPERLINK("http://evil") what is TACE?', answered())
    store.add_feedback(turn_id, thumb="up")
    store.add_verdict(turn_id, "Nurse A", "approve")
    store.record_turn("not reviewed", answered())

    with store.export_csv(tmp_path / "out" / "review.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 1
    assert rows[0]["question"].startswith("'=HYPERLINK")
    assert (rows[0]["verdict"], rows[0]["reviewer"], rows[0]["thumbs_up"]) == ("approve", "Nurse A", "1")
    assert rows[0]["sources"] == "[1] Liver Metastases — Local therapies"


def test_a_new_store_on_the_same_file_keeps_turns_feedback_and_verdicts(db_url):
    first = ReviewStore(db_url)
    turn_id = first.record_turn("What is TACE?", answered())
    first.add_feedback(turn_id, thumb="down", comment="too long")
    first.add_verdict(turn_id, "Nurse A", "approve")
    first.engine.dispose()

    reopened = ReviewStore(db_url).turn(turn_id)
    assert reopened.question == "What is TACE?"
    assert reopened.feedback[0].comment == "too long"
    assert [v.reviewer for v in reopened.verdicts] == ["Nurse A"]


class FlakySessions:
    """A session factory whose first ``begin()`` fails as a locked SQLite database does."""

    def __init__(self, real, failures: int) -> None:
        self.real, self.failures = real, failures

    def begin(self):
        if self.failures:
            self.failures -= 1
            raise OperationalError("INSERT", {}, Exception("database is locked"))
        return self.real.begin()

    def __call__(self):
        return self.real()


def test_a_write_is_retried_once(store):
    store._sessions = FlakySessions(store._sessions, failures=1)
    turn_id = store.record_turn("What is TACE?", answered())
    assert [t.id for t in store.queue()] == [turn_id]


def test_a_write_failing_twice_raises_and_stores_nothing(store):
    store._sessions = FlakySessions(store._sessions, failures=2)
    with pytest.raises(OperationalError):
        store.record_turn("What is TACE?", answered())
    assert store.queue() == []


def test_a_correction_exports_as_the_reply_the_nurse_says_was_right_without_the_wrong_sources(store):
    """ "What are the side effects of TACE?" answered with the symptom list: as a test item it must expect
    "not covered", not reward the passages that were wrongly quoted."""
    turn_id = store.record_turn("What are the side effects of TACE?", answered())
    store.add_verdict(
        turn_id,
        "Nurse B",
        "correct",
        corrected_text="My materials do not describe the side effects of TACE.",
        reason="the answer listed symptoms of liver metastases",
        right_route="out_of_scope",
    )
    (item,) = store.export_eval_items()
    assert item["category"] == "out_of_scope" and "source_ids" not in item
    approved = store.record_turn("What is TACE?", answered())
    store.add_verdict(approved, "Nurse B", "approve")
    assert [i["source_ids"] for i in store.export_eval_items() if i["question"] == "What is TACE?"] == [
        [TACE_CITATION.chunk_id]
    ]


def test_a_database_from_before_right_route_gains_the_column_and_keeps_its_verdicts(db_url):
    from sqlalchemy import create_engine, inspect, text

    old = ReviewStore(db_url)
    turn_id = old.record_turn("What is TACE?", answered())
    old.add_verdict(turn_id, "Nurse A", "approve")
    with create_engine(db_url).begin() as connection:  # the verdicts table as the earlier release made it
        connection.execute(text("ALTER TABLE verdicts DROP COLUMN right_route"))
    assert "right_route" not in {c["name"] for c in inspect(create_engine(db_url)).get_columns("verdicts")}
    reopened = ReviewStore(db_url)
    assert [(v.reviewer, v.action, v.right_route) for v in reopened.verdicts(turn_id)] == [
        ("Nurse A", Action.APPROVE, None)
    ]
    reopened.add_verdict(
        turn_id, "Nurse B", "correct", corrected_text="x", reason="y", right_route="answered"
    )
    assert reopened.verdicts(turn_id)[-1].right_route == "answered"
