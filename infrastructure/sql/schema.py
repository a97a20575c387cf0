"""Our tables beside the library's log, created on first use (idempotent DDL)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from infrastructure.sql.database import Database, Dialect

_TYPES: dict[Dialect, dict[str, str]] = {
    "sqlite": {
        "time": "TEXT",
        "uuid": "TEXT",
        "json": "TEXT",
        "serial": "INTEGER PRIMARY KEY AUTOINCREMENT",
    },
    "postgresql": {
        "time": "TIMESTAMPTZ",
        "uuid": "UUID",
        "json": "JSONB",
        "serial": "BIGSERIAL PRIMARY KEY",
    },
}

_STATEMENTS = (
    """CREATE TABLE IF NOT EXISTS projection_positions (
        name TEXT PRIMARY KEY,
        position BIGINT NOT NULL,
        updated_at {time} NOT NULL
    )""",
    # Legacy: refusals before they were entries of the chained log. Kept so that a store
    # written then stays readable (`audit security`); nothing writes it any more.
    """CREATE TABLE IF NOT EXISTS security_log (
        id {serial},
        at {time} NOT NULL,
        actor_id TEXT,
        actor_roles TEXT NOT NULL,
        actor_department TEXT,
        command_type TEXT,
        command_id TEXT,
        aggregate_id {uuid},
        code TEXT NOT NULL,
        message TEXT NOT NULL,
        details {json} NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS security_log_at ON security_log (at)",
    """CREATE TABLE IF NOT EXISTS snapshots (
        aggregate_id {uuid} NOT NULL,
        version BIGINT NOT NULL,
        aggregate_type TEXT NOT NULL,
        state_version INTEGER NOT NULL,
        state {json} NOT NULL,
        last_occurred_at {time},
        PRIMARY KEY (aggregate_id, version)
    )""",
    # Where the deadline sweep looks: each aggregate with a deadline running, and when it next
    # needs a look. Written in the same transaction as the events that move it (the recorders).
    """CREATE TABLE IF NOT EXISTS deadlines (
        aggregate_id {uuid} PRIMARY KEY,
        aggregate_type TEXT NOT NULL,
        due_at {time} NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS deadlines_due ON deadlines (due_at)",
)

#: Serialises concurrent first-use schema creation on PostgreSQL.
_SCHEMA_LOCK = 7_317_001


@contextmanager
def schema_lock(database: Database) -> Iterator[None]:
    """While held, no other process of ours creates tables in this PostgreSQL store. The
    library runs its DDL (CREATE ... IF NOT EXISTS, CREATE OR REPLACE FUNCTION) on every open,
    and two processes doing that at once fail with "tuple concurrently updated"."""
    if database.dialect != "postgresql":
        yield
        return
    database.query("SELECT pg_advisory_lock(%s)", (_SCHEMA_LOCK,))
    try:
        yield
    finally:
        database.query("SELECT pg_advisory_unlock(%s)", (_SCHEMA_LOCK,))


def ensure_schema(database: Database) -> bool:
    """Create our tables (read models, deadlines, the legacy security log) if they are not
    there yet. True when the deadline index is new, so a log written before it needs the index
    filled once."""
    types = _TYPES[database.dialect]
    exists = (
        "SELECT to_regclass('public.deadlines') IS NOT NULL"
        if database.dialect == "postgresql"
        else "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'deadlines'"
    )
    with database.transaction() as cursor:
        if database.dialect == "postgresql":
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK,))
        cursor.execute(exists)
        had_deadlines = bool(cursor.fetchall()[0][0])
        for statement in _STATEMENTS:
            cursor.execute(statement.format(**types))
    return not had_deadlines
