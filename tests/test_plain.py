"""Plain-language versions: the shipped ones pass the faithfulness checks, every deliberately broken one fails,
and answers show the plain version with the verbatim source beside it."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import datetime
from functools import cache
from pathlib import Path

import pytest
import textstat

from answering.embeddings import reference_vectors
from answering.extractive import GroundedAnswer
from answering.glossary import GLOSSARY_FILE, load_glossary
from answering.plain.checks import check_plain, embedded_once
from answering.plain.decisions import (
    CachedDecisions,
    DecisionsUnavailable,
    NurseDecision,
    PlainDecision,
    by_sentence,
)
from answering.plain.versions import (
    PLAIN_SUFFIX,
    previous_sources,
    read_rows,
    restated,
    sentence_versions,
    served_versions,
)
from answering.schema import Citation
from answering.sentences import comparable
from answering.settings import PROJECT_ROOT, Settings

CORPUS = PROJECT_ROOT / "corpus"
GLOSSARY = load_glossary(CORPUS / GLOSSARY_FILE)
SHIPPED = [row for path in sorted(CORPUS.glob(f"*{PLAIN_SUFFIX}")) for row in read_rows(path)]
UNFAITHFUL = [
    json.loads(line)
    for line in (PROJECT_ROOT / "tests" / "data" / "unfaithful_plain.jsonl")
    .read_text(encoding="utf-8")
    .splitlines()
    if line.strip()
]


@cache
def embed():
    """Every text the tests check, embedded in one batch."""
    texts = [text for row in SHIPPED for text in (row.source, row.plain)]
    return embedded_once(
        texts + [row[key] for row in UNFAITHFUL for key in ("source", "plain")], reference_vectors
    )


def problems(source: str, plain: str, previous: str = "") -> tuple[str, ...]:
    return check_plain(source, plain, GLOSSARY, embed(), previous).problems


@pytest.mark.parametrize(
    ("row", "previous"), list(zip(SHIPPED, previous_sources(SHIPPED), strict=True)), ids=lambda v: str(v)[:40]
)
def test_every_shipped_plain_version_passes_the_checks(row, previous):
    assert problems(row.source, row.plain, previous) == ()


@pytest.mark.parametrize("row", UNFAITHFUL, ids=lambda row: f"{row['kind']}:{row['plain'][:40]}")
def test_every_deliberately_unfaithful_version_is_rejected(row):
    assert problems(row["source"], row["plain"]), row["error"]


def test_the_shipped_versions_read_at_grade_7_or_below_and_cover_the_seed_document():
    corpus = (CORPUS / "liver-metastases.md").read_text(encoding="utf-8")
    assert len(SHIPPED) >= 50 and all(row.source in corpus for row in SHIPPED)
    assert textstat.flesch_kincaid_grade(" ".join(row.plain for row in SHIPPED)) <= 7.0


@pytest.mark.parametrize(
    ("source", "plain", "found"),
    [
        (
            "Five-year survival rates can exceed 50% following surgery.",
            "After surgery, 30% live five years.",
            "number",
        ),
        (
            "Ablation uses heat to destroy small tumors.",
            "Ablation uses radiation to kill small tumors.",
            "radiation",
        ),
        ("Symptoms can impair liver function.", "Symptoms can improve how the liver works.", "improve"),
        ("Liver metastases often cause no symptoms.", "Liver metastases often cause symptoms.", "negation"),
        ("TACE blocks the tumor's blood supply.", "This treatment blocks the tumor's blood supply.", "TACE"),
        ("Ascites causes swelling in the abdomen.", "Ascites makes the legs swell.", "legs"),
    ],
)
def test_each_check_names_what_is_wrong(source, plain, found):
    assert any(found in problem for problem in problems(source, plain))


def test_a_body_part_may_be_named_in_everyday_words():
    """ "belly" for "abdomen" is what a plain version is for; "legs" for it is a different place."""
    source = "Ascites is the accumulation of fluid causing swelling in the abdomen."
    assert not any(
        "abdomen" in p or "belly" in p
        for p in problems(source, "Ascites is fluid that builds up and makes the belly swell.")
    )


def cited(n: int, quote: str) -> Citation:
    return Citation(
        n=n, source="liver-metastases.md", title="Liver Metastases", section="S", chunk_id="c", quote=quote
    )


def test_an_answer_says_the_plain_version_and_keeps_the_verbatim_quote(tmp_path):
    first, second = SHIPPED[0], SHIPPED[1]
    unknown = "A sentence no plain file knows."
    answer = GroundedAnswer(
        f"{first.source} [1] {unknown} [2]", [cited(1, first.source), cited(2, unknown)], support=1.2
    )
    versions = {comparable(first.source): first, comparable(second.source): second}
    plain = restated(answer, versions)
    assert first.plain.split(".")[0] in plain.text and unknown in plain.text
    assert [c.quote for c in plain.citations] == [first.source, unknown]
    assert [c.plain for c in plain.citations] == [first.plain, None]
    assert plain.text.count("[1]") == len([s for s in first.plain.split(". ") if s])


def copy_corpus(tmp_path: Path, rows: list[dict]) -> Path:
    (tmp_path / GLOSSARY_FILE).write_text(
        (CORPUS / GLOSSARY_FILE).read_text(encoding="utf-8"), encoding="utf-8"
    )
    with (tmp_path / f"doc{PLAIN_SUFFIX}").open("w", encoding="utf-8") as handle:
        handle.writelines(json.dumps(row) + "\n" for row in rows)
    return tmp_path


def test_only_approved_versions_that_pass_the_checks_are_served(tmp_path):
    good, other = SHIPPED[0], SHIPPED[1]
    broken = next(row for row in UNFAITHFUL if row["source"] == other.source)
    corpus = copy_corpus(
        tmp_path,
        [
            {
                "source": good.source,
                "plain": good.plain,
                "approved_by": "Nurse A",
                "approved_at": "2026-12-02",
            },
            {"source": other.source, "plain": other.plain, "approved_by": "", "approved_at": ""},
            {
                "source": broken["source"],
                "plain": broken["plain"],
                "approved_by": "Nurse A",
                "approved_at": "x",
            },
        ],
    )
    served = served_versions(corpus, {})
    assert set(served) == {comparable(good.source)}


def test_an_edited_source_sentence_no_longer_gets_its_old_plain_version(tmp_path):
    row = SHIPPED[0]
    corpus = copy_corpus(
        tmp_path, [{"source": row.source, "plain": row.plain, "approved_by": "Nurse A", "approved_at": "x"}]
    )
    edited = row.source.replace("liver", "liver tissue", 1)
    answer = GroundedAnswer(f"{edited} [1]", [cited(1, edited)], support=1.0)
    assert restated(answer, served_versions(corpus, {})).text == f"{edited} [1]"


@pytest.mark.slow
def test_with_plain_language_on_the_patient_reads_plain_words_and_the_sources_keep_the_original(
    seed_settings,
):
    from answering.pipeline import Assistant

    assistant = Assistant.from_settings(seed_settings.model_copy(update={"plain_language": True}))
    answer = assistant.answer("What is microwave ablation?")
    assert answer.route.value == "answered"
    restated_ones = [c for c in answer.citations if c.plain]
    assert restated_ones, "the seed document's sentences all have a plain version"
    corpus = (CORPUS / "liver-metastases.md").read_text(encoding="utf-8")
    for citation in restated_ones:
        assert citation.quote in corpus and citation.plain.split(". ")[0] in answer.text
        assert citation.quote not in answer.text
    assert textstat.flesch_kincaid_grade(answer.text) < textstat.flesch_kincaid_grade(
        " ".join(c.quote for c in answer.citations)
    )


def decided(row, plain: str, decision: str = "approved", by: str = "Nurse Jo") -> NurseDecision:
    return NurseDecision(row.source, plain, PlainDecision(decision), by, datetime(2026, 12, 3, 9, 30))


def shipped_corpus(tmp_path: Path, rows=SHIPPED[:2]) -> Path:
    return copy_corpus(tmp_path, [asdict(row) for row in rows])


NURSE_EDIT = "Liver metastases are also called secondary liver cancer. They start when cancer cells from a tumor in another part of the body travel to the liver. The cells move in the bloodstream or the lymphatic system and grow into new tumors there."


def test_a_nurses_approved_edit_replaces_the_shipped_version_and_a_rejection_hides_it(tmp_path):
    corpus, (first, second) = shipped_corpus(tmp_path), SHIPPED[:2]
    served = served_versions(
        corpus, by_sentence([decided(first, NURSE_EDIT), decided(second, second.plain, "rejected")])
    )
    assert list(served) == [comparable(first.source)]
    assert (served[comparable(first.source)].plain, served[comparable(first.source)].approved_by) == (
        NURSE_EDIT,
        "Nurse Jo",
    )


def test_the_latest_decision_on_a_sentence_counts(tmp_path):
    corpus, first = shipped_corpus(tmp_path), SHIPPED[0]
    rejected_then_approved = by_sentence(
        [decided(first, first.plain, "rejected"), decided(first, NURSE_EDIT)]
    )
    assert served_versions(corpus, rejected_then_approved)[comparable(first.source)].plain == NURSE_EDIT
    approved_then_rejected = by_sentence([decided(first, NURSE_EDIT), decided(first, NURSE_EDIT, "rejected")])
    assert comparable(first.source) not in served_versions(corpus, approved_then_rejected)


def test_a_nurses_version_is_checked_again_before_it_is_served(tmp_path):
    corpus, first = shipped_corpus(tmp_path), SHIPPED[0]
    unfaithful = first.plain + " It can always be cured."
    [version, _] = sentence_versions(corpus, by_sentence([decided(first, unfaithful)]))
    assert not version.check.faithful and version.served is None
    assert comparable(first.source) not in served_versions(corpus, by_sentence([decided(first, unfaithful)]))


def test_an_edited_source_sentence_invalidates_the_nurses_version_too(tmp_path):
    first = SHIPPED[0]
    decisions = by_sentence([decided(first, NURSE_EDIT)])
    edited = first.source.replace("liver", "liver tissue", 1)
    answer = GroundedAnswer(f"{edited} [1]", [cited(1, edited)], support=1.0)
    assert restated(answer, served_versions(shipped_corpus(tmp_path), decisions)).text == f"{edited} [1]"
    after = tmp_path / "after"
    after.mkdir()
    rewritten = copy_corpus(
        after, [{"source": edited, "plain": first.plain, "approved_by": "", "approved_at": ""}]
    )
    [version] = sentence_versions(rewritten, decisions)  # the plain file now holds the new wording
    assert version.decision is None and served_versions(rewritten, decisions) == {}


class FlakyDecisions:
    """The review store's side: its decisions, or an outage."""

    def __init__(self, decisions: list[NurseDecision]) -> None:
        self.decisions = decisions
        self.down = False
        self.reads = 0

    def plain_decisions(self) -> list[NurseDecision]:
        self.reads += 1
        if self.down:
            raise DecisionsUnavailable("OperationalError: database is locked")
        return self.decisions


def test_decisions_are_read_at_most_every_refresh_and_an_outage_keeps_the_last_ones(monkeypatch, caplog):
    clock = [100.0]
    monkeypatch.setattr("answering.cached_read.monotonic", lambda: clock[0])
    source = FlakyDecisions([decided(SHIPPED[0], NURSE_EDIT)])
    cached = CachedDecisions(source, refresh_s=15, rest_after_failure_s=30)
    assert list(cached.current()) == [comparable(SHIPPED[0].source)]
    clock[0] += 10
    source.decisions = []
    assert list(cached.current()) == [comparable(SHIPPED[0].source)] and source.reads == 1
    clock[0] += 10
    source.down = True
    assert list(cached.current()) == [comparable(SHIPPED[0].source)] and source.reads == 2
    assert "database is locked" in caplog.text and "Traceback" not in caplog.text
    clock[0] += 20
    assert cached.current() is not None and source.reads == 2  # resting after the failure
    clock[0] += 15
    source.down = False
    assert cached.current() == {} and source.reads == 3


def test_before_any_read_succeeds_no_plain_version_is_served():
    """A shipped version a nurse rejected must not come back because the database is down."""
    from answering.pipeline import Assistant

    source = FlakyDecisions([])
    source.down = True
    settings = Settings(corpus_dir=CORPUS, plain_language=True, review_spool_retry_s=0)
    assistant = Assistant(settings, router=None, retriever=None)
    assistant.follow_plain_decisions(source)
    assert assistant._plain_versions() == {}
    source.down = False
    assert len(assistant._plain_versions()) == len(SHIPPED)


def test_the_shipped_versions_are_checked_at_start_up_not_in_the_first_answer(seed_settings, monkeypatch):
    """The check loads the reference embedder (~10 s after `make run`): the first patient must not wait for it."""
    from answering.pipeline import Assistant
    from answering.plain import versions as versions_module

    versions_module._shipped.cache_clear()
    assistant = Assistant.from_settings(seed_settings.model_copy(update={"plain_language": True}))
    assistant.check_plain_versions()

    def no_embedding(texts):
        raise AssertionError(f"embedded during an answer: {texts[:1]}")

    monkeypatch.setattr(versions_module, "reference_vectors", no_embedding)
    answer = assistant.answer("What is ascites?")
    assert answer.citations and answer.citations[0].plain
