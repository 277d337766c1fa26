"""Look of both pages: system fonts (a web font would be fetched from the internet), calm colours."""

from __future__ import annotations

from pathlib import Path

import gradio as gr

STYLE_PATH = Path(__file__).with_name("style.css")
#: Run in every page's head: repairs to Gradio's markup for screen readers.
ACCESSIBILITY_HEAD = (
    f"<script>{Path(__file__).with_name('accessibility.js').read_text(encoding='utf-8')}</script>"
)


def theme() -> gr.themes.Base:
    return gr.themes.Soft(
        primary_hue="teal",
        neutral_hue="slate",
        font=["system-ui", "-apple-system", "Segoe UI", "Roboto", "sans-serif"],
        font_mono=["ui-monospace", "Consolas", "monospace"],
    ).set(
        # Soft's teal labels (2.2:1) and white-on-teal buttons (2.5:1) fall short of WCAG AA contrast (4.5:1).
        block_label_text_color="*primary_800",
        block_info_text_color="*primary_800",
        block_title_text_color="*primary_800",
        button_primary_background_fill="*primary_700",
        button_primary_background_fill_hover="*primary_800",
        button_primary_text_color="white",
    )
