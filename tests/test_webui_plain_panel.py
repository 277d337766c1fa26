"""The plain-language panel of the review page: each sentence's version, checks and status; approving (only a
faithful version, recording who and when), editing and rejecting."""

from __future__ import annotations

import json

import pytest
from webui_fakes import SignedInRequest

from answering.glossary import GLOSSARY_FILE
from answering.plain.decisions import PlainDecision
from answering.plain.versions import PLAIN_SUFFIX, read_rows
from answering.settings import PROJECT_ROOT
from review.store import ReviewStore
from webui.plain_panel import PlainDesk

CORPUS = PROJECT_ROOT / "corpus"
FIRST, SECOND = read_rows(CORPUS / f"liver-metastases{PLAIN_SUFFIX}")[:2]
EDIT = "Metastatic disease (cancer that has spread) often ends up in the liver. The liver gets a lot of blood from two sources: the hepatic artery and the portal vein."


@pytest.fixture
def store(tmp_path):
    return ReviewStore(f"sqlite:///{tmp_path / 'review.db'}")


@pytest.fixture
def desk(store, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / GLOSSARY_FILE).write_text(
        (CORPUS / GLOSSARY_FILE).read_text(encoding="utf-8"), encoding="utf-8"
    )
    rows = [
        {"source": r.source, "plain": r.plain, "approved_by": "project team", "approved_at": "2026-12-02"}
        for r in (FIRST, SECOND)
    ]
    (corpus / f"doc{PLAIN_SUFFIX}").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return PlainDesk(store, corpus)


def test_the_table_lists_each_sentence_with_its_version_checks_and_status(desk):
    rows, status = desk.show()
    assert [row[:4] for row in rows] == [
        [1, FIRST.source, FIRST.plain, "faithful"],
        [2, SECOND.source, SECOND.plain, "faithful"],
    ]
    assert rows[0][4] == "shipped draft: project team, 2026-12-02" and status.startswith("2 source sentences")


def test_an_edited_version_is_approved_with_who_and_when(desk, store):
    source, plain, history, _ = desk.open_sentence(2)
    assert (source, plain, history) == (SECOND.source, SECOND.plain, [])
    rows, history, status = desk.approve(source, EDIT, "Nurse Jo", SignedInRequest())
    assert status.startswith("Saved: approved by Nurse Jo at ")
    [decision] = store.plain_decisions()
    assert (decision.source, decision.plain, decision.decision) == (
        SECOND.source,
        EDIT,
        PlainDecision.APPROVED,
    )
    assert (decision.reviewer, decision.signed_in_as) == ("Nurse Jo", "nurse")
    assert rows[1][2] == EDIT and rows[1][4].startswith("approved by Nurse Jo (nurse), 20")
    assert [row[1:] for row in history] == [["Nurse Jo (nurse)", "approved", EDIT]]
    assert desk.open_sentence(2)[1] == EDIT  # opened again: the nurse's version


def test_with_no_name_typed_the_login_is_who_approved(desk, store):
    desk.approve(FIRST.source, FIRST.plain, "", SignedInRequest())
    assert [(d.reviewer, d.plain) for d in store.plain_decisions()] == [("nurse", FIRST.plain)]


def test_an_unfaithful_edit_is_refused_with_its_problems_in_words(desk, store):
    unfaithful = SECOND.plain.replace("two sources", "three sources") + " It is always safe."
    *_, status = desk.approve(SECOND.source, unfaithful, "Nurse Jo", SignedInRequest())
    assert status.startswith("**Not approved**") and "a number was changed" in status
    assert "adds the claim" in status and "Traceback" not in status
    assert store.plain_decisions() == []


def test_a_rejected_version_is_shown_as_rejected_and_a_later_approval_counts(desk, store):
    rows, _, status = desk.reject(FIRST.source, FIRST.plain, "Nurse Al", SignedInRequest())
    assert status.startswith("Saved: rejected") and rows[0][4].startswith("rejected by Nurse Al (nurse)")
    rows, history, _ = desk.approve(FIRST.source, FIRST.plain, "Nurse Jo", SignedInRequest())
    assert rows[0][4].startswith("approved by Nurse Jo") and [row[2] for row in history] == [
        "rejected",
        "approved",
    ]


@pytest.mark.parametrize(
    ("source", "plain", "said"),
    [
        ("", "Some text.", "Open a sentence first."),
        (FIRST.source, "  ", "Type the plain version first."),
        ("A sentence no plain file holds.", "Some text.", "Not saved: this sentence is no longer"),
    ],
)
def test_nothing_is_stored_without_an_open_sentence_and_a_text(desk, store, source, plain, said):
    *_, status = desk.approve(source, plain, "Nurse Jo", SignedInRequest())
    assert status.startswith(said) and store.plain_decisions() == []


def test_a_database_outage_is_said_in_words(desk, store, monkeypatch):
    def down(*args, **kwargs):
        raise RuntimeError("connection refused")

    monkeypatch.setattr(store, "plain_decisions", down)
    assert desk.show()[1] == "Not shown: the database could not be reached. Please try again."
    assert desk.approve(FIRST.source, FIRST.plain, "Nurse Jo", SignedInRequest())[2].startswith(
        "Not saved: the database"
    )
