"""Serve the patient page at http://HOST:PORT/ and the nurse review page at /review (settings.host/port)."""

from __future__ import annotations

import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")


def main() -> None:
    import logging

    import uvicorn

    from answering.pipeline import Assistant
    from answering.settings import get_settings
    from review.store import ReviewStore
    from webui.server import build_app

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = get_settings()
    app = build_app(Assistant.from_settings(settings), ReviewStore(settings.review_db_url), settings)
    uvicorn.run(app, host=settings.host, port=settings.port)


if __name__ == "__main__":
    main()
