"""One FastAPI app: the patient page at ``/``, the nurse review page at ``/review`` (login needed)."""

from __future__ import annotations

import gradio as gr
from fastapi import FastAPI
from fastapi.responses import RedirectResponse
from gradio.utils import get_upload_folder

from answering.prompts import load_prompt
from answering.settings import Settings
from review.auth import async_password_checker
from review.store import ReviewStore
from webui.body_limit import BodyLimit
from webui.glossary_panel import GlossaryDesk
from webui.library_panel import LibraryDesk
from webui.login_throttle import LoginThrottle
from webui.page_title import PageTitle
from webui.patient import PatientChat, StreamingAssistant, build_patient_page
from webui.plain_panel import PlainDesk
from webui.review_page import ReviewDesk, build_disabled_review_page, build_review_page
from webui.theme import ACCESSIBILITY_HEAD, STYLE_PATH, theme

REVIEW_PATH = "/review"
#: Neither page takes a file from anyone; Gradio's upload route cannot be switched off, so it is capped.
MAX_UPLOAD = "16kb"
#: Gradio's sign-in page has no title of its own; once signed in, the review page's title replaces this one.
SIGN_IN_TITLE = "Sign in: nurse review"


def build_app(assistant: StreamingAssistant, store: ReviewStore, settings: Settings) -> FastAPI:
    """The whole web app; the assistant and store are passed in so tests can use small fakes."""
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    app.add_api_route(REVIEW_PATH, lambda: RedirectResponse(f"{REVIEW_PATH}/"), include_in_schema=False)
    common = {
        "footer_links": [],
        "run_history": False,
        "theme": theme(),
        "css_paths": [STYLE_PATH],
        "head": ACCESSIBILITY_HEAD,
        "max_file_size": MAX_UPLOAD,
    }
    check = async_password_checker(settings)
    if check is None:
        review = build_disabled_review_page(load_prompt("ui_review_disabled.md"))
        gr.mount_gradio_app(app, review, path=REVIEW_PATH, **common)
    else:
        review = build_review_page(
            ReviewDesk(store),
            LibraryDesk(store),
            PlainDesk(store, settings.corpus_dir),
            GlossaryDesk(store, settings.corpus_dir),
        )
        app.add_middleware(
            LoginThrottle,
            login_path=f"{REVIEW_PATH}/login",
            max_failures=settings.login_max_failures,
            window_s=settings.login_lockout_minutes * 60,
        )
        gr.mount_gradio_app(
            app, review, path=REVIEW_PATH, auth=check, auth_message="Nurse review: please sign in.", **common
        )
        app.add_middleware(PageTitle, path=REVIEW_PATH, title=SIGN_IN_TITLE)
    app.add_middleware(BodyLimit, max_bytes=settings.max_request_bytes)  # outermost: before any other reads
    patient = build_patient_page(PatientChat(assistant, store, settings))
    # Mounted last: a mount at "/" would otherwise swallow "/review". Gradio serves every file in its shared
    # cache from every mount, so without the block a review export copied there was readable from here.
    gr.mount_gradio_app(app, patient, path="/", blocked_paths=[get_upload_folder()], **common)
    return app
