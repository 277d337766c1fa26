"""Plain-language versions on the nurse review page: each source sentence with its plain version, whether that
passes the faithfulness checks, and who approved or rejected it; a nurse approves, edits or rejects one.

A version that fails the checks cannot be approved: the nurse is told what the checks found, in their words, and
nothing is stored. Every decision is a new row (who, when, the text); the latest for a sentence is what patients
read when ``PLAIN_LANGUAGE`` is on.
"""

from __future__ import annotations

import logging
from pathlib import Path

import gradio as gr

from answering.plain.decisions import PlainDecision, by_sentence
from answering.plain.versions import SentenceVersion, sentence_versions, version_check
from answering.sentences import comparable
from review.models import utc_now
from review.store import ReviewStore
from webui.numbered_table import NumberedTable
from webui.reviewer import UNREACHABLE, filed_under, reviewer_name, signed_in_name, when

log = logging.getLogger(__name__)

PLAIN_COLUMNS = ["No.", "Source sentence", "Plain version", "Checks", "Status"]
PLAIN_HISTORY_COLUMNS = ["When (UTC)", "Who", "Decision", "Plain version"]


def check_summary(version: SentenceVersion) -> str:
    return "faithful" if version.check.faithful else "; ".join(version.check.problems)


def status(version: SentenceVersion) -> str:
    decision = version.decision
    if decision is None:
        shipped = version.shipped
        return f"shipped draft: {shipped.approved_by or 'not approved'}, {shipped.approved_at or 'no date'}"
    who = filed_under(decision.reviewer, decision.signed_in_as)
    return f"{decision.decision.value} by {who}, {when(decision.decided_at)} UTC"


def history_rows(store: ReviewStore, source: str) -> list[list]:
    return [
        [when(d.decided_at), filed_under(d.reviewer, d.signed_in_as), d.decision.value, d.plain]
        for d in store.plain_decisions_on(source)
    ]


def problems_text(problems: tuple[str, ...]) -> str:
    found = "\n".join(f"- {problem}" for problem in problems)
    return (
        "**Not approved**: the plain version must say what the source sentence says, in everyday words. "
        f"The checks found:\n{found}\n\nChange the text and approve again, or reject this version."
    )


class PlainDesk:
    """Handlers of the plain-language panel, testable without a browser."""

    def __init__(self, store: ReviewStore, corpus_dir: Path) -> None:
        self.store = store
        self.corpus_dir = corpus_dir

    def versions(self) -> list[SentenceVersion]:
        return sentence_versions(self.corpus_dir, by_sentence(self.store.plain_decisions()))

    def show(self) -> tuple[list[list], str]:
        """The table of every source sentence, and a status line."""
        try:
            versions = self.versions()
        except Exception:
            log.exception("Could not list the plain versions")
            return gr.skip(), f"Not shown: {UNREACHABLE}"
        rows = [
            [number, v.source, v.plain, check_summary(v), status(v)]
            for number, v in enumerate(versions, start=1)
        ]
        return rows, f"{len(rows)} source sentences. Click a row to open it."

    def open_sentence(self, number: float | None) -> tuple[str, str, list[list], str]:
        """The source sentence, its plain version to edit, its decisions so far, and a status line."""
        try:
            versions = self.versions()
        except Exception:
            log.exception("Could not open a plain version")
            return "", "", [], f"Not opened: {UNREACHABLE}"
        if not number or not 1 <= int(number) <= len(versions):
            return "", "", [], f"Pick a sentence from the table (1 to {len(versions)})."
        version = versions[int(number) - 1]
        checks = (
            "passes the checks" if version.check.faithful else f"fails the checks: {check_summary(version)}"
        )
        return (
            version.source,
            version.plain,
            history_rows(self.store, version.source),
            f"Sentence {int(number)} open ({status(version)}); its plain version {checks}.",
        )

    def decide(
        self, decision: PlainDecision, source: str, plain: str, reviewer: str, request: gr.Request
    ) -> tuple[list[list], list[list], str]:
        """Store the decision on the open sentence's version (an approval only if it passes the checks), and show
        the table and the sentence's decisions again."""
        if not source:
            return gr.skip(), gr.skip(), "Open a sentence first."
        plain = (plain or "").strip()
        if not plain:
            return gr.skip(), gr.skip(), "Type the plain version first."
        name = reviewer_name(reviewer, request)
        try:
            version = next((v for v in self.versions() if comparable(v.source) == comparable(source)), None)
            if version is None:
                return (
                    gr.skip(),
                    gr.skip(),
                    "Not saved: this sentence is no longer in the plain-language files.",
                )
            if decision is PlainDecision.APPROVED:
                check = version_check(self.corpus_dir, version.source, plain, version.previous)
                if not check.faithful:
                    return gr.skip(), gr.skip(), problems_text(check.problems)
            self.store.decide_plain(version.source, plain, decision, name, signed_in_name(request))
        except ValueError as problem:
            return gr.skip(), gr.skip(), f"Not saved: {problem}"
        except Exception:
            log.exception("Could not store a decision on a plain version")
            return gr.skip(), gr.skip(), f"Not saved: {UNREACHABLE}"
        table, _ = self.show()
        return (
            table,
            history_rows(self.store, version.source),
            f"Saved: {decision.value} by {name} at {when(utc_now())} UTC.",
        )

    def approve(self, source: str, plain: str, reviewer: str, request: gr.Request):
        return self.decide(PlainDecision.APPROVED, source, plain, reviewer, request)

    def reject(self, source: str, plain: str, reviewer: str, request: gr.Request):
        return self.decide(PlainDecision.REJECTED, source, plain, reviewer, request)


def add_plain_panel(desk: PlainDesk, reviewer: gr.Textbox) -> None:
    """The panel, inside the review page's ``gr.Blocks``."""
    with gr.Accordion("Plain language versions", open=False, elem_id="plain-language"):
        rows = NumberedTable.build(
            "plain",
            "Show plain versions",
            "Sentence No.",
            PLAIN_COLUMNS,
            ["5%", "30%", "30%", "15%", "20%"],
            "Source sentences and their plain versions",
        )
        source = gr.Textbox(label="Source sentence", interactive=False, lines=2, elem_id="plain-source")
        plain = gr.Textbox(label="Plain version (edit it here)", lines=3, elem_id="plain-text")
        with gr.Row():
            approve = gr.Button("Approve", variant="primary", elem_id="approve-plain")
            reject = gr.Button("Reject", variant="stop", elem_id="reject-plain")
        message = gr.Markdown(elem_id="plain-status")
        history = gr.Dataframe(
            headers=PLAIN_HISTORY_COLUMNS,
            interactive=False,
            wrap=True,
            label="Decisions on this sentence (audit trail)",
            elem_id="plain-history",
        )
        opened = [source, plain, history, message]
        rows.wire(desk.show, desk.open_sentence, opened, message)
        for button, handler in ((approve, desk.approve), (reject, desk.reject)):
            button.click(handler, [source, plain, reviewer], [rows.table, history, message], api_name=False)
