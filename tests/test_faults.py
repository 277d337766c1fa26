"""Faults the index must survive: an ingest killed mid-run, a damaged or missing Chroma directory."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from answering.pipeline import Assistant
from answering.schema import Route
from answering.settings import Settings
from answering.store import IndexUnavailableError, collection_generation, open_collection
from ingest.pipeline import ingest_corpus

pytestmark = pytest.mark.slow

PROJECT_ROOT = Path(__file__).resolve().parent.parent
GENERATED_FILES = 200
KILL_AFTER_FILES = 20
ABLATION = "Microwave ablation uses heat from microwaves to destroy tumour cells in the liver."


def write_generated_corpus(folder: Path, count: int) -> None:
    """``count`` one-chunk documents; the first (ingested first: files go in sorted order) is about ablation."""
    folder.mkdir()
    (folder / "doc-000.md").write_text(
        f"# Ablation\n\n## Microwave ablation\n\n{ABLATION}\n", encoding="utf-8"
    )
    for n in range(1, count):
        (folder / f"doc-{n:03d}.md").write_text(
            f"# Leaflet {n}\n\n## Part {n}\n\nLeaflet {n} explains follow-up visit number {n} after liver treatment.\n",
            encoding="utf-8",
        )


def environment(settings: Settings) -> dict[str, str]:
    return {**os.environ, "INDEX_DIR": str(settings.index_dir), "CORPUS_DIR": str(settings.corpus_dir)}


def kill_ingest_after(settings: Settings, files_done: int) -> None:
    """Run ``python -m ingest`` and SIGKILL it once its progress bar shows ``files_done`` embedded files."""
    process = subprocess.Popen(
        [sys.executable, "-m", "ingest", str(settings.corpus_dir), "--index-dir", str(settings.index_dir)],
        cwd=PROJECT_ROOT,
        env=environment(settings),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    progress = b""
    deadline = time.monotonic() + 240
    try:
        while time.monotonic() < deadline and process.poll() is None:
            progress += os.read(process.stderr.fileno(), 4096)
            done = [int(n) for n in re.findall(rb"\b(\d+)/%d\b" % GENERATED_FILES, progress)]
            if done and max(done) >= files_done:
                break
        assert process.poll() is None, "ingest finished before it could be killed: make the corpus larger"
        assert time.monotonic() < deadline, "ingest never reached the kill point"
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait()
        process.stderr.close()
    assert process.returncode == -signal.SIGKILL


def test_killed_ingest_leaves_a_usable_index_and_a_rerun_completes_it(tmp_path):
    settings = Settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index")
    write_generated_corpus(settings.corpus_dir, GENERATED_FILES)
    kill_ingest_after(settings, KILL_AFTER_FILES)

    partial = open_collection(settings, create=False).count()
    assert KILL_AFTER_FILES <= partial < GENERATED_FILES

    answer = Assistant.from_settings(settings).answer("What is microwave ablation?")
    assert answer.route is Route.ANSWERED
    assert any("heat" in citation.quote for citation in answer.citations)

    report = ingest_corpus(settings)
    assert report.files_unchanged + report.files_added_or_changed == GENERATED_FILES
    assert report.files_unchanged >= KILL_AFTER_FILES  # the killed run's work is kept, not redone
    assert report.chunks_total == GENERATED_FILES
    assert collection_generation(open_collection(settings, create=False)) not in ("", "dirty")
    assert ingest_corpus(settings).chunks_embedded == 0


@pytest.fixture
def seed_index_copy(seed_settings, tmp_path) -> Settings:
    """A private copy of the seed index, so a test can damage it."""
    shutil.copytree(seed_settings.index_dir, tmp_path / "index")
    return seed_settings.model_copy(update={"index_dir": tmp_path / "index"})


def damage(sqlite_file: Path, offset: int) -> None:
    """Overwrite 16 kB of the file with deterministic garbage, as a bad disk or a stray write would."""
    garbage = bytes((n * 7919 + 13) % 256 for n in range(16384))
    with sqlite_file.open("r+b") as handle:
        handle.seek(offset)
        handle.write(garbage)


def ask_cli(settings: Settings) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "answering", "ask", "What is TACE?"],
        cwd=PROJECT_ROOT,
        env=environment(settings),
        capture_output=True,
        text=True,
        timeout=120,
    )


def assert_reports_rebuild(settings: Settings) -> None:
    with pytest.raises(IndexUnavailableError, match=r"python -m ingest"):
        Assistant.from_settings(settings)
    completed = ask_cli(settings)
    assert completed.returncode == 2
    assert "python -m ingest" in completed.stderr
    assert "Traceback" not in completed.stderr


# The header, a page near the start, and a page deep in the file (found only by a full page check).
@pytest.mark.parametrize("fraction", [0.0, 0.3, 0.6])
def test_damaged_chroma_file_names_the_rebuild_command(seed_index_copy, fraction):
    sqlite_file = seed_index_copy.index_dir / "chroma" / "chroma.sqlite3"
    damage(sqlite_file, int(sqlite_file.stat().st_size * fraction) // 4096 * 4096)
    assert_reports_rebuild(seed_index_copy)


def test_missing_index_names_the_rebuild_command(seed_settings, tmp_path):
    assert_reports_rebuild(seed_settings.model_copy(update={"index_dir": tmp_path / "nothing-here"}))
