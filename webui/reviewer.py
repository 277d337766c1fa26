"""Who is reviewing, and how times are shown to reviewers: shared by the review page and its panels."""

from __future__ import annotations

from datetime import datetime

import gradio as gr

#: Why a panel's action did not happen when the review database is locked or down.
UNREACHABLE = "the database could not be reached. Please try again."


def when(moment: datetime) -> str:
    """A stored (naive UTC) time as nurses read it."""
    return moment.strftime("%Y-%m-%d %H:%M")


def signed_in_name(request: gr.Request | None) -> str:
    """The login of the session ("" without one)."""
    return request.username or "" if request else ""


def reviewer_name(typed: str | None, request: gr.Request | None) -> str:
    """The name a nurse typed, else the login: what a verdict or a library change is filed under."""
    return (typed or "").strip() or signed_in_name(request)


def filed_under(reviewer: str, signed_in_as: str | None) -> str:
    """Who made a decision as nurses read it: the name given, with the login when that differs."""
    return reviewer if not signed_in_as or signed_in_as == reviewer else f"{reviewer} ({signed_in_as})"
