"""A patient who asks again before the last turn is stored: the question is answered, and nothing typed is lost.

The page with a fake assistant and a review store that takes 1.5 s to store a turn (a busy database), so the
last turn is still pending, the reply already on screen, when the next question is sent. Gradio's default
submit mode dropped that second question without a word, and the stored turn's update then wiped the box.
"""

import socket
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn
from playwright.sync_api import expect
from webui_fakes import FakeAssistant, fake_scrub
from webui_server import TIMEOUT_MS, ask, open_patient_page

from answering.settings import Settings
from review.store import ReviewStore
from webui.server import build_app

pytestmark = pytest.mark.slow
STORE_DELAY_S = 1.5
ANSWERED = ".reply-answered:has(.sources)"


class SlowStore(ReviewStore):
    def record_turn(self, *args, **kwargs):
        time.sleep(STORE_DELAY_S)
        return super().record_turn(*args, **kwargs)


@pytest.fixture(scope="module")
def slow_store_page_url(tmp_path_factory) -> Iterator[str]:
    store = SlowStore(f"sqlite:///{tmp_path_factory.mktemp('slow') / 'review.db'}", scrub=fake_scrub)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(
            build_app(FakeAssistant(), store, Settings()), host="127.0.0.1", port=port, log_level="warning"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=30)


def test_a_question_sent_while_the_last_turn_is_stored_is_answered(slow_store_page_url, browser):
    page = open_patient_page(browser, slow_store_page_url)
    ask(page, "What is TACE?", ANSWERED)  # on screen; the turn is being stored for another 1.5 s
    ask(page, "And how is TACE given?", ANSWERED)
    expect(page.locator(ANSWERED)).to_have_count(2, timeout=TIMEOUT_MS)


def test_what_is_typed_while_the_last_turn_is_stored_stays_in_the_box(slow_store_page_url, browser):
    page = open_patient_page(browser, slow_store_page_url)
    ask(page, "What is TACE?", ANSWERED)
    box = page.locator("#question textarea")
    box.fill("and how long does it")
    time.sleep(STORE_DELAY_S + 1)  # the turn is stored and its last update reaches the page
    expect(box).to_have_value("and how long does it")


def test_a_double_enter_asks_once(slow_store_page_url, browser):
    """The second Enter waits behind the first; by then the box is empty, and an empty box asks nothing."""
    page = open_patient_page(browser, slow_store_page_url)
    box = page.locator("#question textarea")
    box.fill("What is TACE?")
    box.press("Enter")
    box.press("Enter")
    expect(page.locator(ANSWERED)).to_have_count(1, timeout=TIMEOUT_MS)
    time.sleep(STORE_DELAY_S + 1)  # the first turn is stored; the second Enter's turn has run
    expect(page.locator(ANSWERED)).to_have_count(1)
    expect(page.locator(".reply-notice")).to_have_count(0)
