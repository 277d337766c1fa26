"""Nurses' decisions on plain versions in the review database: who and when, the latest counts, nothing erased."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import MetaData, Table, create_engine, inspect

from answering.glossary_edits import DefinitionsUnavailable
from answering.plain.decisions import DecisionsUnavailable, PlainDecision
from review.models import Base, utc_now
from review.store import ReviewStore

SOURCE = "Ascites is an accumulation of fluid in the abdomen."
OTHER = "Jaundice is a yellowing of the skin."


@pytest.fixture
def store(review_db_url):
    return ReviewStore(review_db_url)


def test_a_decision_keeps_who_made_it_under_which_login_and_when(store):
    before = utc_now() - timedelta(seconds=1)
    store.decide_plain(SOURCE, " Ascites is fluid in the belly. ", "approved", " Nurse Jo ", "nurse")
    [decision] = store.plain_decisions()
    assert (decision.source, decision.plain, decision.decision) == (
        SOURCE,
        "Ascites is fluid in the belly.",
        PlainDecision.APPROVED,
    )
    assert (decision.reviewer, decision.signed_in_as) == ("Nurse Jo", "nurse")
    assert before <= decision.decided_at <= utc_now() + timedelta(seconds=1)


def test_the_latest_decision_per_sentence_counts_and_the_earlier_ones_stay(store):
    store.decide_plain(SOURCE, "Ascites is fluid in the belly.", "approved", "Nurse Jo")
    store.decide_plain(OTHER, "Jaundice makes the skin yellow.", "approved", "Nurse Jo")
    store.decide_plain(SOURCE, "Ascites is fluid in the belly.", "rejected", "Nurse Al")
    latest = sorted((d.source, d.decision, d.reviewer) for d in store.plain_decisions())
    assert latest == [
        (SOURCE, PlainDecision.REJECTED, "Nurse Al"),
        (OTHER, PlainDecision.APPROVED, "Nurse Jo"),
    ]
    assert [(d.decision, d.reviewer) for d in store.plain_decisions_on(SOURCE)] == [
        (PlainDecision.APPROVED, "Nurse Jo"),
        (PlainDecision.REJECTED, "Nurse Al"),
    ]


@pytest.mark.parametrize(
    ("plain", "decision", "reviewer", "error"),
    [
        ("Fluid in the belly.", "approved", " ", ValueError),
        ("  ", "approved", "Nurse Jo", ValueError),
        ("Fluid in the belly.", "maybe", "Nurse Jo", ValueError),
    ],
)
def test_a_decision_needs_a_reviewer_a_text_and_a_known_decision(store, plain, decision, reviewer, error):
    with pytest.raises(error):
        store.decide_plain(SOURCE, plain, decision, reviewer)
    assert store.plain_decisions() == []


@pytest.mark.parametrize(
    ("read", "unavailable"),
    [
        (ReviewStore.plain_decisions, DecisionsUnavailable),
        (ReviewStore.glossary_definitions, DefinitionsUnavailable),
    ],
    ids=["plain decisions", "glossary definitions"],
)
def test_an_unreachable_database_is_reported_in_one_line(tmp_path, read, unavailable):
    store = ReviewStore(f"sqlite:///{tmp_path / 'review.db'}")
    store.engine.dispose()
    (tmp_path / "review.db").unlink()
    (tmp_path / "review.db").mkdir()  # a folder where the database was: SQLite cannot open it
    with pytest.raises(unavailable) as raised:
        read(store)
    assert "\n" not in str(raised.value) and "SELECT" not in str(raised.value)


def test_a_database_from_before_plain_decisions_gains_the_table(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    earlier = MetaData()  # the schema as the release before nurses' plain decisions made it
    for table in Base.metadata.sorted_tables:
        if table.name != "plain_version_decisions":
            Table(table.name, earlier, *[c._copy() for c in table.columns])
    earlier.create_all(create_engine(url))
    assert "plain_version_decisions" not in inspect(create_engine(url)).get_table_names()
    store = ReviewStore(url)
    store.decide_plain(SOURCE, "Ascites is fluid in the belly.", "approved", "Nurse Jo")
    assert len(store.plain_decisions()) == 1
