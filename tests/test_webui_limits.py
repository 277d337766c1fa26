"""The app refuses what it never needs: a large anonymous upload."""

from fastapi.testclient import TestClient
from webui_fakes import FakeAssistant, fake_scrub

from answering.settings import Settings
from review.store import ReviewStore
from webui.server import build_app


def test_an_anonymous_12_mb_upload_is_refused_before_it_reaches_the_disk(tmp_path):
    app = build_app(
        FakeAssistant(), ReviewStore(f"sqlite:///{tmp_path / 'r.db'}", scrub=fake_scrub), Settings()
    )
    with TestClient(app) as http:
        refused = http.post("/gradio_api/upload", files={"files": ("big.txt", b"x" * 12_000_000)})
    assert refused.status_code == 413
