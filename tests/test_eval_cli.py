"""``python -m evals``: argument wiring, clear errors for bad sets, MedQuAD import, export of nurse reviews."""

import json

import pytest
from eval_fakes import ANSWERS, FakeAssistant, bag_of_words_embed

import evals.evaluation
from answering.schema import Route
from answering.settings import Settings
from evals.__main__ import main
from evals.citation_support import SupportScorer
from evals.dataset import load_items
from evals.medquad import MEDQUAD_SET, NIH_CORPUS, share_in_document
from evals.runner import eval_settings
from review.store import ReviewStore


def test_malformed_set_is_reported_by_line_without_a_traceback(tmp_path, capsys):
    questions = tmp_path / "bad.jsonl"
    questions.write_text('{"id": "a", "question": "q", "category": "answer"}\n{"id": "b",\n')
    assert main(["run", "--questions", str(questions), "--out", str(tmp_path / "out")]) == 2
    error = capsys.readouterr().err
    assert f"{questions}:2: not valid JSON" in error and "Traceback" not in error
    assert not (tmp_path / "out").exists()


def test_missing_questions_file_is_a_clear_error(tmp_path, capsys):
    missing = tmp_path / "nope.jsonl"
    assert main(["run", "--questions", str(missing), "--out", str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err.strip() == f"Not found: {missing}"


def test_run_wires_generators_corpus_and_limit(tmp_path, monkeypatch, capsys):
    seen = {}

    def factories(settings, generators):
        seen.update(settings=settings, generators=list(generators))
        return {g: lambda: FakeAssistant(ANSWERS) for g in generators}

    monkeypatch.setattr(
        evals.evaluation, "prepare_index", lambda settings: seen.setdefault("ingested", settings)
    )
    monkeypatch.setattr(evals.evaluation, "assistant_factories", factories)
    monkeypatch.setattr(evals.evaluation, "SupportScorer", lambda: SupportScorer(bag_of_words_embed))
    questions = tmp_path / "set.jsonl"
    questions.write_text(
        '{"id": "a", "question": "What is ablation?", "category": "answer"}\n'
        '{"id": "b", "question": "Should I stop my chemo?", "category": "personal"}\n'
    )
    corpus = tmp_path / "corpus"
    args = ["run", "--questions", str(questions), "--out", str(tmp_path / "out"), "--corpus", str(corpus)]
    assert main([*args, "--generator", "extractive", "local", "--generator", "openai", "--limit", "1"]) == 0
    assert seen["generators"] == ["extractive", "local", "openai"]
    assert seen["settings"].corpus_dir == corpus and seen["ingested"] is seen["settings"]
    assert "eval-index" in seen["settings"].index_dir.parts
    rows = (tmp_path / "out" / "answers.jsonl").read_text().splitlines()
    assert [json.loads(row)["generator"] for row in rows] == ["extractive", "local", "openai"]
    assert "| openai |" in capsys.readouterr().out


def test_each_corpus_gets_its_own_eval_index_apart_from_the_served_one(tmp_path):
    base = Settings(index_dir=tmp_path / "var" / "index", corpus_dir=tmp_path / "corpus")
    default, other = eval_settings(base, None), eval_settings(base, tmp_path / "other")
    assert default.corpus_dir == base.corpus_dir and other.corpus_dir == tmp_path / "other"
    assert len({base.index_dir, default.index_dir, other.index_dir}) == 3
    assert default.index_dir.parent == tmp_path / "var" / "eval-index"


def test_import_medquad_matches_the_committed_set(tmp_path):
    out = tmp_path / "medquad.jsonl"
    assert main(["import-medquad", "--out", str(out)]) == 0
    assert out.read_text() == MEDQUAD_SET.read_text()
    items = load_items(out)
    assert len(items) == 107
    assert all(
        item.reference_answer and (NIH_CORPUS / f"{item.source_ids[0]}.txt").is_file() for item in items
    )
    not_in_document = [item for item in items if item.category == "out_of_scope"]
    assert len(not_in_document) == 45
    assert all(item.model_extra["kind"] == "not_in_document" for item in not_in_document)


def test_an_answer_counts_as_in_its_document_only_when_its_sentences_are_there():
    gallbladder = (NIH_CORPUS / "gallbladder-cancer-0000020-1.txt").read_text()
    stages = (
        "Tests and procedures to stage gallbladder cancer are usually done at the same time as diagnosis."
    )
    symptoms = (
        "Signs and symptoms of gallbladder cancer include jaundice, fever, and pain. Check with your doctor."
    )
    assert share_in_document(stages, gallbladder) == 1.0
    assert share_in_document(symptoms, gallbladder) == 0.0


def test_from_reviews_writes_loadable_eval_items(tmp_path):
    url = f"sqlite:///{tmp_path / 'review.db'}"
    store = ReviewStore(url)
    approved = store.record_turn("What is ablation?", ANSWERS["What is ablation?"])
    corrected = store.record_turn("Should I stop my chemo?", ANSWERS["Should I stop my chemo?"])
    store.record_turn("Unreviewed question?", ANSWERS["What is TACE?"])
    store.add_verdict(approved, "nurse", "approve")
    store.add_verdict(
        corrected,
        "nurse",
        "correct",
        corrected_text="Please ask your oncology nurse.",
        reason="personal question",
        right_route="care_team",
    )
    out = tmp_path / "reviewed.jsonl"
    assert main(["from-reviews", "--db", url, "--out", str(out)]) == 0
    items = {item.question: item for item in load_items(out)}
    assert set(items) == {"What is ablation?", "Should I stop my chemo?"}
    assert items["Should I stop my chemo?"].category == "personal"
    assert items["What is ablation?"].source_ids == ["liver-metastases#local-therapies:0"]


@pytest.mark.parametrize("route", list(Route))
def test_every_route_maps_to_a_category_the_scorer_knows(route):
    from evals.dataset import EXPECTED_ROUTE
    from review.export import ROUTE_TO_CATEGORY

    assert EXPECTED_ROUTE[ROUTE_TO_CATEGORY[route]] == route
