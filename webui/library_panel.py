"""The library of reviewed answers on the nurse review page: what patients are being served, and retiring it.

An entry is retired with a reason and the nurse's name (a new row in the audit trail, the entry itself stays).
To change an entry's text, retire it and correct one of the turns it answered: the correction is the new entry.
"""

from __future__ import annotations

import logging

import gradio as gr

from review.models import LibraryChange
from review.store import ReviewStore
from webui.formatting import shorten
from webui.reviewer import reviewer_name, when

log = logging.getLogger(__name__)

LIBRARY_COLUMNS = ["ID", "Reviewed (UTC)", "By", "Question", "Answer", "Times served"]


class LibraryDesk:
    """Handlers of the library panel, testable without a browser."""

    def __init__(self, store: ReviewStore) -> None:
        self.store = store

    def rows(self) -> list[list]:
        return [
            [
                row.id,
                when(row.reviewed_at),
                row.reviewer,
                shorten(row.question, 200),
                shorten(row.answer, 300),
                row.times_served,
            ]
            for row in self.store.library()
        ]

    def retire(
        self, reviewed_id: float | None, reviewer: str, reason: str, request: gr.Request
    ) -> tuple[list[list], str]:
        if not reviewed_id:
            return gr.skip(), "Type the ID of the entry to retire."
        name = reviewer_name(reviewer, request)
        try:
            self.store.change_reviewed_answer(int(reviewed_id), LibraryChange.RETIRED, reason or "", name)
        except (KeyError, ValueError) as problem:
            return gr.skip(), f"Not retired: {problem}"
        except Exception:
            log.exception("Could not retire a reviewed answer")
            return gr.skip(), "Not retired: the database could not be reached. Please try again."
        return self.rows(), f"Retired entry {int(reviewed_id)}: patients no longer get it."


def add_library_panel(desk: LibraryDesk, reviewer: gr.Textbox) -> None:
    """The panel, inside the review page's ``gr.Blocks``."""
    with gr.Accordion("Reviewed answers served to patients (the library)", open=False, elem_id="library"):
        show = gr.Button("Show library", elem_id="show-library")
        table = gr.Dataframe(
            headers=LIBRARY_COLUMNS,
            datatype=["number", "str", "str", "str", "str", "number"],
            interactive=False,
            wrap=True,
            max_height=360,
            elem_id="library-table",
        )
        with gr.Row(equal_height=True):
            entry = gr.Number(
                label="Entry ID", precision=0, minimum=1, scale=0, min_width=120, elem_id="library-id"
            )
            reason = gr.Textbox(label="Why retire it", max_lines=2, elem_id="retire-reason")
            retire = gr.Button("Retire", variant="stop", scale=0, min_width=100, elem_id="retire")
        status = gr.Markdown(elem_id="library-status")
        show.click(desk.rows, None, table, api_name=False)
        retire.click(desk.retire, [entry, reviewer, reason], [table, status], api_name=False)
