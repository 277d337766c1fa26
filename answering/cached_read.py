"""What nurses decided on the review page, as the answering side reads it: again at most every ``refresh_s``.

The review database is shared by every app replica, so a nurse's decision reaches all of them; reading it at most
every ``refresh_s`` seconds keeps a patient's answer from waiting on the database. A failed read keeps what was
last read and rests before trying again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from time import monotonic
from typing import Generic, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")


class CachedRead(Generic[T]):
    """``read()``'s last result, read again once ``refresh_s`` has passed (``rest_after_failure_s`` after a
    failure). ``unavailable`` is the exception an expected outage raises (logged in one line); ``what`` names the
    read in the log."""

    def __init__(
        self,
        read: Callable[[], T],
        what: str,
        unavailable: type[Exception],
        refresh_s: float,
        rest_after_failure_s: float,
    ) -> None:
        self.read = read
        self.what = what
        self.unavailable = unavailable
        self.refresh_s = refresh_s
        self.rest_after_failure_s = rest_after_failure_s
        self._known: T | None = None
        self._next_read = 0.0

    def current(self) -> T | None:
        """The last result read; None while none could be read yet."""
        if monotonic() < self._next_read:
            return self._known
        try:
            self._known = self.read()
            self._next_read = monotonic() + self.refresh_s
        except self.unavailable as error:  # locked or down: expected in an outage, one line is enough
            log.warning("%s unavailable (%s); keeping the last ones read", self.what, error)
            self._next_read = monotonic() + self.rest_after_failure_s
        except Exception:
            log.exception("Reading %s failed; keeping the last ones read", self.what)
            self._next_read = monotonic() + self.rest_after_failure_s
        return self._known
