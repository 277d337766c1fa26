"""The real assistant serves a reviewed answer to the same question, never to a near miss or past the router."""

from __future__ import annotations

import copy
from datetime import datetime

import pytest

from answering.reviewed.library import INVALIDATED, LibraryUnavailable, ReviewedEntry
from answering.schema import Route

NURSE_TEXT = "TACE can cause tiredness and a fever for a few days [1]. Your team will give you a leaflet."


class FakeLibrary:
    """The review store's side of the library, in memory."""

    def __init__(self, entries: list[ReviewedEntry]) -> None:
        self.entries = entries
        self.changes: list[tuple[int, str, str]] = []

    def reviewed_answers(self) -> list[ReviewedEntry]:
        out = {reviewed_id for reviewed_id, _, _ in self.changes}
        return [entry for entry in self.entries if entry.id not in out]

    def change_reviewed_answer(self, reviewed_id: int, change: str, reason: str, by: str) -> int:
        self.changes.append((reviewed_id, change, reason))
        return len(self.changes)


@pytest.fixture(scope="module")
def tace_citation(seed_assistant):
    answer = seed_assistant.answer("What is TACE?")
    return next(c for c in answer.citations if "TACE" in c.quote)


def assistant_with(seed_assistant, library: FakeLibrary):
    assistant = copy.copy(seed_assistant)  # the shared fixture keeps no library
    assistant.serve_reviewed_answers(library)
    return assistant


def entry(citation, reviewed_id: int = 7) -> ReviewedEntry:
    return ReviewedEntry(
        reviewed_id,
        "What are the side effects of TACE?",
        NURSE_TEXT,
        [citation],
        datetime(2026, 11, 30, 9, 0),
    )


@pytest.mark.parametrize(
    ("question", "history"),
    [
        ("what side effects does TACE have?", []),
        ("what are the side effects of tace", [{"role": "user", "content": "What is ascites?"}]),
    ],
)
def test_the_same_question_gets_the_reviewed_answer_with_its_mark(
    seed_assistant, tace_citation, question, history
):
    answer = assistant_with(seed_assistant, FakeLibrary([entry(tace_citation)])).answer(question, history)
    assert (answer.route, answer.text, answer.reason) == (Route.ANSWERED, NURSE_TEXT, "reviewed answer 7")
    assert answer.reviewed.id == 7 and answer.citations == [tace_citation]


@pytest.mark.parametrize(
    "question",
    [
        "What are the side effects of Y-90?",  # another treatment
        "How long does TACE take?",  # another aspect
        "What is TACE?",
    ],
)
def test_a_near_miss_is_answered_from_the_materials(seed_assistant, tace_citation, question):
    answer = assistant_with(seed_assistant, FakeLibrary([entry(tace_citation)])).answer(question)
    assert answer.reviewed is None and answer.reason != "reviewed answer 7"


def test_a_follow_up_is_not_served_the_reviewed_answer_to_the_question_it_followed(
    seed_assistant, tace_citation
):
    """ "what are its side effects, the other one?" after the reviewed question is read with it, and is close to
    it, but asks about another treatment."""
    history = [
        {"role": "user", "content": "What are the side effects of TACE?"},
        {"role": "assistant", "content": NURSE_TEXT},
    ]
    library = FakeLibrary([entry(tace_citation)])
    answer = assistant_with(seed_assistant, library).answer(
        "what are its side effects, the other one?", history
    )
    assert answer.reviewed is None and answer.reason != "reviewed answer 7"


def test_the_router_runs_first(seed_assistant, tace_citation):
    library = assistant_with(seed_assistant, FakeLibrary([entry(tace_citation)]))
    personal = library.answer("My bilirubin is 60, what are the side effects of TACE for me?")
    assert personal.route == Route.CARE_TEAM and personal.reviewed is None
    assert (
        library.answer("side effects of TACE? my husband collapsed and won't wake up").route
        == Route.EMERGENCY
    )


def test_an_entry_whose_cited_sentence_is_gone_goes_back_to_the_nurses(seed_assistant, tace_citation):
    edited = tace_citation.model_copy(update={"quote": tace_citation.quote.replace("TACE", "TARE")})
    library = FakeLibrary([entry(edited)])
    answer = assistant_with(seed_assistant, library).answer("what side effects does TACE have?")
    assert answer.reviewed is None
    [(reviewed_id, change, reason)] = library.changes
    assert (reviewed_id, change) == (7, INVALIDATED) and "no longer in" in reason
    assert library.reviewed_answers() == []


def test_a_library_fault_does_not_stop_the_answer(seed_assistant, tace_citation):
    class Broken(FakeLibrary):
        def reviewed_answers(self):
            raise ConnectionError("database down")

    answer = assistant_with(seed_assistant, Broken([])).answer("What is TACE?")
    assert answer.route == Route.ANSWERED and answer.reviewed is None


def test_while_the_database_is_locked_questions_skip_the_library_and_the_log_has_one_line(
    seed_assistant, tace_citation, caplog
):
    class Locked(FakeLibrary):
        reads = 0

        def reviewed_answers(self):
            self.reads += 1
            raise LibraryUnavailable("OperationalError: database is locked")

    library = Locked([])
    assistant = assistant_with(seed_assistant, library)
    answers = [
        assistant.answer(question) for question in ("What is TACE?", "What is ascites?", "What is RFA?")
    ]
    assert [a.route for a in answers] == [Route.ANSWERED] * 3
    assert library.reads == 1  # the next questions did not wait on the locked database again
    (record,) = [r for r in caplog.records if "library" in r.getMessage()]
    assert "database is locked" in record.getMessage() and record.exc_info is None
