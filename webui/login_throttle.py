"""Sign-in throttling for the review page: a guessing client gets 429, not another bcrypt run.

bcrypt is slow on purpose; four clients guessing the nurse password used to stall every patient. After
``max_failures`` failed sign-ins within ``window_s`` from one client, or for one username, further attempts
from that client or for that username get HTTP 429 with ``Retry-After`` until ``window_s`` after the last
failure — the right password too. A pure ASGI middleware (it reads the form before Gradio does and replays
it), so the rest of the app, streaming included, is untouched. State is per process.
"""

from __future__ import annotations

import json
import logging
import time
from collections import defaultdict, deque
from collections.abc import Awaitable, Callable
from urllib.parse import parse_qs

log = logging.getLogger(__name__)

Scope = dict
Receive = Callable[[], Awaitable[dict]]
Send = Callable[[dict], Awaitable[None]]
Clock = Callable[[], float]


class LoginThrottle:
    def __init__(
        self,
        app,
        login_path: str,
        max_failures: int = 5,
        window_s: float = 15 * 60,
        clock: Clock | None = None,
    ) -> None:
        self.app = app
        self.login_path = login_path.rstrip("/")
        self.max_failures = max_failures
        self.window_s = window_s
        self.clock = clock or time.monotonic
        self._failures: dict[str, deque[float]] = defaultdict(deque)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] != "POST"
            or scope["path"].rstrip("/") != self.login_path
        ):
            await self.app(scope, receive, send)
            return
        body = await _whole_body(receive)
        username = parse_qs(body.decode("utf-8", "replace")).get("username", [""])[0].strip()
        client = (scope.get("client") or ("unknown",))[0]
        keys = (f"client {client}", f"username {username.lower()!r}")
        wait = max(self._wait_s(key) for key in keys)
        if wait > 0:
            log.warning(
                "Sign-in refused for %s from %s: too many failures (%d s left)", username, client, wait
            )
            await _too_many(send, wait)
            return
        status = 0

        async def watched(message: dict) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        await self.app(scope, _replay(body), watched)
        if status == 200:
            for key in keys:
                self._failures.pop(key, None)
        elif status >= 400:
            log.warning("Failed sign-in for %s from %s", username, client)  # never the password
            for key in keys:
                self._failures[key].append(self.clock())

    def _wait_s(self, key: str) -> int:
        """Seconds until ``key`` may try again (0: now); forgets failures older than the window."""
        failures, now = self._failures.get(key), self.clock()
        if not failures:
            return 0
        while failures and now - failures[0] > self.window_s:
            failures.popleft()
        if len(failures) < self.max_failures:
            return 0
        return max(1, round(failures[-1] + self.window_s - now))


async def _whole_body(receive: Receive) -> bytes:
    chunks, more = [], True
    while more:
        message = await receive()
        chunks.append(message.get("body", b""))
        more = message.get("more_body", False)
    return b"".join(chunks)


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> dict:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


async def _too_many(send: Send, wait_s: int) -> None:
    minutes = max(1, round(wait_s / 60))
    body = json.dumps(
        {"detail": f"Too many failed sign-ins. Please try again in {minutes} minutes."}
    ).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"retry-after", str(wait_s).encode()),
        (b"content-length", str(len(body)).encode()),
    ]
    await send({"type": "http.response.start", "status": 429, "headers": headers})
    await send({"type": "http.response.body", "body": body})
