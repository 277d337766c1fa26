"""No patient turn is lost when the review database is locked, read-only or down: it is spooled on local disk
and stored once when the database is back. The drill runs on SQLite and on a real PostgreSQL."""

from __future__ import annotations

import json
import logging
import threading
import time

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from webui_fakes import TACE_CITATION

from answering.reviewed.library import LibraryUnavailable
from answering.schema import Answer, Route
from review.spool import TurnSpool
from review.store import ReviewStore

TIMEOUT_S = 0.3


def answered(text: str = "TACE blocks the artery feeding the tumour [1].") -> Answer:
    return Answer(route=Route.ANSWERED, text=text, citations=[TACE_CITATION], generator="extractive")


@pytest.fixture
def spool(tmp_path):
    return TurnSpool(tmp_path / "spool" / "review-spool.jsonl")


@pytest.fixture
def store(review_db_url, spool):
    return ReviewStore(review_db_url, spool=spool, timeout_s=TIMEOUT_S)


class Lock:
    """Holds the database locked against writers, from another connection, until released."""

    def __init__(self, url: str) -> None:
        self.engine = create_engine(url)
        self.connection = self.engine.connect()
        if make_url(url).get_backend_name() == "sqlite":
            self.connection.exec_driver_sql("BEGIN EXCLUSIVE")
        else:
            self.connection.begin()
            self.connection.execute(text("LOCK TABLE turns IN ACCESS EXCLUSIVE MODE"))

    def release(self) -> None:
        self.connection.rollback()
        self.connection.close()
        self.engine.dispose()


def questions(store: ReviewStore) -> list[str]:
    return sorted(t.question for t in store.queue(unreviewed_first=False))


def test_turns_asked_while_the_database_is_locked_are_spooled_then_stored_once(review_db_url, store, spool):
    store.record_turn("before the lock", answered())
    lock = Lock(review_db_url)
    waits = []
    for n in range(5):
        started = time.perf_counter()
        assert store.record_turn(f"during the lock {n}", answered()) is None
        waits.append(time.perf_counter() - started)
    assert len(spool) == 5
    assert max(waits) < 10 * TIMEOUT_S  # a generous bound: the patient never waits long on the database
    assert store.drain_spool() == 0  # still locked: nothing stored, nothing lost
    assert len(spool) == 5
    lock.release()
    assert store.drain_spool() == 5
    assert store.drain_spool() == 0 and len(spool) == 0
    assert questions(store) == ["before the lock", *[f"during the lock {n}" for n in range(5)]]


def test_once_a_turn_is_spooled_the_next_go_straight_to_the_spool_until_a_drain_empties_it(
    review_db_url, store, spool, monkeypatch
):
    lock = Lock(review_db_url)
    try:
        assert store.record_turn("first in the lock", answered()) is None  # waited out the timeout
        tries = []
        write = store._write
        monkeypatch.setattr(
            store, "_write", lambda *args, **kwargs: tries.append(1) or write(*args, **kwargs)
        )
        assert (
            store.record_turn("second", answered()) is None and store.record_turn("third", answered()) is None
        )
        assert tries == [] and len(spool) == 3  # no wait on the locked database
    finally:
        lock.release()
    monkeypatch.undo()
    assert store.drain_spool() == 3
    assert isinstance(store.record_turn("after the drain", answered()), int)  # the database is used again
    assert questions(store) == ["after the drain", "first in the lock", "second", "third"]


def test_a_drain_cut_short_never_stores_a_turn_twice(review_db_url, store, spool, monkeypatch):
    lock = Lock(review_db_url)
    for n in range(3):
        store.record_turn(f"spooled {n}", answered())
    lock.release()

    def crash(unstored):
        raise KeyboardInterrupt("the process died after storing, before clearing the spool")

    with monkeypatch.context() as patch:
        patch.setattr(spool, "finish", crash)
        with pytest.raises(KeyboardInterrupt):
            store.drain_spool()
    assert len(spool) == 3  # the drained file is still there
    assert store.drain_spool() == 0  # each turn recognised by its key
    assert len(spool) == 0
    assert questions(store) == ["spooled 0", "spooled 1", "spooled 2"]


def test_a_spooled_turn_keeps_its_time_and_scrubbed_text(review_db_url, store, spool):
    lock = Lock(review_db_url)
    noted = answered().model_copy(update={"note": "I can't speak to your own case."})
    store.record_turn("I'm Ann Lee, is TACE painful?", noted, session_id="s1", latency_ms=12.0)
    lock.release()
    written = json.loads(spool.path.read_text(encoding="utf-8"))
    assert "Ann" not in spool.path.read_text(encoding="utf-8")
    time.sleep(0.05)
    store.drain_spool()
    [turn] = store.queue()
    assert turn.created_at.isoformat() == written["created_at"]
    assert (turn.session_id, turn.latency_ms, turn.route) == ("s1", 12.0, "answered")
    assert (turn.answer, turn.note) == (answered().text, "I can't speak to your own case.")


def test_the_drainer_stores_spooled_turns_in_the_background(review_db_url, store, spool):
    lock = Lock(review_db_url)
    store.record_turn("asked during the lock", answered())
    stop = store.drain_spool_every(0.1)
    time.sleep(0.3)
    assert len(spool) == 1  # still locked
    lock.release()
    deadline = time.monotonic() + 10
    while len(spool) and time.monotonic() < deadline:
        time.sleep(0.05)
    stop.set()
    assert questions(store) == ["asked during the lock"]


def test_a_failed_write_is_logged_without_the_patients_words(review_db_url, store, caplog):
    lock = Lock(review_db_url)
    with caplog.at_level(logging.DEBUG):
        store.record_turn("my secret question about TACE", answered())
    lock.release()
    assert "spooled" in caplog.text
    assert "my secret question" not in caplog.text


def test_appends_from_many_threads_are_all_kept(spool):
    threads = [threading.Thread(target=spool.append, args=([{"n": n}],)) for n in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(record["n"] for record in spool.take()) == list(range(50))


def test_a_line_cut_off_by_a_crash_is_skipped_and_the_rest_kept(spool):
    spool.append([{"n": 1}])
    with spool.path.open("a", encoding="utf-8") as handle:
        handle.write('{"n": 2, "quest')
    assert spool.take() == [{"n": 1}]


def test_a_locked_database_makes_the_library_unavailable_with_a_one_line_reason(tmp_path, spool):
    url = f"sqlite:///{tmp_path / 'review.db'}"
    store = ReviewStore(url, spool=spool, timeout_s=TIMEOUT_S)
    lock = Lock(url)
    try:
        with pytest.raises(LibraryUnavailable, match=r"^OperationalError: database is locked$"):
            store.reviewed_answers()
    finally:
        lock.release()
    assert store.reviewed_answers() == []
