"""Nurses rewrite glossary definitions on the review page: only a plain one is saved, with who and when; the
latest reaches patients' answers; an outage keeps the definitions last read."""

from __future__ import annotations

import pytest
from webui_fakes import SignedInRequest

from answering.glossary import GLOSSARY_FILE, load_glossary, terms_in
from answering.glossary_edits import DefinitionEdit, DefinitionsUnavailable, with_edits
from answering.settings import PROJECT_ROOT
from review.models import utc_now
from review.store import ReviewStore
from webui.glossary_panel import GlossaryDesk

CORPUS = PROJECT_ROOT / "corpus"
GLOSSARY = load_glossary(CORPUS / GLOSSARY_FILE)
ASCITES = next(number for number, entry in enumerate(GLOSSARY, start=1) if entry.term == "ascites")
PLAIN = "Fluid that builds up in the belly and makes it swell."
HARD = "Pathological accumulation of peritoneal fluid secondary to portal hypertension and hypoalbuminaemia."


@pytest.fixture
def store(tmp_path):
    return ReviewStore(f"sqlite:///{tmp_path / 'review.db'}")


@pytest.fixture
def desk(store):
    return GlossaryDesk(store, CORPUS)


def test_the_table_lists_every_shipped_term_with_its_definition(desk):
    rows, status = desk.show()
    assert len(rows) == len(GLOSSARY) and status.startswith(f"{len(GLOSSARY)} terms")
    term, variants, definition, changed = rows[ASCITES - 1][1:]
    shipped = GLOSSARY[ASCITES - 1]
    assert (term, definition, changed) == ("ascites", shipped.definition, "shipped with the materials")
    assert "ascites" in variants


def test_a_plain_rewrite_is_saved_with_who_and_when_and_shown(desk, store):
    term, definition, history, _ = desk.open_term(ASCITES)
    assert (term, definition, history) == ("ascites", GLOSSARY[ASCITES - 1].definition, [])
    rows, history, status = desk.save(term, f"  {PLAIN}\n", "Nurse Jo", SignedInRequest())
    assert status.startswith("Saved: “ascites” rewritten by Nurse Jo at ")
    [edit] = store.glossary_definitions()
    assert (edit.term, edit.definition, edit.reviewer, edit.signed_in_as) == (
        "ascites",
        PLAIN,
        "Nurse Jo",
        "nurse",
    )
    assert rows[ASCITES - 1][3] == PLAIN and rows[ASCITES - 1][4].startswith(
        "rewritten by Nurse Jo (nurse), 20"
    )
    assert [row[1:] for row in history] == [["Nurse Jo (nurse)", PLAIN]]
    assert desk.open_term(ASCITES)[1] == PLAIN  # opened again: the nurse's definition


def test_a_hard_or_long_definition_is_not_saved_and_the_nurse_is_told_why(desk, store):
    status = desk.save("ascites", HARD, "Nurse Jo", SignedInRequest())[2]
    assert status.startswith("**Not saved**") and "grade" in status
    status = desk.save("ascites", "Fluid in the belly. " * 8, "Nurse Jo", SignedInRequest())[2]
    assert "32 words" in status
    assert desk.save("ascites", "", "Nurse Jo", SignedInRequest())[2].startswith("**Not saved**")
    assert store.glossary_definitions() == ()


def test_nothing_is_saved_without_an_open_term_or_for_an_unchanged_definition(desk, store):
    assert desk.save("", PLAIN, "Nurse Jo", SignedInRequest())[2] == "Open a term first."
    unchanged = desk.save("ascites", GLOSSARY[ASCITES - 1].definition, "Nurse Jo", SignedInRequest())[2]
    assert unchanged == "Not saved: this is already the definition patients read."
    assert desk.save("no such term", PLAIN, "Nurse Jo", SignedInRequest())[2].startswith(
        "Not saved: this term"
    )
    assert store.glossary_definitions() == ()


def test_the_latest_rewrite_counts_and_the_earlier_ones_are_its_audit_trail(store):
    store.define_glossary_term("ascites", "Fluid in the belly.", "Nurse Jo")
    store.define_glossary_term("jaundice", "Yellow skin and eyes.", "Nurse Al")
    store.define_glossary_term("ascites", PLAIN, "Nurse Bo", signed_in_as="nurse")
    assert [(e.term, e.definition) for e in store.glossary_definitions()] == [
        ("jaundice", "Yellow skin and eyes."),
        ("ascites", PLAIN),
    ]
    assert [e.reviewer for e in store.glossary_definitions_of("ascites")] == ["Nurse Jo", "Nurse Bo"]


def test_a_rewrite_replaces_only_its_terms_definition():
    edit = DefinitionEdit("Ascites", PLAIN, "Nurse Jo", utc_now())
    edited = with_edits(GLOSSARY, (edit,))
    changed = [(old.term, new.definition) for old, new in zip(GLOSSARY, edited, strict=True) if old != new]
    assert changed == [("ascites", PLAIN)]
    assert [t.definition for t in terms_in("Ascites is common.", edited)] == [PLAIN]


class Definitions:
    """The review store's read, with an outage on demand."""

    def __init__(self) -> None:
        self.edits: tuple[DefinitionEdit, ...] = ()
        self.down = False

    def glossary_definitions(self) -> tuple[DefinitionEdit, ...]:
        if self.down:
            raise DefinitionsUnavailable("OperationalError: database is locked")
        return self.edits


def test_patients_read_the_latest_definition_and_an_outage_keeps_the_last_read(seed_assistant, monkeypatch):
    clock = [100.0]
    monkeypatch.setattr("answering.cached_read.monotonic", lambda: clock[0])
    source = Definitions()
    seed_assistant.follow_glossary_edits(source)
    try:
        explained = {t.term: t.definition for t in seed_assistant.answer("What is ascites?").glossary}
        assert explained["ascites"] == GLOSSARY[ASCITES - 1].definition
        source.edits = (DefinitionEdit("ascites", PLAIN, "Nurse Jo", utc_now()),)
        clock[0] += seed_assistant.settings.glossary_refresh_s
        explained = {t.term: t.definition for t in seed_assistant.answer("What is ascites?").glossary}
        assert explained["ascites"] == PLAIN
        source.down = True
        clock[0] += seed_assistant.settings.glossary_refresh_s
        explained = {t.term: t.definition for t in seed_assistant.answer("What is ascites?").glossary}
        assert explained["ascites"] == PLAIN
    finally:
        seed_assistant.glossary_edits = None
