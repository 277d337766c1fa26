"""Look of both pages: system fonts (a web font would be fetched from the internet), calm colours."""

from __future__ import annotations

from pathlib import Path

import gradio as gr

STYLE_PATH = Path(__file__).with_name("style.css")


def theme() -> gr.themes.Base:
    return gr.themes.Soft(
        primary_hue="teal",
        neutral_hue="slate",
        font=["system-ui", "-apple-system", "Segoe UI", "Roboto", "sans-serif"],
        font_mono=["ui-monospace", "Consolas", "monospace"],
    )
