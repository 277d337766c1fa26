"""Shared test set-up: one CPU thread (CI shares 2 cores) and no network for models."""

import os

for _var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "TOKENIZERS_PARALLELISM"):
    os.environ.setdefault(_var, "1" if _var != "TOKENIZERS_PARALLELISM" else "false")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

import socket  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def postgres_cluster():
    """A throwaway PostgreSQL server for the session (``tests/postgres_server.py``)."""
    from postgres_server import PostgresCluster

    cluster = PostgresCluster().start()
    yield cluster
    cluster.stop()


@pytest.fixture(params=["sqlite", "postgres"])
def review_db_url(request, tmp_path):
    """An empty review database: the default SQLite file, and a real PostgreSQL one."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'nested' / 'review.db'}"
    return request.getfixturevalue("postgres_cluster").new_database()


@pytest.fixture(scope="session")
def seed_settings(tmp_path_factory):
    """Settings whose index holds the shipped corpus, built once per test session in a temp folder."""
    from answering.settings import Settings
    from ingest.pipeline import ingest_corpus

    settings = Settings(
        corpus_dir=PROJECT_ROOT / "corpus",
        index_dir=tmp_path_factory.mktemp("seed-index"),
        review_db_url=f"sqlite:///{tmp_path_factory.mktemp('db') / 'review.db'}",
    )
    ingest_corpus(settings)
    return settings


@pytest.fixture(scope="session")
def seed_assistant(seed_settings):
    """The real assistant (packaged MiniLM, real Chroma, real guardrails) over the shipped corpus."""
    from answering.pipeline import Assistant

    return Assistant.from_settings(seed_settings)


@pytest.fixture
def no_network(monkeypatch):
    """Fail any connection to a non-loopback address: the product must work with no network."""
    attempts: list[object] = []
    real_connect = socket.socket.connect

    def guarded_connect(sock, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and (
            host.startswith("127.") or host in ("::1", "localhost") or host.startswith("/")
        ):
            return real_connect(sock, address)
        attempts.append(address)
        raise OSError(f"network access attempted in a test: {address}")

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    return attempts


@pytest.fixture(scope="module")
def app_settings(seed_settings, tmp_path_factory):
    """The seed index, with a review database of the test module's own (browser tests)."""
    db = tmp_path_factory.mktemp("browser-db") / "review.db"
    return seed_settings.model_copy(update={"review_db_url": f"sqlite:///{db}"})


@pytest.fixture(scope="module")
def server(app_settings, tmp_path_factory):
    """The real app for one test module, in a holder so a test can restart it; stopped at the end."""
    from webui_server import REVIEWER_PASSWORD, app_env, start_app

    from review.auth import hash_password

    env = app_env(app_settings, hash_password(REVIEWER_PASSWORD))
    logs = tmp_path_factory.mktemp("app-logs")
    holder = {"app": start_app(env, logs / "app-1.log"), "env": env, "logs": logs}
    yield holder
    holder["app"].stop()


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium (Debian's, ``make browser``); screenshots go to ``test-artifacts/``."""
    from playwright.sync_api import sync_playwright
    from webui_server import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
