"""A ``<title>`` for a Gradio page whose HTML has none: Gradio's sign-in page, which the app cannot configure.

Without one a screen reader announces the nurse's sign-in tab as "untitled" (axe-core: ``document-title``).
A pure ASGI middleware: the HTML of ``GET <path>/`` gets the title inserted after ``<head>`` and its
``Content-Length`` set again. Gradio's client sets its own title once a page loads, so the signed-in review
page keeps the title its Blocks declares.
"""

from __future__ import annotations

import html

from webui.body_limit import Receive, Scope, Send


class PageTitle:
    def __init__(self, app, path: str, title: str) -> None:
        self.app = app
        self.path = path.rstrip("/") + "/"
        self.tag = f"<title>{html.escape(title)}</title>".encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"] != self.path:
            await self.app(scope, receive, send)
            return
        start: dict = {}
        parts: list[bytes] = []

        async def titled_send(message: dict) -> None:
            if message["type"] == "http.response.start":
                start.update(message)  # held back until the body, whose length may change
                return
            if message["type"] != "http.response.body":
                await send(message)
                return
            parts.append(message.get("body", b""))
            if message.get("more_body"):
                return
            body = self._titled(b"".join(parts), dict(start.get("headers", [])))
            headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
            await send({**start, "headers": [*headers, (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, titled_send)

    def _titled(self, body: bytes, headers: dict[bytes, bytes]) -> bytes:
        is_html = headers.get(b"content-type", b"").startswith(b"text/html")
        encoded = headers.get(b"content-encoding", b"identity") != b"identity"
        if not is_html or encoded or b"<title>" in body:
            return body
        return body.replace(b"<head>", b"<head>" + self.tag, 1)
