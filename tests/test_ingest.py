"""Incremental ingest against the real embedding model and a real Chroma directory."""

import logging
from pathlib import Path

import numpy as np
import pytest

from answering.embeddings import embedding_id
from answering.sentences import split_sentences
from answering.settings import Settings
from answering.store import (
    EMBEDDING_KEY,
    SENTENCES_PER_READ,
    IndexUnavailableError,
    SentenceVectorStore,
    collection_generation,
    index_embedding,
    load_or_rebuild_bm25,
    open_collection,
    set_generation,
    set_index_embedding,
)
from ingest.__main__ import SKIPPED_EXIT
from ingest.__main__ import main as ingest_main
from ingest.pipeline import ingest_corpus

pytestmark = pytest.mark.slow

TACE = "# TACE\n\n## What it is\n\nTACE delivers chemotherapy and blocks the blood supply of a liver tumor.\n"
Y90 = "# Y-90\n\n## What it is\n\nY-90 radioembolization uses tiny radioactive beads.\n"


@pytest.fixture
def corpus(tmp_path) -> tuple[Settings, Path]:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "tace.md").write_text(TACE, encoding="utf-8")
    (folder / "y90.md").write_text(Y90, encoding="utf-8")
    return Settings(corpus_dir=folder, index_dir=tmp_path / "index"), folder


def ids_of(settings: Settings, source: str) -> list[str]:
    return open_collection(settings).get(where={"source": source})["ids"]


def test_unchanged_corpus_embeds_nothing_the_second_time(corpus, no_network):
    settings, _ = corpus
    first = ingest_corpus(settings)
    assert (first.files_added_or_changed, first.chunks_total) == (2, 2)
    second = ingest_corpus(settings)
    assert second.chunks_embedded == 0
    assert second.files_unchanged == 2
    assert no_network == []


def test_edited_file_replaces_its_chunks_and_deleted_file_disappears(corpus):
    settings, folder = corpus
    ingest_corpus(settings)
    (folder / "tace.md").write_text(
        TACE + "\n## Afterwards\n\nMost people go home the next day.\n", encoding="utf-8"
    )
    (folder / "y90.md").unlink()
    report = ingest_corpus(settings)
    assert (report.files_added_or_changed, report.files_removed) == (1, 1)
    assert report.chunks_embedded == 2
    assert ids_of(settings, "y90.md") == []
    documents = open_collection(settings).get(where={"source": "tace.md"})["documents"]
    assert any("next day" in d for d in documents)
    bm25 = load_or_rebuild_bm25(open_collection(settings), settings)
    assert [hit[0] for hit in bm25.search("go home next day", 3)] == ["tace#afterwards:0"]
    assert bm25.search("radioactive beads", 3) == []


def test_broken_files_are_reported_and_skipped(corpus, capsys):
    settings, folder = corpus
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\nnot a real pdf")
    (folder / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00binary")
    assert ingest_main([str(folder), "--index-dir", str(settings.index_dir), "--quiet"]) == 0
    output = capsys.readouterr().out
    assert logging.getLogger("bm25s").getEffectiveLevel() >= logging.WARNING  # its import forces DEBUG
    assert "skipped broken.pdf: unreadable PDF" in output
    assert "skipped photo.txt: binary data" in output
    assert "2 chunks embedded" in output
    assert output.strip().splitlines()[-1].startswith("2 file(s) were skipped and are not in the index")
    strict = ["--index-dir", str(settings.index_dir), "--quiet", "--strict"]
    assert ingest_main([str(folder), *strict]) == SKIPPED_EXIT  # a script can tell
    (folder / "broken.pdf").unlink()
    (folder / "photo.txt").unlink()
    assert ingest_main([str(folder), *strict]) == 0


def test_interrupted_ingest_is_detected_and_bm25_rebuilt(corpus):
    settings, _ = corpus
    ingest_corpus(settings)
    collection = open_collection(settings)
    set_generation(collection, "dirty")  # what a run killed mid-way leaves behind
    bm25 = load_or_rebuild_bm25(collection, settings)
    assert len(bm25.chunk_ids) == 2
    assert ingest_corpus(settings).chunks_embedded == 0
    assert collection_generation(open_collection(settings)) not in ("", "dirty")


def test_a_file_an_interrupted_run_left_half_stored_is_stored_whole_by_the_next(corpus):
    settings, folder = corpus
    long_doc = "# Long\n\n" + "".join(
        f"## Part {n}\n\nLiver metastases fact number {n}.\n\n" for n in range(12)
    )
    (folder / "long.md").write_text(long_doc, encoding="utf-8")
    ingest_corpus(settings)
    complete = sorted(ids_of(settings, "long.md"))
    open_collection(settings).delete(ids=complete[5:])  # as if the run was killed after five chunks
    report = ingest_corpus(settings)
    assert report.files_added_or_changed == 1 and report.files_unchanged == 2
    assert sorted(ids_of(settings, "long.md")) == complete


def test_missing_corpus_folder_is_a_clear_error(tmp_path, capsys):
    assert ingest_main([str(tmp_path / "nope"), "--index-dir", str(tmp_path / "i"), "--quiet"]) == 2
    assert "Corpus folder not found" in capsys.readouterr().err


def test_sentences_are_split_and_embedded_at_ingest_and_follow_edits(corpus):
    settings, folder = corpus
    ingest_corpus(settings)
    store = SentenceVectorStore(open_collection(settings, kind=SentenceVectorStore.KIND))
    chunk_id = "tace#what-it-is:0"
    passage = open_collection(settings).get(ids=[chunk_id])["documents"][0]
    found = store.sentences_of({chunk_id: passage, "no-such-passage": "Some text."})
    assert [text for text, _ in found[chunk_id]] == split_sentences(passage)
    assert "no-such-passage" not in found
    first_vector = found[chunk_id][0][1]
    assert first_vector.shape == (384,)
    assert store.nearest_chunks(first_vector, sentences=3)[0] == chunk_id
    # A passage whose text no longer holds its stored sentences is split afresh, never read stale.
    assert store.sentences_of({chunk_id: "TACE is a different text now."}) == {}
    (folder / "tace.md").unlink()
    ingest_corpus(settings)
    assert store.sentences_of({chunk_id: passage}) == {}


def test_a_passage_with_more_sentences_than_one_read_is_read_whole(tmp_path):
    store = SentenceVectorStore(open_collection(Settings(index_dir=tmp_path), kind=SentenceVectorStore.KIND))
    texts = [f"Sentence number {i} of a long list." for i in range(SENTENCES_PER_READ + 5)]
    store.store(
        ids=[SentenceVectorStore.sentence_id("long", i) for i in range(len(texts))],
        texts=texts,
        vectors=np.eye(len(texts), 384, dtype=np.float32),
        chunk_ids=["long"] * len(texts),
    )
    assert [text for text, _ in store.sentences_of({"long": " ".join(texts)})["long"]] == texts
    store.collection.delete(ids=[SentenceVectorStore.sentence_id("long", 3)])  # a gap: not trusted
    assert store.sentences_of({"long": " ".join(texts)}) == {}


def test_an_empty_sentence_store_finds_no_nearest_passage(tmp_path):
    from answering.settings import Settings
    from answering.store import SentenceVectorStore

    store = SentenceVectorStore(open_collection(Settings(index_dir=tmp_path), kind=SentenceVectorStore.KIND))
    assert store.nearest_chunks(np.ones(384, dtype=np.float32), sentences=8) == []


def test_an_index_embedded_by_another_backend_is_refused_then_re_embedded(corpus):
    settings, _ = corpus
    ingest_corpus(settings)
    assert index_embedding(open_collection(settings, create=False)) == embedding_id("onnx-fp32")
    set_index_embedding(open_collection(settings), embedding_id("torch"))
    with pytest.raises(
        IndexUnavailableError, match=r"embedded with all-MiniLM-L6-v2/torch.*python -m ingest"
    ):
        open_collection(settings, create=False)
    report = ingest_corpus(settings)
    assert (report.files_added_or_changed, report.chunks_embedded, report.chunks_total) == (2, 2, 2)
    assert index_embedding(open_collection(settings, create=False)) == embedding_id("onnx-fp32")


def test_an_index_that_records_no_embedding_was_made_with_torch(corpus):
    settings, _ = corpus
    ingest_corpus(settings)
    collection = open_collection(settings)
    collection.modify(metadata={k: v for k, v in collection.metadata.items() if k != EMBEDDING_KEY})
    assert index_embedding(open_collection(settings)) == embedding_id("torch")
    assert ingest_corpus(settings).chunks_embedded == 2
