"""The app refuses what it never needs: a large anonymous upload, a request body no page sends."""

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from webui_fakes import FakeAssistant, fake_scrub

from answering.settings import Settings
from review.store import ReviewStore
from webui.body_limit import BodyLimit
from webui.server import build_app


def app_with_store(tmp_path, **settings):
    store = ReviewStore(f"sqlite:///{tmp_path / 'r.db'}", scrub=fake_scrub)
    return build_app(FakeAssistant(), store, Settings(**settings)), store


def test_an_anonymous_12_mb_upload_is_refused_before_it_reaches_the_disk(tmp_path):
    app = build_app(
        FakeAssistant(), ReviewStore(f"sqlite:///{tmp_path / 'r.db'}", scrub=fake_scrub), Settings()
    )
    with TestClient(app) as http:
        refused = http.post("/gradio_api/upload", files={"files": ("big.txt", b"x" * 12_000_000)})
    assert refused.status_code == 413


def test_a_file_in_gradios_shared_cache_is_not_served_by_the_patient_page(tmp_path):
    """A review export is copied there to be downloaded; only the signed-in review page may serve it."""
    from gradio.utils import get_upload_folder

    cached = Path(get_upload_folder()) / "test-review-export" / "review-20261201.csv"
    cached.parent.mkdir(parents=True, exist_ok=True)
    cached.write_text("question,answer\nWhat is TACE?,…\n")
    app = build_app(
        FakeAssistant(), ReviewStore(f"sqlite:///{tmp_path / 'r.db'}", scrub=fake_scrub), Settings()
    )
    with TestClient(app) as http:
        assert http.get(f"/gradio_api/file={cached}").status_code == 403
    cached.unlink()


def test_a_5_mb_question_is_refused_unread_and_nothing_is_stored(tmp_path):
    app, store = app_with_store(tmp_path)
    body = json.dumps({"data": ["x" * 5_000_000, [], None], "fn_index": 0, "session_hash": "abc"})
    with TestClient(app) as http:
        refused = http.post(
            "/gradio_api/queue/join", content=body, headers={"content-type": "application/json"}
        )
    assert refused.status_code == 413 and "too large" in refused.json()["error"]
    assert store.queue() == []


async def echo_length(request: Request) -> JSONResponse:
    return JSONResponse({"read": len(await request.body())})


@pytest.fixture
def limited():
    return TestClient(
        BodyLimit(Starlette(routes=[Route("/", echo_length, methods=["POST"])]), max_bytes=1000)
    )


def test_a_body_under_the_cap_passes_untouched(limited):
    assert limited.post("/", content=b"x" * 1000).json() == {"read": 1000}


def test_a_declared_body_over_the_cap_gets_413(limited):
    assert limited.post("/", content=b"x" * 1001).status_code == 413


def test_a_body_sent_without_a_length_is_counted_and_cut_off(limited):
    def chunks():
        for _ in range(20):
            yield b"x" * 100

    assert limited.post("/", content=chunks()).status_code == 413
