"""Columns added to the review database after its first release, added in place to an existing database.

``create_all`` (``ReviewStore``) makes a missing table, such as one a later release added (``reviewed_answers``,
``library_events``, ``plain_version_decisions``), but never alters an existing one, so a hospital's database from
an older release would lack the columns added to it since and every query would fail. Each entry here is nullable,
so old rows stay valid.
"""

from __future__ import annotations

import logging

from sqlalchemy import Engine, inspect, text

from review.models import Base

log = logging.getLogger(__name__)

#: Table → columns added since the table was first created (each defined, nullable, in ``review.models``).
ADDED_COLUMNS = {
    "verdicts": ("right_route", "signed_in_as"),
    "turns": ("reviewed_answer_id", "spool_key", "note"),
}


def add_new_columns(engine: Engine) -> list[str]:
    """Add each listed column the database lacks; returns the ``table.column`` names added."""
    added = []
    for table_name, columns in ADDED_COLUMNS.items():
        present = {column["name"] for column in inspect(engine).get_columns(table_name)}
        for name in columns:
            if name in present:
                continue
            column_type = Base.metadata.tables[table_name].c[name].type.compile(dialect=engine.dialect)
            with engine.begin() as connection:
                connection.execute(text(f"ALTER TABLE {table_name} ADD COLUMN {name} {column_type}"))
            log.info("Review database: added column %s.%s", table_name, name)
            added.append(f"{table_name}.{name}")
    return added
