"""Chunks follow headings, respect the token budget and keep stable, readable ids."""

import tiktoken

from answering.settings import PROJECT_ROOT, Settings
from ingest.chunking import slugify, split_document
from ingest.loaders import load_document

SEED = PROJECT_ROOT / "corpus" / "liver-metastases.md"


def seed_chunks(settings: Settings | None = None):
    settings = settings or Settings()
    return split_document(load_document(SEED, SEED.parent), "hash", settings)


def test_every_seed_section_has_chunks_with_provenance():
    chunks = seed_chunks()
    sections = {c.metadata["section"] for c in chunks}
    assert sections == {
        "Liver Metastases",
        "Understanding Secondary Liver Cancer",
        "Identifying Symptoms and Diagnostic Tools",
        "Imaging Techniques",
        "Major Treatment Approaches",
        "Systemic Therapies",
        "Local Therapies",
    }
    for chunk in chunks:
        assert chunk.metadata["title"] == "Liver Metastases"
        assert chunk.metadata["source"] == "liver-metastases.md"
        assert chunk.id.startswith("liver-metastases#")


def test_chunk_ids_are_stable_and_unique():
    first, second = seed_chunks(), seed_chunks()
    assert [c.id for c in first] == [c.id for c in second]
    assert len({c.id for c in first}) == len(first)
    assert "liver-metastases#local-therapies:0" in {c.id for c in first}


def test_chunks_respect_the_token_budget():
    settings = Settings(chunk_tokens=60, chunk_overlap_tokens=10)
    encoding = tiktoken.get_encoding(settings.tiktoken_encoding)
    chunks = seed_chunks(settings)
    assert len(chunks) > len(seed_chunks())
    assert max(len(encoding.encode(c.text)) for c in chunks) <= 60


def test_chunks_never_cross_sections():
    for chunk in seed_chunks():
        assert "#" not in chunk.text
    texts = {c.metadata["section"]: c.text for c in seed_chunks()}
    assert "Ablation techniques" not in texts["Systemic Therapies"]


def test_slugify():
    assert slugify("Major Treatment Approaches") == "major-treatment-approaches"
    assert slugify("Y-90 & TACE!") == "y-90-tace"
    assert slugify("???") == "section"
