"""Read .txt, .md, .html and .pdf files into Markdown-ish text whose headings mark the sections.

Every format ends up as Markdown so that one heading-aware splitter serves them all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

SUPPORTED_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".pdf"}

_HEADER_LINE = re.compile(r"^([A-Z][A-Z_]{1,30}):\s*(.*)$")


class LoadError(Exception):
    """A file that cannot be read as a document; ingest reports it by name and skips it."""


@dataclass(frozen=True)
class LoadedDocument:
    """A document's text as Markdown, with the metadata every chunk of it carries."""

    doc_id: str
    source: str
    title: str
    markdown: str
    source_url: str = ""


def load_document(path: Path, root: Path, max_bytes: int | None = None) -> LoadedDocument:
    """Load one file; raise :class:`LoadError` with a readable reason when it is not a document.

    ``max_bytes``: a larger file is refused before it is read (a 43 MB text file once took minutes).
    """
    relative = path.relative_to(root)
    size = path.stat().st_size
    if max_bytes is not None and size > max_bytes:
        raise LoadError(
            f"too large ({size / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.1f} MB, MAX_DOCUMENT_MB)"
        )
    doc_id = relative.with_suffix("").as_posix()
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        markdown, title, url = _mark_plain_headings(_read_pdf(path)), "", ""
    else:
        text = _read_text(path)
        if suffix in {".html", ".htm"}:
            markdown, title = _html_to_markdown(text)
            url = ""
        else:
            header, body = _split_header_block(text)
            title, url = header.get("TITLE", ""), header.get("SOURCE_URL", "")
            markdown = body if suffix != ".txt" else _mark_plain_headings(body)
    if not markdown.strip():
        raise LoadError("no text found")
    title = title or _first_heading(markdown) or path.stem.replace("-", " ").replace("_", " ").title()
    return LoadedDocument(
        doc_id=doc_id, source=relative.as_posix(), title=title, markdown=markdown, source_url=url
    )


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _read_text(path: Path) -> str:
    """UTF-8 (with or without BOM), UTF-16 with its BOM, else Windows-1252 / Latin-1, what older Western
    hospital systems write; binary data is refused. (Detectors such as charset-normalizer read a short English
    file with "é" as Baltic: for English documents the Western fallback is right far more often.)"""
    data = path.read_bytes()
    if data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise LoadError(f"broken UTF-16 text ({error.reason} at byte {error.start})") from error
    if b"\x00" in data:
        raise LoadError("binary data, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")  # every byte is a Latin-1 character


def _read_pdf(path: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(path)
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as error:
        raise LoadError(f"unreadable PDF ({error})") from error


def _html_to_markdown(html: str) -> tuple[str, str]:
    from bs4 import BeautifulSoup
    from markdownify import markdownify

    soup = BeautifulSoup(html, "html.parser")
    title = soup.title.get_text(strip=True) if soup.title else ""
    for tag in soup(["script", "style", "nav", "header", "footer", "noscript", "form"]):
        tag.decompose()
    body = soup.body or soup
    return markdownify(str(body), heading_style="ATX", strip=["a", "img"]), title


def _split_header_block(text: str) -> tuple[dict[str, str], str]:
    """Split an optional ``KEY: value`` header (as in the NIH files) from the body."""
    lines = text.splitlines()
    header: dict[str, str] = {}
    for index, line in enumerate(lines):
        if not line.strip():
            if header:
                return header, "\n".join(lines[index + 1 :])
            return {}, text
        match = _HEADER_LINE.match(line)
        if not match:
            return {}, text
        header[match.group(1)] = match.group(2).strip()
    return header, "" if header else text


def _mark_plain_headings(text: str) -> str:
    """Mark short, unpunctuated lines that stand before a paragraph, or before another such line and then a
    paragraph ("Treatment Options for Renal Cell Cancer", "Stage I Renal Cell Cancer"), as ``##`` headings.
    Lines already marked (``# Title``) stay as they are."""
    lines = [line.rstrip() for line in text.splitlines()]
    heading_like = [_looks_like_heading(line) for line in lines]
    # The paragraph after each line, found in one pass from the end (a search forward from every line was
    # quadratic: 10,000 short lines took 15 s).
    paragraph_after: list[str] = []
    paragraph = ""
    for line, heading in zip(reversed(lines), reversed(heading_like), strict=True):
        paragraph_after.append(paragraph)
        if line.strip() and not heading:
            paragraph = line
    paragraph_after.reverse()
    marked: list[str] = []
    for line, heading, following in zip(lines, heading_like, paragraph_after, strict=True):
        if heading and len(following) > len(line):
            marked += ["", f"## {line.strip()}", ""]
        else:
            marked.append(line)
    return "\n".join(marked)


def _looks_like_heading(line: str) -> bool:
    stripped = line.strip()
    words = stripped.split()
    return (
        0 < len(words) <= 10
        and len(stripped) <= 80
        and stripped[-1] not in ".,;:!?"
        and stripped[0].isupper()
        and not stripped.startswith(("-", "*", "•"))
    )


def _first_heading(markdown: str) -> str:
    match = re.search(r"^#\s+(.+)$", markdown, re.MULTILINE)
    return match.group(1).strip() if match else ""
