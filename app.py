"""Serve the patient page at http://HOST:PORT/ and the nurse review page at /review (settings.host/port)."""

from __future__ import annotations

import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")


def main() -> None:
    import logging

    import uvicorn
    from pydantic import ValidationError

    from answering.pipeline import Assistant
    from answering.settings import get_settings
    from answering.store import IndexUnavailableError
    from review.spool import TurnSpool
    from review.store import ReviewStore
    from webui.server import build_app

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        settings = get_settings()
        assistant = Assistant.from_settings(settings)
    except ValidationError as error:  # one line per mistake, not a traceback
        problems = "; ".join(
            f"{'.'.join(map(str, e['loc'])).upper()}: {e['msg'].removeprefix('Value error, ')}"
            for e in error.errors()
        )
        raise SystemExit(f"Configuration error: {problems}") from None
    except IndexUnavailableError as error:
        raise SystemExit(str(error)) from None
    except ValueError as error:  # a setting that cannot work as given (GENERATOR=local without the model, …)
        raise SystemExit(f"Configuration error: {error}") from None
    store = ReviewStore(
        settings.review_db_url,
        spool=TurnSpool(settings.review_spool_path),
        timeout_s=settings.review_db_timeout_s,
    )
    store.drain_spool_every(settings.review_spool_retry_s)  # turns spooled while the database was away
    if settings.serve_reviewed_answers:
        assistant.serve_reviewed_answers(store)
    assistant.follow_plain_decisions(store)  # the nurses' approvals and edits of plain versions
    assistant.follow_glossary_edits(store)  # the nurses' rewrites of glossary definitions
    assistant.check_plain_versions()
    app = build_app(assistant, store, settings)
    uvicorn.run(app, host=settings.host, port=settings.port)


if __name__ == "__main__":
    main()
