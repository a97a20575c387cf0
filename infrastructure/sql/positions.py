"""Projection positions: how far in the log each read model has been brought."""

from __future__ import annotations

from datetime import UTC, datetime

from infrastructure.sql.database import Cursor, Database


def read_position(database: Database, name: str) -> int:
    """The log position up to which `name` has applied every event (0 when never run)."""
    rows = database.query("SELECT position FROM projection_positions WHERE name = %s", (name,))
    return int(rows[0][0]) if rows else 0


def claim_position(cursor: Cursor, database: Database, name: str) -> int:
    """Inside a write transaction: the current position, locked against other runners."""
    cursor.execute(
        "INSERT INTO projection_positions (name, position, updated_at) VALUES (%s, 0, %s)"
        " ON CONFLICT (name) DO NOTHING",
        (name, datetime.now(UTC)),
    )
    lock = " FOR UPDATE" if database.dialect == "postgresql" else ""
    cursor.execute(f"SELECT position FROM projection_positions WHERE name = %s{lock}", (name,))
    return int(cursor.fetchall()[0][0])


def advance_position(cursor: Cursor, name: str, position: int) -> None:
    """Record that `name` has applied every event up to `position` (same transaction as rows)."""
    cursor.execute(
        "UPDATE projection_positions SET position = %s, updated_at = %s WHERE name = %s",
        (position, datetime.now(UTC), name),
    )
