"""Chat messages as HTML: the patient's words always as text, answers with their route and sources.

Everything that reaches the browser passes through ``html.escape`` or markdown-it with raw HTML off,
so a question such as ``<script>…`` is shown, never run — on the patient page and the nurse page.
"""

from __future__ import annotations

import html
import re

from markdown_it import MarkdownIt

from answering.schema import Answer, Citation, GlossaryTerm, ReviewedMark, Route

# Answer text may carry simple Markdown (templates use lists and bold); raw HTML and images stay off.
_MARKDOWN = MarkdownIt("commonmark", {"html": False}).disable("image")
_CITATION_MARK = re.compile(r"\[(\d{1,3})\]")

#: Each label's icon is drawn by ``style.css`` (``.route-icon-<route>``, an SVG in the stylesheet): emoji such as
#: 🩺 render as empty boxes where the system has no emoji font (Debian's Chromium).
ROUTE_LABELS: dict[Route, str] = {
    Route.CARE_TEAM: "A question for your care team",
    Route.EMERGENCY: "Urgent: get help now",
    Route.OUT_OF_SCOPE: "Not covered by my materials",
}


def _single_block(markup: str) -> str:
    """No blank lines, so the chat's own Markdown pass keeps the whole message as one HTML block."""
    return re.sub(r"\n\s*\n+", "\n", markup).strip()


def shorten(text: str, limit: int) -> str:
    """An over-long message cut to ``limit`` characters, with its full length, instead of echoed whole."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text):,} characters)"


def text_as_html(text: str) -> str:
    """Patient-written text, shown exactly as typed (tags, Markdown, emoji and all)."""
    return html.escape(text).replace("\n", "<br>")


def user_message(text: str) -> str:
    return f'<div class="user-text">{text_as_html(text)}</div>'


def answer_text_html(text: str) -> str:
    """Answer text as HTML, with each ``[n]`` shown as a citation mark."""
    rendered = _MARKDOWN.render(text)
    return _CITATION_MARK.sub(r'<sup class="cite">[\1]</sup>', rendered)


def _heading(citation: Citation) -> str:
    heading = html.escape(citation.title)
    if citation.section and citation.section != citation.title:
        heading += f" — {html.escape(citation.section)}"
    return heading


def source_entry_html(group: list[Citation]) -> str:
    """One expandable source: title and section as the summary, the quoted sentences of ``group`` (all from that
    section) inside, each with its number."""
    numbers = "".join(f"[{c.n}]" for c in group)
    quotes = "".join(_quote_html(c) for c in group)
    return (
        f'<details class="source"><summary><span class="cite-n">{numbers}</span> {_heading(group[0])}</summary>'
        f"<blockquote>{quotes}</blockquote></details>"
    )


def _quote_html(citation: Citation) -> str:
    """The verbatim source sentence; with a plain version in the answer, the source says what it restates."""
    quote = f'<p><span class="cite-n">[{citation.n}]</span> {text_as_html(citation.quote)}</p>'
    if not citation.plain:
        return quote
    return quote.replace("<p>", '<p class="restated">', 1) + (
        f'<p class="plain-note">In the answer, in plain words: {text_as_html(citation.plain)}</p>'
    )


def sources_html(citations: list[Citation]) -> str:
    """ "Sources (n)": one expandable entry per document section, its quoted sentences inside with their
    numbers: four sentences from one section no longer read as four identical source titles."""
    if not citations:
        return ""
    sections: dict[tuple[str, str], list[Citation]] = {}
    for citation in sorted(citations, key=lambda c: c.n):
        sections.setdefault((citation.title, citation.section), []).append(citation)
    items = "".join(source_entry_html(group) for group in sections.values())
    return f'<div class="sources"><p class="sources-title">Sources ({len(sections)})</p>{items}</div>'


def glossary_html(terms: list[GlossaryTerm]) -> str:
    """ "Words in this answer": the hard words named in the summary, a tap shows what each one means."""
    if not terms:
        return ""
    names = ", ".join(html.escape(t.term) for t in terms)
    rows = "".join(f"<dt>{html.escape(t.term)}</dt><dd>{html.escape(t.definition)}</dd>" for t in terms)
    return (
        f'<details class="glossary"><summary><span class="glossary-title">Words in this answer:</span> '
        f"{names}</summary><dl>{rows}</dl></details>"
    )


def reviewed_html(mark: ReviewedMark | None) -> str:
    """ "Reviewed by the care team, 1 December 2026": the answer is one nurses checked, not a fresh one."""
    if mark is None:
        return ""
    when = f"{mark.reviewed_at.day} {mark.reviewed_at:%B %Y}"
    return f'<p class="reviewed-mark">Reviewed by the care team, {when}</p>'


def note_html(note: str) -> str:
    """The note before an answer to a message that told of someone's case: set apart from the cited answer."""
    return f'<p class="answer-note">{text_as_html(note)}</p>' if note else ""


def route_label_html(route: Route) -> str:
    if route not in ROUTE_LABELS:
        return ""
    icon = f'<span class="route-icon route-icon-{route.value}" aria-hidden="true"></span>'
    return f'<p class="route-label">{icon} {html.escape(ROUTE_LABELS[route])}</p>'


def assistant_message(answer: Answer) -> str:
    """A complete or partial answer: label for non-answered routes, the text, then its sources."""
    body = (
        route_label_html(answer.route)
        + reviewed_html(answer.reviewed)
        + note_html(answer.note)
        + answer_text_html(answer.text)
        + glossary_html(answer.glossary)
        + sources_html(answer.citations)
    )
    return _single_block(f'<div class="reply reply-{answer.route.value}">{body}</div>')


def disclaimer_html(text: str) -> str:
    """The disclaimer folded to its first paragraph, which no patient may miss (not advice; the emergency
    number); the rest opens on a tap, so on a phone the conversation keeps the screen."""
    summary, _, more = text.strip().partition("\n\n")
    toggle = (
        '<span class="disclaimer-toggle" aria-hidden="true">'
        '<span class="when-closed">More</span><span class="when-open">Less</span></span>'
    )
    return (
        f'<details class="disclaimer"><summary>{_MARKDOWN.renderInline(summary)} {toggle}</summary>'
        f"{_MARKDOWN.render(more)}</details>"
    )


def notice_message(text: str) -> str:
    """A reply from the page itself (empty or over-long input, an error), styled apart from answers."""
    return _single_block(f'<div class="reply reply-notice">{answer_text_html(text)}</div>')
