"""20 simulated patients at once against the running app (gradio_client on loopback), for a bounded time.

No request may fail, every reply must be a routed answer, the app log must hold no traceback, and the
review database must hold every turn exactly once. The p95 latency is printed (run with ``-s`` to see it).
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from gradio_client import Client
from webui_server import app_env, start_app

from review.store import ReviewStore

pytestmark = pytest.mark.slow

PATIENTS = 20
LOAD_SECONDS = 30
ROUTE_CLASSES = ("reply-answered", "reply-care_team", "reply-emergency", "reply-out_of_scope")
QUESTIONS = [
    "What is TACE?",
    "How does microwave ablation work?",
    "Why does cancer spread to the liver?",
    "What scans are used to find liver metastases?",
    "Should I skip my next chemo session?",
    "What is the weather in Boston?",
    "What is a liver biopsy?",
    "What are the symptoms of liver metastases?",
]


def patient(client: Client, number: int, stop_at: float) -> list[tuple[str, float, str]]:
    """One patient's conversation: ask, wait for the whole answer, ask the next, until ``stop_at``."""
    turns = []
    turn = 0
    while time.monotonic() < stop_at:
        question = QUESTIONS[(number + turn) % len(QUESTIONS)]
        started = time.perf_counter()
        _, chat = client.predict(question, [], api_name="/chat")
        content = chat[-1]["content"]
        html = content if isinstance(content, str) else content[0]["text"]
        turns.append((question, time.perf_counter() - started, html))
        turn += 1
    return turns


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def running_app(request, seed_settings, tmp_path_factory):
    """The app on the default SQLite review database, and on a real PostgreSQL one."""
    if request.param == "sqlite":
        db_url = f"sqlite:///{tmp_path_factory.mktemp('load-db') / 'review.db'}"
    else:
        db_url = request.getfixturevalue("postgres_cluster").new_database()
    settings = seed_settings.model_copy(update={"review_db_url": db_url})
    # A stress test from one address, far faster than people type: the per-minute limits are lifted.
    unlimited = {"CHAT_MAX_PER_MINUTE_PER_SESSION": "100000", "CHAT_MAX_PER_MINUTE_PER_CLIENT": "100000"}
    app = start_app(app_env(settings, "") | unlimited, tmp_path_factory.mktemp("load-logs") / "app.log")
    yield app, ReviewStore(settings.review_db_url)
    app.stop()


@pytest.mark.timeout(170)
def test_twenty_concurrent_patients_get_answers_and_every_turn_is_stored_once(running_app):
    app, store = running_app
    stop_at: list[float] = []  # set once, when the last patient is connected
    barrier = threading.Barrier(PATIENTS, action=lambda: stop_at.append(time.monotonic() + LOAD_SECONDS))

    def run(number: int):
        client = Client(app.url + "/", verbose=False)
        barrier.wait()  # every patient starts together, clients connected
        return patient(client, number, stop_at[0])

    with ThreadPoolExecutor(PATIENTS) as pool:
        conversations = list(pool.map(run, range(PATIENTS)))  # re-raises any patient's error

    turns = [turn for conversation in conversations for turn in conversation]
    latencies = np.array([seconds for _, seconds, _ in turns])
    print(
        f"\nload: {PATIENTS} patients, {len(turns)} turns in ~{LOAD_SECONDS} s; latency "
        f"p50 {np.percentile(latencies, 50):.2f} s, p95 {np.percentile(latencies, 95):.2f} s, "
        f"max {latencies.max():.2f} s"
    )
    assert all(conversation for conversation in conversations), "a patient never got a reply"
    unrouted = [question for question, _, html in turns if not any(c in html for c in ROUTE_CLASSES)]
    assert unrouted == []
    assert "Traceback" not in app.log_path.read_text()
    stored = Counter(turn.question for turn in store.queue(limit=len(turns) + 100))
    assert stored == Counter(question for question, _, _ in turns)
