"""The deadline index: which aggregates have a deadline running and when, read by the sweep."""

# Appends move the index in their own transaction (the SQLite recorder calls `move_deadlines`;
# the PostgreSQL append function does the same in SQL), so it is always in step with the log.
# SQLite keeps instants as text; written with fixed microseconds, text order is time order.

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from application.ports import Deadline
from infrastructure.sql.database import Database


def sqlite_instant(instant: datetime) -> str:
    """An instant as SQLite text whose order is the instants' order."""
    return instant.astimezone(UTC).isoformat(timespec="microseconds")


def move_deadlines(cursor: Any, deadlines: Sequence[Deadline]) -> None:
    """Inside an SQLite append's transaction: each aggregate's entry set to its new due time,
    or removed when no deadline runs any more."""
    for deadline in deadlines:
        if deadline.due_at is None:
            cursor.execute(
                "DELETE FROM deadlines WHERE aggregate_id = ?", (str(deadline.aggregate_id),)
            )
        else:
            cursor.execute(
                "INSERT INTO deadlines (aggregate_id, aggregate_type, due_at) VALUES (?, ?, ?)"
                " ON CONFLICT (aggregate_id) DO UPDATE"
                " SET aggregate_type = excluded.aggregate_type, due_at = excluded.due_at",
                (
                    str(deadline.aggregate_id),
                    deadline.aggregate_type,
                    sqlite_instant(deadline.due_at),
                ),
            )


class SqlDeadlineIndex:
    """The index as the sweep reads it, on either store."""

    def __init__(self, database: Database) -> None:
        self._database = database

    def _instant(self, instant: datetime) -> object:
        return sqlite_instant(instant) if self._database.dialect == "sqlite" else instant

    def due(self, now: datetime) -> list[Deadline]:
        rows = self._database.query(
            "SELECT aggregate_id, aggregate_type, due_at FROM deadlines"
            " WHERE due_at <= %s ORDER BY due_at, aggregate_id",
            (self._instant(now),),
        )
        return [
            Deadline(
                aggregate_id=UUID(str(row[0])),
                aggregate_type=row[1],
                due_at=row[2] if isinstance(row[2], datetime) else datetime.fromisoformat(row[2]),
            )
            for row in rows
        ]

    def correct(self, stale: Deadline, current: Deadline) -> None:
        if stale.due_at is None:
            return
        with self._database.transaction() as cursor:
            if current.due_at is None:
                cursor.execute(
                    "DELETE FROM deadlines WHERE aggregate_id = %s AND due_at = %s",
                    (stale.aggregate_id, self._instant(stale.due_at)),
                )
            else:
                cursor.execute(
                    "UPDATE deadlines SET due_at = %s WHERE aggregate_id = %s AND due_at = %s",
                    (
                        self._instant(current.due_at),
                        stale.aggregate_id,
                        self._instant(stale.due_at),
                    ),
                )

    def fill(self, entries: list[Deadline]) -> None:
        rows = [
            (entry.aggregate_id, entry.aggregate_type, self._instant(entry.due_at))
            for entry in entries
            if entry.due_at is not None
        ]
        if not rows:
            return
        with self._database.transaction() as cursor:
            cursor.executemany(
                "INSERT INTO deadlines (aggregate_id, aggregate_type, due_at) VALUES (%s, %s, %s)"
                " ON CONFLICT (aggregate_id) DO NOTHING",
                rows,
            )
