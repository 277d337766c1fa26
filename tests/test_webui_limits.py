"""The app refuses what it never needs: a large anonymous upload."""

from pathlib import Path

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
