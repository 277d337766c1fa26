"""Nurse sign-in: bcrypt off the event loop, and a guessing client or username throttled with 429."""

import inspect

import pytest
from fastapi.testclient import TestClient
from webui_fakes import FakeAssistant, fake_scrub

from answering.settings import Settings
from review.auth import async_password_checker, hash_password
from review.store import ReviewStore
from webui.server import build_app

PASSWORD = "right horse battery"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def password_hash():
    return hash_password(PASSWORD)


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr("webui.login_throttle.time.monotonic", clock)
    return clock


@pytest.fixture
def app(tmp_path, password_hash, clock):
    settings = Settings(reviewer_username="nurse", reviewer_password_hash=password_hash)
    return build_app(
        FakeAssistant(), ReviewStore(f"sqlite:///{tmp_path / 'r.db'}", scrub=fake_scrub), settings
    )


def sign_in(app, password: str, username: str = "nurse", client: str = "10.0.0.1"):
    with TestClient(app, client=(client, 5000)) as http:
        return http.post("/review/login", data={"username": username, "password": password})


def test_the_password_check_runs_off_the_event_loop(password_hash):
    check = async_password_checker(Settings(reviewer_password_hash=password_hash))
    assert inspect.iscoroutinefunction(check)


def test_the_right_password_signs_in(app):
    assert sign_in(app, PASSWORD).status_code == 200


def test_the_sixth_attempt_after_five_failures_gets_429_with_retry_after_even_if_right(app):
    assert [sign_in(app, f"guess {n}").status_code for n in range(5)] == [400] * 5
    refused = sign_in(app, PASSWORD)
    assert refused.status_code == 429
    assert 0 < int(refused.headers["retry-after"]) <= 15 * 60
    assert "try again" in refused.json()["detail"]


def test_the_lock_holds_per_username_from_another_client_and_per_client_for_another_username(app):
    for n in range(5):
        sign_in(app, f"guess {n}", client="10.0.0.9")
    assert sign_in(app, PASSWORD, client="10.0.0.2").status_code == 429  # same username
    assert sign_in(app, "x", username="other", client="10.0.0.9").status_code == 429  # same client


def test_the_lock_ends_fifteen_minutes_after_the_last_failure(app, clock):
    for n in range(5):
        sign_in(app, f"guess {n}")
    clock.now += 14 * 60
    assert sign_in(app, PASSWORD).status_code == 429
    clock.now += 2 * 60
    assert sign_in(app, PASSWORD).status_code == 200


def test_a_success_clears_earlier_failures(app):
    for n in range(4):
        sign_in(app, f"guess {n}")
    assert sign_in(app, PASSWORD).status_code == 200
    assert [sign_in(app, f"again {n}").status_code for n in range(4)] == [400] * 4


def test_failures_are_logged_without_the_password(app, caplog):
    sign_in(app, "hunter2-secret")
    assert "Failed sign-in for nurse" in caplog.text and "hunter2-secret" not in caplog.text
