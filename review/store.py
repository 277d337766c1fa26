"""The review store: SQLite by default, any SQLAlchemy URL (e.g. ``postgresql+psycopg://…``) for a shared one.

Patient-written text (question, history, comments) is scrubbed of PII before it reaches the database.
Connections and locks time out quickly, so a patient's answer never waits long on the database. A turn that
cannot be written then goes to a local spool (``review/spool.py``) and is stored when the database is back;
without a spool a write is retried once. Errors are logged without their SQL parameters (patient text).
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from sqlalchemy import create_engine, exists, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, selectinload, sessionmaker

from answering.glossary_edits import DefinitionEdit, DefinitionsUnavailable
from answering.plain.decisions import DecisionsUnavailable, NurseDecision, PlainDecision
from answering.reviewed.library import LibraryUnavailable, ReviewedEntry
from answering.schema import Answer, ChatTurn, Route
from review.export import eval_items, write_csv
from review.glossary import definition_row, definitions_of, latest_definitions
from review.library import LibraryRow, active_entries, change_event, entry_from_verdict, library_rows
from review.migrate import add_new_columns
from review.models import (
    Action,
    Base,
    Feedback,
    GlossaryDefinition,
    LibraryChange,
    PlainVersionDecision,
    Turn,
    Verdict,
    utc_now,
)
from review.plain import decision_row, decisions_on, latest_decisions
from review.spool import TurnSpool
from review.views import TurnView, VerdictView, turn_view, verdict_view

log = logging.getLogger(__name__)

T = TypeVar("T")
Scrubber = Callable[[str], str]


#: Patient-written text longer than this is cut before it is scrubbed and stored: the assistant reads about
#: 2,000 characters of a message, and a pasted megabyte must neither slow the scrubber nor fill the database.
MAX_STORED_CHARS = 4_000


def clipped(text: str) -> str:
    if len(text) <= MAX_STORED_CHARS:
        return text
    return f"{text[:MAX_STORED_CHARS]} […{len(text) - MAX_STORED_CHARS:,} more characters not stored]"


def default_scrubber() -> Scrubber:
    """The guardrails' PII scrubber: nothing patient-written is stored without it. Warmed now, at start-up: its
    word lists of other languages took seconds to load, holding the GIL, inside the first turns stored."""
    from answering.guardrails.pii import scrub, warm_up

    warm_up()
    return scrub


def connect_args(url: str, timeout_s: float) -> dict:
    """Short waits: SQLite's busy timeout; PostgreSQL's connect and lock timeouts."""
    backend = make_url(url).get_backend_name()
    if backend == "sqlite":
        return {"timeout": timeout_s}
    if backend == "postgresql":
        return {
            "connect_timeout": max(1, round(timeout_s)),
            "options": f"-c lock_timeout={int(timeout_s * 1000)}",
        }
    return {}


def as_utc_naive(moment: datetime | None) -> datetime | None:
    """Filter bounds in the store's convention (naive UTC); naive inputs are taken to be UTC already."""
    if moment is None or moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


SPOOLED_FIELDS = (
    "spool_key",
    "session_id",
    "question",
    "history",
    "standalone_question",
    "route",
    "answer",
    "note",
    "citations",
    "generator",
    "latency_ms",
    "reviewed_answer_id",
)


def spooled(row: Turn) -> dict:
    """A turn as a spool record (already scrubbed), its time kept as written."""
    return {name: getattr(row, name) for name in SPOOLED_FIELDS} | {"created_at": row.created_at.isoformat()}


def _insert_once(session: Session, record: dict) -> int:
    """1 if the spooled turn was stored now, 0 if an earlier (interrupted) drain already stored it."""
    if session.scalar(select(exists().where(Turn.spool_key == record["spool_key"]))):
        return 0
    fields = {name: record.get(name) for name in SPOOLED_FIELDS}
    session.add(Turn(**fields, created_at=datetime.fromisoformat(record["created_at"])))
    return 1


def _short(error: SQLAlchemyError) -> str:
    """The database's own message, first line only: never the statement or its parameters."""
    original = getattr(error, "orig", None) or error
    return f"{type(original).__name__}: {str(original).splitlines()[0] if str(original) else ''}"


class ReviewStore:
    """Turns, feedback and verdicts. Nothing is updated or deleted: each decision is a new row."""

    def __init__(
        self,
        url: str,
        scrub: Scrubber | None = None,
        spool: TurnSpool | None = None,
        timeout_s: float = 2.0,
    ) -> None:
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        self.engine = create_engine(
            url, pool_pre_ping=True, hide_parameters=True, connect_args=connect_args(url, timeout_s)
        )
        self.spool = spool
        Base.metadata.create_all(self.engine)
        add_new_columns(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._scrub = scrub or default_scrubber()
        #: Set when a turn had to be spooled, cleared when a drain has stored the whole spool: meanwhile turns go
        #: straight to the spool, so in an outage no patient waits out the database's timeout on every turn.
        self._database_away = False

    def _write(self, operation: Callable[[Session], T], attempts: int = 2) -> T:
        """Run one transaction, retrying once (unless told otherwise) if the database was briefly unavailable."""
        for attempt in range(1, attempts + 1):
            try:
                with self._sessions.begin() as session:
                    return operation(session)
            except OperationalError as error:
                if attempt == attempts:
                    raise
                log.warning("Review store write failed (%s); retrying once", _short(error))
        raise AssertionError("unreachable")

    def record_turn(
        self,
        question: str,
        answer: Answer,
        history: Sequence[ChatTurn] = (),
        session_id: str = "",
        latency_ms: float | None = None,
    ) -> int | None:
        """Store one patient turn and return its id; None when the database could not take it now and the turn
        went to the spool (it is stored later, by ``drain_spool``)."""
        if latency_ms is None:
            latency_ms = answer.timings_ms.get("total")
        row = Turn(
            spool_key=str(uuid.uuid4()),
            created_at=utc_now(),
            session_id=session_id,
            question=self._scrub(clipped(question)),
            history=[{"role": t.role, "content": self._scrub(clipped(t.content))} for t in history],
            standalone_question=self._scrub(clipped(answer.standalone_question)),
            route=answer.route.value,
            answer=answer.text,
            note=answer.note or None,
            citations=[c.model_dump() for c in answer.citations],
            generator=answer.generator,
            latency_ms=latency_ms,
            reviewed_answer_id=answer.reviewed.id if answer.reviewed else None,
        )

        def insert(session: Session) -> int:
            session.add(row)
            session.flush()
            return row.id

        if self.spool is None:
            return self._write(insert)
        record = spooled(row)  # before the attempt: a failed flush may leave the row half-filled
        if self._database_away:
            self.spool.append([record])
            return None
        try:
            return self._write(insert, attempts=1)  # the spool is the retry: the patient does not wait twice
        except SQLAlchemyError as error:
            self.spool.append([record])
            self._database_away = True
            log.warning(
                "Review database unavailable (%s): turns are spooled to %s until it is back",
                _short(error),
                self.spool.path,
            )
            return None

    def drain_spool(self) -> int:
        """Store the spooled turns the database does not hold yet; returns how many were stored. Stops at the
        first failure and keeps the rest for the next drain."""
        if self.spool is None:
            return 0
        records, stored = self.spool.take(), 0
        for index, record in enumerate(records):
            try:
                stored += self._write(
                    lambda session, record=record: _insert_once(session, record), attempts=1
                )
            except SQLAlchemyError as error:
                log.warning(
                    "Review database still unavailable (%s): %d turns stay spooled",
                    _short(error),
                    len(records) - index,
                )
                self.spool.finish(records[index:])
                return stored
        self.spool.finish([])
        self._database_away = False
        if stored:
            log.info("Stored %d spooled turns in the review database", stored)
        return stored

    def drain_spool_every(self, interval_s: float) -> threading.Event:
        """Drain now and then every ``interval_s`` seconds in a daemon thread; set the returned event to stop."""
        stop = threading.Event()

        def loop() -> None:
            while True:
                try:
                    self.drain_spool()
                except Exception:  # a drain must never end the loop (or the app)
                    log.exception("Draining the review spool failed")
                if stop.wait(interval_s):
                    return

        threading.Thread(target=loop, name="review-spool", daemon=True).start()
        return stop

    def add_feedback(
        self, turn_id: int, thumb: str | None = None, comment: str | None = None, flagged: bool = False
    ) -> int:
        """Record a patient's thumb ("up"/"down"), comment and/or request for a nurse to look."""
        if thumb not in (None, "up", "down"):
            raise ValueError(f"thumb must be 'up', 'down' or None, not {thumb!r}")
        comment = self._scrub(clipped(comment.strip())) if comment and comment.strip() else None
        row = Feedback(turn_id=turn_id, thumb=thumb, comment=comment, flagged=flagged)

        def insert(session: Session) -> int:
            feedback_id = self._insert_for_turn(session, turn_id, row)
            served = session.get(Turn, turn_id).reviewed_answer_id
            if served is not None and (thumb == "down" or flagged):  # back to the nurses
                why = "a patient flagged it" if flagged else "a patient gave it a thumbs-down"
                session.add(
                    change_event(
                        session, served, LibraryChange.RETURNED, f"{why} (turn {turn_id})", "patient"
                    )
                )
            return feedback_id

        return self._write(insert)

    def add_verdict(
        self,
        turn_id: int,
        reviewer: str,
        action: Action | str,
        corrected_text: str | None = None,
        reason: str | None = None,
        right_route: Route | str | None = None,
        signed_in_as: str | None = None,
    ) -> int:
        """Record a nurse's verdict; a correction needs the corrected text, the reason for it, and the reply the
        question should have had (``right_route``: answered, out_of_scope, care_team or emergency)."""
        action = Action(action)
        if not reviewer.strip():
            raise ValueError("A verdict needs the reviewer's name.")
        if action is Action.CORRECT and not (corrected_text and corrected_text.strip()):
            raise ValueError("A correction needs the corrected answer text.")
        if action is Action.CORRECT and not (reason and reason.strip()):
            raise ValueError("A correction needs a reason (what was wrong with the answer).")
        if action is Action.CORRECT and not right_route:
            raise ValueError(
                "A correction needs the right reply: answered from the materials, not covered, care team or "
                "emergency."
            )
        row = Verdict(
            turn_id=turn_id,
            reviewer=reviewer.strip(),
            action=action.value,
            corrected_text=corrected_text.strip() if action is Action.CORRECT and corrected_text else None,
            reason=reason.strip() if reason and reason.strip() else None,
            right_route=Route(right_route).value if action is Action.CORRECT else None,
            signed_in_as=signed_in_as or None,
        )

        def insert(session: Session) -> int:
            verdict_id = self._insert_for_turn(session, turn_id, row)
            entry = entry_from_verdict(session.get(Turn, turn_id), row)
            if entry is not None:
                session.add(entry)
            return verdict_id

        return self._write(insert)

    def reviewed_answers(self) -> list[ReviewedEntry]:
        """The library: reviewed answers not retired, invalidated or returned."""
        try:
            with self._sessions() as session:
                return active_entries(session)
        except SQLAlchemyError as error:
            raise LibraryUnavailable(_short(error)) from error

    def library(self) -> list[LibraryRow]:
        """The library for the review page: who reviewed each entry, when, and how often it was served."""
        with self._sessions() as session:
            return library_rows(session)

    def change_reviewed_answer(
        self, reviewed_id: int, change: LibraryChange | str, reason: str, by: str
    ) -> int:
        """Take a reviewed answer out of the library (retired by a nurse, invalidated by an ingest), with why."""

        def insert(session: Session) -> int:
            event = change_event(session, reviewed_id, change, reason, by)
            session.add(event)
            session.flush()
            return event.id

        return self._write(insert)

    def decide_plain(
        self,
        source: str,
        plain: str,
        decision: PlainDecision | str,
        reviewer: str,
        signed_in_as: str | None = None,
    ) -> int:
        """Record a nurse's decision on the plain version of a source sentence: a new row every time, the latest
        counts. Whether the version is faithful is the caller's to check first."""
        return self._add(decision_row(source, plain, decision, reviewer, signed_in_as))

    def plain_decisions(self) -> list[NurseDecision]:
        """The latest decision on each source sentence's plain version (what the answering side serves)."""
        try:
            with self._sessions() as session:
                return latest_decisions(session)
        except SQLAlchemyError as error:
            raise DecisionsUnavailable(_short(error)) from error

    def plain_decisions_on(self, source: str) -> list[NurseDecision]:
        """Every decision on one source sentence, oldest first: its audit trail."""
        with self._sessions() as session:
            return decisions_on(session, source)

    def define_glossary_term(
        self, term: str, definition: str, reviewer: str, signed_in_as: str | None = None
    ) -> int:
        """Record a nurse's definition of a glossary term: a new row every time, the latest counts. Whether it is
        plain enough is the caller's to check first."""
        return self._add(definition_row(term, definition, reviewer, signed_in_as))

    def glossary_definitions(self) -> tuple[DefinitionEdit, ...]:
        """The latest definition of each term nurses have defined (what the answering side explains words with)."""
        try:
            with self._sessions() as session:
                return latest_definitions(session)
        except SQLAlchemyError as error:
            raise DefinitionsUnavailable(_short(error)) from error

    def glossary_definitions_of(self, term: str) -> list[DefinitionEdit]:
        """Every definition nurses gave one term, oldest first: its audit trail."""
        with self._sessions() as session:
            return definitions_of(session, term)

    def _add(self, row: PlainVersionDecision | GlossaryDefinition) -> int:
        """Write one row that stands alone (no turn to check); its id."""

        def insert(session: Session) -> int:
            session.add(row)
            session.flush()
            return row.id

        return self._write(insert)

    @staticmethod
    def _insert_for_turn(session: Session, turn_id: int, row: Feedback | Verdict) -> int:
        if session.get(Turn, turn_id) is None:
            raise KeyError(f"No stored turn {turn_id}")
        session.add(row)
        session.flush()
        return row.id

    def turn(self, turn_id: int) -> TurnView:
        with self._sessions() as session:
            row = session.get(
                Turn, turn_id, options=[selectinload(Turn.feedback), selectinload(Turn.verdicts)]
            )
            if row is None:
                raise KeyError(f"No stored turn {turn_id}")
            return turn_view(row)

    def verdicts(self, turn_id: int) -> list[VerdictView]:
        """Every verdict on a turn, oldest first: the audit trail."""
        with self._sessions() as session:
            rows = session.scalars(select(Verdict).where(Verdict.turn_id == turn_id).order_by(Verdict.id))
            return [verdict_view(row) for row in rows]

    def queue(
        self,
        route: str | None = None,
        flagged: bool | None = None,
        thumbs_down: bool | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        unreviewed_first: bool = True,
        limit: int = 500,
        offset: int = 0,
    ) -> list[TurnView]:
        """Turns to review, newest first; unreviewed ones before reviewed ones, and among those, emergencies
        first (a nurse should see them before anything else). ``until`` is exclusive; ``offset`` pages on."""
        reviewed = exists().where(Verdict.turn_id == Turn.id)
        is_flagged = exists().where(Feedback.turn_id == Turn.id, Feedback.flagged.is_(True))
        is_thumbed_down = exists().where(Feedback.turn_id == Turn.id, Feedback.thumb == "down")
        query = select(Turn).options(selectinload(Turn.feedback), selectinload(Turn.verdicts))
        if route:
            query = query.where(Turn.route == str(route))
        if flagged is not None:
            query = query.where(is_flagged if flagged else ~is_flagged)
        if thumbs_down is not None:
            query = query.where(is_thumbed_down if thumbs_down else ~is_thumbed_down)
        if since is not None:
            query = query.where(Turn.created_at >= as_utc_naive(since))
        if until is not None:
            query = query.where(Turn.created_at < as_utc_naive(until))
        order = [Turn.created_at.desc(), Turn.id.desc()]
        if unreviewed_first:
            order[:0] = [reviewed, Turn.route != Route.EMERGENCY.value]
        with self._sessions() as session:
            rows = session.scalars(query.order_by(*order, Turn.id.desc()).limit(limit).offset(offset))
            return [turn_view(row) for row in rows]

    def reviewed_turns(self) -> list[TurnView]:
        """Every turn with at least one verdict, oldest first (the input of the exports)."""
        query = (
            select(Turn)
            .where(exists().where(Verdict.turn_id == Turn.id))
            .options(selectinload(Turn.feedback), selectinload(Turn.verdicts))
            .order_by(Turn.id)
        )
        with self._sessions() as session:
            return [turn_view(row) for row in session.scalars(query)]

    def export_eval_items(self) -> list[dict]:
        """Reviewed turns as eval items (see ``review.export``)."""
        return eval_items(self.reviewed_turns())

    def export_csv(self, path: Path | str) -> Path:
        """Reviewed turns, one row each with the latest verdict, as CSV."""
        return write_csv(self.reviewed_turns(), Path(path))
