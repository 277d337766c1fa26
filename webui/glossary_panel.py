"""The glossary on the nurse review page: every term patients may see explained, its definition and who last
rewrote it; a nurse rewrites a definition that is unclear.

A definition that is not plain enough (``answering.glossary.definition_problems``: grade 6 or below, 30 words at
most, the rule the shipped glossary is held to) is not saved: the nurse is told why, in words. Every rewrite is a
new row (who, when, the text); the latest for a term is what patients read, on every app replica, within
``GLOSSARY_REFRESH_S`` seconds.
"""

from __future__ import annotations

import logging
from pathlib import Path

import gradio as gr

from answering.glossary import GLOSSARY_FILE, GlossaryEntry, definition_problems, load_glossary
from answering.glossary_edits import DefinitionEdit
from review.models import utc_now
from review.store import ReviewStore
from webui.numbered_table import NumberedTable
from webui.reviewer import UNREACHABLE, filed_under, reviewer_name, signed_in_name, when

log = logging.getLogger(__name__)

GLOSSARY_COLUMNS = ["No.", "Term", "Also written as", "Definition patients read", "Last changed"]
GLOSSARY_HISTORY_COLUMNS = ["When (UTC)", "Who", "Definition"]


def read_by_patients(entry: GlossaryEntry, edit: DefinitionEdit | None) -> str:
    """The nurses' latest definition of the term, else the shipped one."""
    return edit.definition if edit else entry.definition


def changed(edit: DefinitionEdit | None) -> str:
    if edit is None:
        return "shipped with the materials"
    return f"rewritten by {filed_under(edit.reviewer, edit.signed_in_as)}, {when(edit.edited_at)} UTC"


class GlossaryDesk:
    """Handlers of the glossary panel, testable without a browser."""

    def __init__(self, store: ReviewStore, corpus_dir: Path) -> None:
        self.store = store
        self.corpus_dir = corpus_dir

    def entries(self) -> list[tuple[GlossaryEntry, DefinitionEdit | None]]:
        """Each shipped term with the nurses' latest definition of it, if any."""
        latest = {edit.term.casefold(): edit for edit in self.store.glossary_definitions()}
        return [
            (entry, latest.get(entry.term.casefold()))
            for entry in load_glossary(self.corpus_dir / GLOSSARY_FILE)
        ]

    def show(self) -> tuple[list[list], str]:
        """The table of every term, and a status line."""
        try:
            entries = self.entries()
        except Exception:
            log.exception("Could not list the glossary")
            return gr.skip(), f"Not shown: {UNREACHABLE}"
        rows = [
            [
                number,
                entry.term,
                ", ".join(entry.variants),
                read_by_patients(entry, edit),
                changed(edit),
            ]
            for number, (entry, edit) in enumerate(entries, start=1)
        ]
        return rows, f"{len(rows)} terms. Click a row to open it."

    def open_term(self, number: float | None) -> tuple[str, str, list[list], str]:
        """The term, its definition to edit, the rewrites so far, and a status line."""
        try:
            entries = self.entries()
        except Exception:
            log.exception("Could not open a glossary term")
            return "", "", [], f"Not opened: {UNREACHABLE}"
        if not number or not 1 <= int(number) <= len(entries):
            return "", "", [], f"Pick a term from the table (1 to {len(entries)})."
        entry, edit = entries[int(number) - 1]
        return (
            entry.term,
            read_by_patients(entry, edit),
            self._history(entry.term),
            f"“{entry.term}” open ({changed(edit)}).",
        )

    def save(
        self, term: str, definition: str, reviewer: str, request: gr.Request
    ) -> tuple[list[list], list[list], str]:
        """Store the open term's new definition if it is plain enough, and show the table and its rewrites again."""
        if not term:
            return gr.skip(), gr.skip(), "Open a term first."
        definition = " ".join((definition or "").split())
        problems = definition_problems(definition)
        if problems:
            found = "\n".join(f"- {problem}" for problem in problems)
            return gr.skip(), gr.skip(), f"**Not saved**: patients read this under an answer.\n\n{found}"
        name = reviewer_name(reviewer, request)
        try:
            current = next((pair for pair in self.entries() if pair[0].term == term), None)
            if current is None:
                return gr.skip(), gr.skip(), "Not saved: this term is no longer in the glossary."
            entry, edit = current
            if definition == read_by_patients(entry, edit):
                return gr.skip(), gr.skip(), "Not saved: this is already the definition patients read."
            self.store.define_glossary_term(term, definition, name, signed_in_name(request))
        except ValueError as problem:
            return gr.skip(), gr.skip(), f"Not saved: {problem}"
        except Exception:
            log.exception("Could not store a glossary definition")
            return gr.skip(), gr.skip(), f"Not saved: {UNREACHABLE}"
        table, _ = self.show()
        return table, self._history(term), f"Saved: “{term}” rewritten by {name} at {when(utc_now())} UTC."

    def _history(self, term: str) -> list[list]:
        return [
            [when(e.edited_at), filed_under(e.reviewer, e.signed_in_as), e.definition]
            for e in self.store.glossary_definitions_of(term)
        ]


def add_glossary_panel(desk: GlossaryDesk, reviewer: gr.Textbox) -> None:
    """The panel, inside the review page's ``gr.Blocks``."""
    with gr.Accordion("Glossary: the words patients see explained", open=False, elem_id="glossary-panel"):
        rows = NumberedTable.build(
            "glossary",
            "Show glossary",
            "Term No.",
            GLOSSARY_COLUMNS,
            ["5%", "15%", "20%", "40%", "20%"],
            "Glossary terms",
        )
        term = gr.Textbox(label="Term", interactive=False, max_lines=1, elem_id="glossary-term")
        definition = gr.Textbox(
            label="Definition (grade 6 or below, 30 words at most)", lines=3, elem_id="glossary-definition"
        )
        save = gr.Button("Save definition", variant="primary", elem_id="save-glossary")
        message = gr.Markdown(elem_id="glossary-status")
        history = gr.Dataframe(
            headers=GLOSSARY_HISTORY_COLUMNS,
            interactive=False,
            wrap=True,
            label="Rewrites of this term (audit trail)",
            elem_id="glossary-history",
        )
        opened = [term, definition, history, message]
        rows.wire(desk.show, desk.open_term, opened, message)
        save.click(desk.save, [term, definition, reviewer], [rows.table, history, message], api_name=False)
