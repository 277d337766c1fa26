"""Drafts for a document a hospital adds: a model's rewrite of each sentence is written beside it, never served
until a nurse approves it, and the review page shows what the checks found in each."""

from __future__ import annotations

import re

import pytest
from webui_fakes import SignedInRequest

from answering.glossary import GLOSSARY_FILE
from answering.plain.decisions import by_sentence
from answering.plain.drafts import draft_document, main, with_drafts
from answering.plain.versions import PLAIN_SUFFIX, PlainVersion, read_rows, served_versions
from answering.settings import PROJECT_ROOT, Settings
from ingest.pipeline import ingest_corpus
from review.store import ReviewStore
from webui.plain_panel import PlainDesk

pytestmark = pytest.mark.slow

LEAFLET = """# Port care

## Flushing

A nurse flushes the port every 4 weeks when it is not in use.

The port is flushed with 5 millilitres of saline so that it does not block.
"""
FIRST = "A nurse flushes the port every 4 weeks when it is not in use."
SECOND = "The port is flushed with 5 millilitres of saline so that it does not block."
PLAIN = {
    FIRST: "A nurse cleans out the port every 4 weeks when it is not being used.",
    SECOND: "The port is flushed with 50 millilitres of salt water so it does not get blocked.",  # 5 became 50
}


def rewrite(sentence: str) -> str:
    return PLAIN[sentence]


@pytest.fixture
def leaflet(tmp_path) -> tuple[Settings, ReviewStore]:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "port-care.md").write_text(LEAFLET, encoding="utf-8")
    glossary = (PROJECT_ROOT / "corpus" / GLOSSARY_FILE).read_text(encoding="utf-8")
    (corpus / GLOSSARY_FILE).write_text(glossary, encoding="utf-8")
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index")
    ingest_corpus(settings)
    return settings, ReviewStore(f"sqlite:///{tmp_path / 'review.db'}")


def test_each_sentence_gets_a_draft_nobody_has_approved_and_none_is_served(leaflet):
    settings, _ = leaflet
    report = draft_document(settings.corpus_dir / "port-care.md", settings, rewrite)
    assert report.startswith("Wrote 2 new drafts") and "1 passing the checks" in report
    rows = read_rows(settings.corpus_dir / f"port-care{PLAIN_SUFFIX}")
    assert [(row.source, row.plain, row.approved_by) for row in rows] == [
        (FIRST, PLAIN[FIRST], ""),
        (SECOND, PLAIN[SECOND], ""),
    ]
    assert served_versions(settings.corpus_dir, {}) == {}  # a draft is never read by patients


def test_a_nurse_approves_the_faithful_draft_and_cannot_approve_the_changed_number(leaflet):
    settings, store = leaflet
    draft_document(settings.corpus_dir / "port-care.md", settings, rewrite)
    desk = PlainDesk(store, settings.corpus_dir)
    rows, _ = desk.show()
    assert [row[3] == "faithful" for row in rows] == [True, False]
    assert "number" in rows[1][3] and rows[1][4] == "shipped draft: not approved, no date"
    refused = desk.approve(SECOND, PLAIN[SECOND], "Nurse Jo", SignedInRequest())[2]
    assert refused.startswith("**Not approved**")
    assert desk.approve(FIRST, PLAIN[FIRST], "Nurse Jo", SignedInRequest())[2].startswith("Saved: approved")
    served = served_versions(settings.corpus_dir, by_sentence(store.plain_decisions()))
    assert [version.plain for version in served.values()] == [PLAIN[FIRST]]


def test_rows_already_written_are_kept_and_only_new_sentences_are_drafted():
    shipped = PlainVersion(SECOND, "Reviewed by the ward.", "Ward 7", "2026-12-01")
    gone = PlainVersion("A sentence the leaflet no longer has.", "Old words.", "", "")
    asked: list[str] = []
    rows, drafted = with_drafts(
        [FIRST, SECOND], [gone, shipped], lambda s: asked.append(s) or f"  {PLAIN[s]}\n"
    )
    assert asked == [FIRST] and drafted == 1
    assert rows == [PlainVersion(FIRST, PLAIN[FIRST], "", ""), shipped, gone]  # document order, then the rest


def test_without_a_model_or_an_index_nothing_is_written_and_the_reason_is_one_line(
    leaflet, monkeypatch, capsys
):
    settings, _ = leaflet
    monkeypatch.setenv("CORPUS_DIR", str(settings.corpus_dir))
    monkeypatch.setenv("INDEX_DIR", str(settings.index_dir))
    monkeypatch.delenv("LLM_BASE_URL", raising=False)
    from answering.settings import get_settings

    get_settings.cache_clear()
    try:
        assert main([str(settings.corpus_dir / "port-care.md")]) == 2
    finally:
        get_settings.cache_clear()
    error = capsys.readouterr().err
    assert re.fullmatch(r"No drafts written: a model is needed: set LLM_BASE_URL .*\n", error)
    assert not (settings.corpus_dir / f"port-care{PLAIN_SUFFIX}").exists()


def test_a_document_not_yet_ingested_is_reported(leaflet):
    settings, _ = leaflet
    (settings.corpus_dir / "new.md").write_text("# New\n\nA new leaflet sentence about the port.\n")
    report = draft_document(settings.corpus_dir / "new.md", settings, rewrite)
    assert (
        report
        == f"new.md has no sentences in the index: ingest it first (python -m ingest {settings.corpus_dir})."
    )
    assert not (settings.corpus_dir / f"new{PLAIN_SUFFIX}").exists()
