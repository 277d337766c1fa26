"""A durable local spool for patient turns the review database could not take, so none is lost.

A turn that cannot be written now (database locked, read-only or down) is appended, already scrubbed, as one
JSON line to a file on local disk and flushed to it. ``ReviewStore.drain_spool`` stores the spooled turns when
the database is back (at start-up and periodically). Each carries a key; a turn whose key is already stored is
skipped, so each is stored exactly once even when a drain is interrupted half-way.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from pathlib import Path

log = logging.getLogger(__name__)


class TurnSpool:
    """Append-only JSON lines; a drain takes the whole file aside first, so appends never wait on the database."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._draining = path.with_name(path.name + ".draining")
        self._lock = threading.Lock()

    def append(self, records: list[dict]) -> None:
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as handle:
                handle.writelines(json.dumps(record, ensure_ascii=False) + "\n" for record in records)
                handle.flush()
                os.fsync(handle.fileno())

    def take(self) -> list[dict]:
        """Every spooled record, moved aside for a drain: those of an interrupted drain first, then the rest."""
        with self._lock:
            if self.path.exists():
                if self._draining.exists():  # a drain stopped before it finished: keep both
                    with self._draining.open("a", encoding="utf-8") as handle:
                        handle.write(self.path.read_text(encoding="utf-8"))
                    self.path.unlink()
                else:
                    os.replace(self.path, self._draining)
            if not self._draining.exists():
                return []
            return _records(self._draining)

    def finish(self, unstored: list[dict]) -> None:
        """End a drain: what could not be stored goes back to the spool, the drained file goes."""
        if unstored:
            self.append(unstored)
        with self._lock:
            self._draining.unlink(missing_ok=True)

    def __len__(self) -> int:
        with self._lock:
            return sum(len(_records(path)) for path in (self._draining, self.path) if path.exists())


def _records(path: Path) -> list[dict]:
    """The file's records; a line that is not JSON (a write cut off by a crash) is logged and left out."""
    records = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError:
            log.error("Review spool %s line %d is not a whole record; skipped", path, number)
    return records
