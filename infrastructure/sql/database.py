"""One small connection interface over sqlite3 and psycopg, so each read-model table is written
once. Statements use `%s` placeholders; the SQLite side rewrites them to `?`."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any, Literal, Protocol
from uuid import UUID

import psycopg

Dialect = Literal["sqlite", "postgresql"]


class Cursor(Protocol):
    def execute(self, sql: str, params: Sequence[Any] = ()) -> None: ...
    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None: ...
    def fetchall(self) -> list[tuple[Any, ...]]: ...


class Database(Protocol):
    """A connection to the database that holds the log, used for our own tables."""

    dialect: Dialect

    def transaction(self) -> Any:
        """A context manager yielding a Cursor; commits on success, rolls back on error."""
        ...

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Rows of one read-only statement."""
        ...

    def close(self) -> None: ...


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    return value


class _SqliteCursor:
    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self._cursor = cursor

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._cursor.execute(sql.replace("%s", "?"), [_sqlite_value(p) for p in params])

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self._cursor.executemany(
            sql.replace("%s", "?"), [[_sqlite_value(p) for p in row] for row in rows]
        )

    def fetchall(self) -> list[tuple[Any, ...]]:
        return self._cursor.fetchall()


class SqliteDatabase:
    """Our tables in the same SQLite file as the log; writes take the file's write lock."""

    dialect: Dialect = "sqlite"

    def __init__(self, path: str) -> None:
        self._connection = sqlite3.connect(path, isolation_level=None, timeout=30)
        self._connection.execute("PRAGMA journal_mode=WAL")
        self._connection.execute("PRAGMA busy_timeout=30000")

    @contextmanager
    def transaction(self) -> Iterator[Cursor]:
        cursor = self._connection.cursor()
        cursor.execute("BEGIN IMMEDIATE")
        try:
            yield _SqliteCursor(cursor)
        except BaseException:
            cursor.execute("ROLLBACK")
            raise
        cursor.execute("COMMIT")

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        cursor = self._connection.execute(
            sql.replace("%s", "?"), [_sqlite_value(p) for p in params]
        )
        return cursor.fetchall()

    def close(self) -> None:
        self._connection.close()


class PostgresDatabase:
    """Our tables in the same PostgreSQL database as the log, on a connection of our own."""

    dialect: Dialect = "postgresql"

    def __init__(self, conninfo: str) -> None:
        self._connection = psycopg.connect(conninfo, autocommit=True)

    @contextmanager
    def transaction(self) -> Iterator[Cursor]:
        with self._connection.transaction(), self._connection.cursor() as cursor:
            yield cursor  # type: ignore[misc]

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def close(self) -> None:
        self._connection.close()
