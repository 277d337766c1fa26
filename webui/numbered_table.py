"""A review panel's table of numbered rows and the box and button that open one (the plain-language and glossary
panels): a click on a row, or a number typed, opens that row."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import gradio as gr


def row_number(data: gr.SelectData) -> int | None:
    """The number in the first column of the row clicked."""
    return int(data.row_value[0]) if data.row_value else None


@dataclass
class NumberedTable:
    """Element ids: ``show-<name>``, ``<name>-table``, ``<name>-number``, ``open-<name>``."""

    show: gr.Button
    table: gr.Dataframe
    number: gr.Number
    open_button: gr.Button

    @classmethod
    def build(
        cls,
        name: str,
        show_label: str,
        number_label: str,
        headers: list[str],
        column_widths: list[str],
        label: str,
    ) -> NumberedTable:
        """Inside the panel's ``gr.Blocks``: the first column is the row's number, the others text."""
        show = gr.Button(show_label, elem_id=f"show-{name}")
        table = gr.Dataframe(
            headers=headers,
            datatype=["number", *["str"] * (len(headers) - 1)],
            column_widths=column_widths,
            interactive=False,
            wrap=True,
            max_height=420,
            label=f"{label} (click a row to open it)",
            elem_id=f"{name}-table",
        )
        with gr.Row(equal_height=True):
            number = gr.Number(
                label=number_label, precision=0, minimum=1, scale=0, min_width=120, elem_id=f"{name}-number"
            )
            open_button = gr.Button("Open", scale=0, min_width=100, elem_id=f"open-{name}")
        return cls(show, table, number, open_button)

    def wire(self, list_rows: Callable, open_row: Callable, opened: list, message: gr.Markdown) -> None:
        """``list_rows() -> (rows, status)`` fills the table; ``open_row(number)`` fills ``opened``."""
        self.show.click(list_rows, None, [self.table, message], api_name=False)
        self.table.select(row_number, None, self.number, api_name=False).then(
            open_row, self.number, opened, api_name=False
        )
        self.open_button.click(open_row, self.number, opened, api_name=False)
