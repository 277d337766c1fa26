"""The same product against a Chroma server (``chroma run``), as a multi-replica deployment uses it."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from answering.pipeline import Assistant
from answering.schema import Route
from answering.settings import Settings
from answering.store import open_collection
from ingest.pipeline import ingest_corpus

pytestmark = pytest.mark.slow

CHROMA = Path(sys.executable).with_name("chroma")
TINY_CORPUS = {
    "tace.md": "# TACE\n\n## What it is\n\nTACE delivers chemotherapy and blocks the blood supply of a liver tumor.\n",
    "ablation.md": "# Ablation\n\n## Microwave ablation\n\nMicrowave ablation uses heat to destroy small liver tumors.\n",
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_heartbeat(port: int, server: subprocess.Popen, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        assert server.poll() is None, "chroma run exited during start-up"
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"no Chroma server on 127.0.0.1:{port} after {timeout_s} s")


@pytest.fixture
def chroma_server(tmp_path):
    """A Chroma server on a free loopback port, stopped after the test."""
    port = free_port()
    server = subprocess.Popen(
        [
            str(CHROMA),
            "run",
            "--path",
            str(tmp_path / "chroma-server"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_heartbeat(port, server)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_ingest_and_answer_through_a_chroma_server(chroma_server, tmp_path, no_network):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in TINY_CORPUS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    settings = Settings(
        corpus_dir=corpus, index_dir=tmp_path / "index", chroma_host="127.0.0.1", chroma_port=chroma_server
    )

    report = ingest_corpus(settings)
    assert (report.files_added_or_changed, report.chunks_total) == (2, 2)
    assert not (settings.index_dir / "chroma").exists(), "chunks must go to the server, not a local directory"

    answer = Assistant.from_settings(settings).answer("What is microwave ablation?")
    assert answer.route is Route.ANSWERED
    assert any("heat" in citation.quote for citation in answer.citations)

    # A second replica has only the server: it rebuilds its BM25 cache from the collection.
    shutil.rmtree(settings.index_dir)
    replica = Assistant.from_settings(settings)
    assert replica.answer("What does TACE block?").route is Route.ANSWERED
    assert open_collection(settings, create=False).count() == 2
    assert no_network == []
