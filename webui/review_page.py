"""The nurse review page: a filtered queue, one turn at a time beside its sources, verdicts and exports.

Patient text is only ever shown in text components (Textbox, Dataframe "str" cells) or escaped HTML.
"""

from __future__ import annotations

import html
import logging
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

import gradio as gr

from answering.schema import Citation, Route
from review.export import write_jsonl
from review.models import Action, utc_now
from review.store import ReviewStore
from review.views import TurnView
from webui.formatting import shorten, source_entry_html
from webui.glossary_panel import GlossaryDesk, add_glossary_panel
from webui.library_panel import LibraryDesk, add_library_panel
from webui.numbered_table import row_number
from webui.plain_panel import PlainDesk, add_plain_panel
from webui.reviewer import filed_under, reviewer_name, signed_in_name, when

log = logging.getLogger(__name__)

QUEUE_COLUMNS = ["ID", "Asked (UTC)", "Route", "Question", "Patient feedback", "Review"]
#: Turns per queue page: a busy clinic makes thousands; the page shows them a hundred at a time.
QUEUE_PAGE = 100
EMERGENCY_LABEL = f"⚠ {Route.EMERGENCY.value}"
EMERGENCY_ROW_STYLE = "background-color: #fdecec; color: #6b0f0f; font-weight: 600"
HISTORY_COLUMNS = ["When (UTC)", "Reviewer", "Action", "Corrected text", "Right reply", "Reason"]
#: What a correction says the question deserved; its eval item is scored against this route.
RIGHT_REPLIES = [
    ("Answered from the materials", Route.ANSWERED.value),
    ("Not covered by the materials", Route.OUT_OF_SCOPE.value),
    ("A question for the care team", Route.CARE_TEAM.value),
    ("An emergency", Route.EMERGENCY.value),
]
ROUTE_CHOICES = [("All routes", "")] + [(route.value.replace("_", " "), route.value) for route in Route]


def feedback_summary(turn: TurnView) -> str:
    parts = []
    if turn.flagged:
        parts.append("flagged")
    ups, downs = (sum(f.thumb == thumb for f in turn.feedback) for thumb in ("up", "down"))
    if downs:
        parts.append(f"👎 {downs}")
    if ups:
        parts.append(f"👍 {ups}")
    comments = sum(bool(f.comment) for f in turn.feedback)
    if comments:
        parts.append(f"{comments} comment(s)")
    return ", ".join(parts)


def queue_row(turn: TurnView) -> list:
    verdict = turn.latest_verdict
    status = f"{verdict.action.value} by {verdict.reviewer}" if verdict else "unreviewed"
    return [
        turn.id,
        when(turn.created_at),
        EMERGENCY_LABEL if turn.route == Route.EMERGENCY.value else turn.route,
        shorten(turn.question, 300),
        feedback_summary(turn),
        status,
    ]


def queue_table(rows: list[list]) -> dict:
    """The queue's rows with an emergency's row drawn in red, so it stands out as well as sorting first."""
    styling = [[EMERGENCY_ROW_STYLE if row[2] == EMERGENCY_LABEL else ""] * len(row) for row in rows]
    return {"headers": QUEUE_COLUMNS, "data": rows, "metadata": {"styling": styling, "display_value": None}}


def sources_panel(turn: TurnView) -> str:
    if not turn.citations:
        return '<p class="muted">No sources: this reply was not drawn from the materials.</p>'
    return "".join(
        source_entry_html([Citation(**c)]).replace("<details ", "<details open ", 1) for c in turn.citations
    )


def details_panel(turn: TurnView) -> str:
    """Facts about the turn, and the patient's comments, escaped."""
    latency = "-" if turn.latency_ms is None else f"{turn.latency_ms:.0f} ms"
    lines = [
        f"<p><b>Turn {turn.id}</b> · asked {when(turn.created_at)} UTC · "
        f"route <b>{html.escape(turn.route)}</b> · "
        f"generator {html.escape(turn.generator or '-')} · {latency}</p>"
    ]
    if turn.standalone_question and turn.standalone_question != turn.question:
        lines.append(f"<p>Understood as: <i>{html.escape(turn.standalone_question)}</i></p>")
    for item in turn.history:
        lines.append(
            f'<p class="muted">Earlier ({html.escape(item["role"])}): {html.escape(item["content"])}</p>'
        )
    for feedback in turn.feedback:
        said = ["👍" if feedback.thumb == "up" else "👎" if feedback.thumb == "down" else ""]
        said += ["asked a nurse to check" if feedback.flagged else "", html.escape(feedback.comment or "")]
        lines.append(f"<p>Patient feedback: {' · '.join(part for part in said if part)}</p>")
    return "".join(lines)


def history_rows(turn: TurnView) -> list[list]:
    return [
        [
            when(v.created_at),
            filed_under(v.reviewer, v.signed_in_as),
            v.action.value,
            v.corrected_text or "",
            v.right_route or "",
            v.reason or "",
        ]
        for v in turn.verdicts
    ]


def _stamp() -> str:
    return utc_now().strftime("%Y%m%d-%H%M%S")


def end_of_day(day: datetime | None) -> datetime | None:
    """The date picker gives midnight; "until 3 May" means up to the end of 3 May."""
    return None if day is None else day + timedelta(days=1)


#: Exports hold patients' questions: they are deleted this long after they were made.
EXPORT_KEEP_S = 600


def _private_download(path: Path) -> gr.File:
    """Readable by this process only (Gradio's copy for the download keeps the mode)."""
    path.chmod(0o600)
    return gr.File(str(path), visible=True)


class ReviewDesk:
    """Handlers of the review page, testable without a browser."""

    def __init__(self, store: ReviewStore, export_dir: Path | None = None) -> None:
        self.store = store
        self.export_dir = export_dir or Path(tempfile.mkdtemp(prefix="review-export-"))

    def load_queue(
        self,
        route: str,
        flagged_only: bool,
        thumbs_down_only: bool,
        since: datetime | None,
        until: datetime | None,
        page: float | None = 1,
    ) -> dict:
        """One page of ``QUEUE_PAGE`` turns (page 1 first), as the queue table's value."""
        turns = self.store.queue(
            route=route or None,
            flagged=True if flagged_only else None,
            thumbs_down=True if thumbs_down_only else None,
            since=since,
            until=end_of_day(until),
            limit=QUEUE_PAGE,
            offset=(max(int(page or 1), 1) - 1) * QUEUE_PAGE,
        )
        return queue_table([queue_row(turn) for turn in turns])

    def open_turn(self, turn_id: float | None) -> tuple[str, str, str, str, list[list], str, str, None, str]:
        """Question, answer, details, sources, verdict history, the editable answer, an empty reason and no right
        reply chosen (what was typed for another turn must not be filed with this one), and a status line."""
        if not turn_id:
            return "", "", "", "", [], "", "", None, "Pick a turn from the queue (or type its ID)."
        try:
            turn = self.store.turn(int(turn_id))
        except KeyError:
            return "", "", "", "", [], "", "", None, f"There is no turn {int(turn_id)}."
        latest = turn.latest_verdict
        editable = latest.corrected_text if latest and latest.corrected_text else turn.answer
        return (
            turn.question,
            turn.shown_answer,
            details_panel(turn),
            sources_panel(turn),
            history_rows(turn),
            editable,
            "",
            None,
            f"Turn {turn.id} open.",
        )

    def decide(
        self,
        action: Action,
        turn_id: float | None,
        reviewer: str,
        corrected: str,
        reason: str,
        right_route: str | None,
        request: gr.Request,
    ) -> tuple[list[list], str]:
        """Record a verdict (a new row every time) and show the updated history."""
        if not turn_id:
            return [], "Open a turn first."
        name = reviewer_name(reviewer, request)
        try:
            self.store.add_verdict(
                int(turn_id),
                name,
                action,
                corrected_text=corrected,
                reason=reason,
                right_route=right_route,
                signed_in_as=signed_in_name(request),
            )
        except (KeyError, ValueError) as problem:
            return gr.skip(), f"Not saved: {problem}"
        except Exception:
            log.exception("Could not store a verdict")
            return gr.skip(), "Not saved: the database could not be reached. Please try again."
        turn = self.store.turn(int(turn_id))
        return history_rows(
            turn
        ), f"Saved: {action.value} on turn {turn.id} by {name} at {when(utc_now())} UTC."

    def approve(self, turn_id, reviewer, corrected, reason, right_route, request: gr.Request):
        return self.decide(Action.APPROVE, turn_id, reviewer, corrected, reason, right_route, request)

    def correct(self, turn_id, reviewer, corrected, reason, right_route, request: gr.Request):
        return self.decide(Action.CORRECT, turn_id, reviewer, corrected, reason, right_route, request)

    def flag_unsafe(self, turn_id, reviewer, corrected, reason, right_route, request: gr.Request):
        return self.decide(Action.FLAG_UNSAFE, turn_id, reviewer, corrected, reason, right_route, request)

    def export_jsonl(self) -> gr.File:
        path = write_jsonl(
            self.store.export_eval_items(), self._export_path(f"review-eval-items-{_stamp()}.jsonl")
        )
        return _private_download(path)

    def export_csv(self) -> gr.File:
        return _private_download(self.store.export_csv(self._export_path(f"review-{_stamp()}.csv")))

    def _export_path(self, name: str) -> Path:
        """A new file in the private export folder (mkdtemp: 0700); exports older than ``EXPORT_KEEP_S`` go first."""
        cutoff = time.time() - EXPORT_KEEP_S
        for old in self.export_dir.glob("review-*"):
            if old.stat().st_mtime < cutoff:
                old.unlink(missing_ok=True)
        return self.export_dir / name


def build_review_page(
    desk: ReviewDesk, library: LibraryDesk, plain: PlainDesk, glossary: GlossaryDesk
) -> gr.Blocks:
    # Exports are copied into Gradio's cache to be downloaded: every 5 minutes, copies older than 10 go.
    with gr.Blocks(title="Answer review", analytics_enabled=False, delete_cache=(300, 600)) as page:
        gr.Markdown("# Answer review", elem_id="page-title")
        reviewer = gr.Textbox(label="Your name (kept with every verdict)", elem_id="reviewer", max_lines=1)
        with gr.Row(elem_id="filters"):
            route = gr.Dropdown(ROUTE_CHOICES, value="", label="Route", elem_id="filter-route", min_width=140)
            flagged = gr.Checkbox(label="Flagged by patient", elem_id="filter-flagged", min_width=140)
            thumbs_down = gr.Checkbox(label="Thumbs down", elem_id="filter-thumbs-down", min_width=140)
            since = gr.DateTime(
                label="From (UTC)", include_time=False, type="datetime", elem_id="filter-since"
            )
            until = gr.DateTime(
                label="Until (UTC)", include_time=False, type="datetime", elem_id="filter-until"
            )
        with gr.Row(equal_height=True):
            queue_page = gr.Number(
                value=1,
                label="Queue page",
                precision=0,
                minimum=1,
                elem_id="queue-page",
                scale=0,
                min_width=120,
            )
            refresh = gr.Button("Show queue", variant="primary", elem_id="refresh")
        queue = gr.Dataframe(
            headers=QUEUE_COLUMNS,
            datatype=["number", "str", "str", "str", "str", "str"],
            column_widths=["5%", "12%", "10%", "45%", "13%", "15%"],
            max_height=420,
            interactive=False,
            wrap=True,
            label=f"Queue ({QUEUE_PAGE} a page, unreviewed first; click a row to open it)",
            elem_id="queue",
        )
        with gr.Row(equal_height=True):
            turn_id = gr.Number(
                label="Turn ID", precision=0, minimum=1, elem_id="turn-id", scale=0, min_width=120
            )
            open_button = gr.Button("Open", elem_id="open-turn", scale=0, min_width=100)
        status = gr.Markdown(elem_id="review-status")
        with gr.Row(elem_id="turn-view"):
            with gr.Column(scale=1):
                question = gr.Textbox(label="Patient's question", interactive=False, elem_id="turn-question")
                answer = gr.Textbox(label="Answer given", interactive=False, lines=6, elem_id="turn-answer")
                details = gr.HTML(elem_id="turn-details")
            with gr.Column(scale=1):
                gr.Markdown("### Sources shown to the patient")
                sources = gr.HTML(elem_id="turn-sources", elem_classes="review-sources")
        with gr.Group(elem_id="actions"):
            corrected = gr.Textbox(
                label="Corrected answer (for “Save correction”)", lines=4, elem_id="corrected"
            )
            right_route = gr.Radio(
                RIGHT_REPLIES,
                label="For a correction: the right reply to this question",
                elem_id="right-route",
            )
            reason = gr.Textbox(label="Reason (why you corrected or flagged it)", lines=2, elem_id="reason")
            with gr.Row():
                approve = gr.Button("Approve", variant="primary", elem_id="approve")
                correct = gr.Button("Save correction", variant="secondary", elem_id="correct")
                unsafe = gr.Button("Flag unsafe", variant="stop", elem_id="flag-unsafe")
        history = gr.Dataframe(
            headers=HISTORY_COLUMNS,
            interactive=False,
            wrap=True,
            label="Verdicts (audit trail)",
            elem_id="history",
        )
        with gr.Row():
            export_jsonl = gr.Button("Export eval items (JSONL)", elem_id="export-jsonl")
            export_csv = gr.Button("Export CSV", elem_id="export-csv")
        export_file = gr.File(label="Download", interactive=False, visible=False, elem_id="export-file")
        add_library_panel(library, reviewer)
        add_plain_panel(plain, reviewer)
        add_glossary_panel(glossary, reviewer)

        filters = [route, flagged, thumbs_down, since, until, queue_page]
        page.load(signed_in_name, None, reviewer, api_name=False)
        page.load(desk.load_queue, filters, queue, api_name=False)
        refresh.click(desk.load_queue, filters, queue, api_name=False)
        opened = [question, answer, details, sources, history, corrected, reason, right_route, status]
        queue.select(row_number, None, turn_id, api_name=False).then(
            desk.open_turn, turn_id, opened, api_name=False
        )
        open_button.click(desk.open_turn, turn_id, opened, api_name=False)
        verdict_io = {
            "inputs": [turn_id, reviewer, corrected, reason, right_route],
            "outputs": [history, status],
        }
        for button, handler in ((approve, desk.approve), (correct, desk.correct), (unsafe, desk.flag_unsafe)):
            button.click(handler, **verdict_io, api_name=False).then(
                desk.load_queue, filters, queue, api_name=False
            )
        export_jsonl.click(desk.export_jsonl, None, export_file, api_name=False)
        export_csv.click(desk.export_csv, None, export_file, api_name=False)
    return page


def build_disabled_review_page(message: str) -> gr.Blocks:
    """Shown at the review path when no reviewer password is configured: no data, only how to enable it."""
    with gr.Blocks(title="Answer review (disabled)", analytics_enabled=False) as page:
        gr.Markdown(message, elem_id="review-disabled")
    return page
