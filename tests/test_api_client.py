"""The chat endpoint through gradio_client against the real running app; each turn is stored once."""

from __future__ import annotations

import urllib.request

import pytest
from gradio_client import Client
from webui_server import app_env, start_app

from review.store import ReviewStore

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def api(seed_settings, tmp_path_factory):
    db = tmp_path_factory.mktemp("api-db") / "review.db"
    settings = seed_settings.model_copy(update={"review_db_url": f"sqlite:///{db}"})
    app = start_app(app_env(settings, ""), tmp_path_factory.mktemp("api-logs") / "app.log")
    yield Client(app.url + "/", verbose=False), ReviewStore(settings.review_db_url)
    app.stop()


def reply_html(client: Client, question: str, kept: str = "") -> str:
    """The reply's HTML; ``kept`` is what the text box must hold afterwards (cleared, but for a too-long text)."""
    box, chat = client.predict(question, [], api_name="/chat")
    assert box == kept
    return chat[-1]["content"] if isinstance(chat[-1]["content"], str) else chat[-1]["content"][0]["text"]


def test_chat_endpoint_answers_with_citations_and_stores_the_turn_once(api):
    client, store = api
    html = reply_html(client, "What is TACE?")
    assert "reply-answered" in html and 'class="sources"' in html and "Chemoembolization" in html
    stored = [turn for turn in store.queue() if turn.question == "What is TACE?"]
    assert len(stored) == 1 and stored[0].route == "answered" and stored[0].citations


@pytest.mark.parametrize(
    ("question", "route_class"),
    [
        ("Should I skip my next chemo session?", "reply-care_team"),
        ("I am vomiting blood", "reply-emergency"),
        ("What is the weather in Boston?", "reply-out_of_scope"),
        ("", "reply-notice"),
    ],
)
def test_chat_endpoint_routes_and_bad_input(api, question, route_class):
    assert route_class in reply_html(api[0], question)


def test_a_too_long_message_stays_in_the_box_with_a_notice(api):
    pasted = "x" * 10_000
    assert "reply-notice" in reply_html(api[0], pasted, kept=pasted)


def test_review_page_is_disabled_without_a_password_hash(api):
    client, _ = api
    with urllib.request.urlopen(client.src.rstrip("/") + "/review/config", timeout=10) as response:
        config = response.read().decode("utf-8")
    assert "review page is turned off" in config and "REVIEWER_PASSWORD_HASH" in config
    assert '"elem_id":"approve"' not in config  # no review controls, no data
