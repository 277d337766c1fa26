"""How fast one patient page may ask: a script must not fill the nurses' queue or hold every answering slot.

A person types a question in tens of seconds; a loop sent 600 a minute. Each browser session may ask
``per_session`` questions a minute, and each client address ``per_client`` (higher: patients on one hospital
Wi-Fi share an address). State is per process, like the sign-in throttle.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

WINDOW_S = 60.0
_SWEEP_AT = 10_000  # keys held before idle ones are forgotten


class ChatRateLimit:
    def __init__(
        self, per_session: int, per_client: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limits = {"session": per_session, "client": per_client}
        self.clock = clock
        self._asked: dict[str, deque[float]] = {}
        self._lock = threading.Lock()  # the page answers patients on several threads

    def wait_s(self, session: str, client: str) -> int:
        """0 and the question counted, or the seconds until this session and client may ask again."""
        keys = {f"session {session}": self.limits["session"], f"client {client}": self.limits["client"]}
        with self._lock:
            now = self.clock()
            if len(self._asked) > _SWEEP_AT:
                self._forget_idle(now)
            waits = [self._wait(key, limit, now) for key, limit in keys.items()]
            if max(waits) > 0:
                return max(waits)
            for key in keys:
                self._asked.setdefault(key, deque()).append(now)
            return 0

    def _wait(self, key: str, limit: int, now: float) -> int:
        asked = self._asked.get(key)
        while asked and now - asked[0] >= WINDOW_S:
            asked.popleft()
        if not asked or len(asked) < limit:
            return 0
        return max(1, round(asked[0] + WINDOW_S - now))

    def _forget_idle(self, now: float) -> None:
        for key in [key for key, asked in self._asked.items() if not asked or now - asked[-1] >= WINDOW_S]:
            del self._asked[key]
