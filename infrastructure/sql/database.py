"""One small connection interface over sqlite3 and psycopg for our own tables."""

# Each read-model table is written once for both stores: statements use `%s` placeholders and
# the SQLite side rewrites them to `?`. Driver errors become `StoreUnavailable`, and a
# PostgreSQL connection that broke is opened again on next use.

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any, Literal, Protocol
from uuid import UUID

import psycopg

from application.errors import StoreUnavailable

Dialect = Literal["sqlite", "postgresql"]


class Cursor(Protocol):
    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any: ...
    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> Any: ...
    def fetchall(self) -> list[tuple[Any, ...]]: ...


class Database(Protocol):
    """A connection to the database that holds the log, used for our own tables."""

    dialect: Dialect

    def transaction(self) -> Any:
        """A context manager yielding a Cursor; commits on success, rolls back on error."""
        ...

    def query(
        self, sql: str, params: Sequence[Any] = (), *, binary: bool = False
    ) -> list[tuple[Any, ...]]:
        """Rows of one read-only statement; `binary` asks PostgreSQL for its binary format,
        which reads bytes and ids several times faster (the values are the same)."""
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


def _use_write_ahead_log(connection: sqlite3.Connection, *, attempts: int = 50) -> None:
    """Switch a new file to WAL; processes opening a new file together may find it busy (the
    switch ignores the busy timeout), so wait and try again."""
    for attempt in range(attempts):
        try:
            mode = connection.execute("PRAGMA journal_mode").fetchone()[0]
            if mode == "wal":
                return
            connection.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) and "busy" not in str(error):
                raise
            time.sleep(0.02 * (attempt + 1))
    connection.execute("PRAGMA journal_mode=WAL")


def _create_private(path: str) -> None:
    """A new store file is readable by its owner alone (0600): it holds the whole company's
    records. SQLite gives its journal files the same mode. An existing file is left as it is."""
    try:
        with contextlib.suppress(FileExistsError):
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except OSError as error:
        raise StoreUnavailable(f"unable to open database file: {error.strerror}") from None


class SqliteDatabase:
    """Our tables in the same SQLite file as the log; writes take the file's write lock.
    One connection shared by the threads of a process, one statement at a time."""

    dialect: Dialect = "sqlite"

    def __init__(self, path: str) -> None:
        self._lock = threading.RLock()
        _create_private(path)
        self._connection = sqlite3.connect(
            path, isolation_level=None, timeout=30, check_same_thread=False
        )
        self._connection.execute("PRAGMA busy_timeout=30000")
        _use_write_ahead_log(self._connection)

    @contextmanager
    def transaction(self) -> Iterator[Cursor]:
        with self._lock:
            cursor = self._connection.cursor()
            try:
                cursor.execute("BEGIN IMMEDIATE")
                try:
                    yield _SqliteCursor(cursor)
                except BaseException:
                    cursor.execute("ROLLBACK")
                    raise
                cursor.execute("COMMIT")
            except sqlite3.Error as error:
                if self._connection.in_transaction:
                    self._connection.rollback()
                raise StoreUnavailable(f"SQLite store: {error}") from None

    def query(
        self, sql: str, params: Sequence[Any] = (), *, binary: bool = False
    ) -> list[tuple[Any, ...]]:
        with self._lock:
            try:
                cursor = self._connection.execute(
                    sql.replace("%s", "?"), [_sqlite_value(p) for p in params]
                )
                return cursor.fetchall()
            except sqlite3.Error as error:
                raise StoreUnavailable(f"SQLite store: {error}") from None

    def close(self) -> None:
        self._connection.close()


class PostgresDatabase:
    """Our tables in the same PostgreSQL database as the log, on a connection of our own."""

    dialect: Dialect = "postgresql"

    def __init__(self, conninfo: str) -> None:
        self._conninfo = conninfo
        self._lock = threading.RLock()
        self._connection = psycopg.connect(conninfo, autocommit=True)

    def _connected(self) -> psycopg.Connection[tuple[Any, ...]]:
        if self._connection.closed or self._connection.broken:
            try:
                self._connection = psycopg.connect(self._conninfo, autocommit=True)
            except psycopg.OperationalError as error:
                raise StoreUnavailable(f"PostgreSQL store: {_first_line(error)}") from None
        return self._connection

    @contextmanager
    def transaction(self) -> Iterator[Cursor]:
        with self._lock:
            connection = self._connected()
            try:
                with connection.transaction(), connection.cursor() as cursor:
                    yield cursor
            except psycopg.Error as error:
                raise StoreUnavailable(f"PostgreSQL store: {_first_line(error)}") from None

    def query(
        self, sql: str, params: Sequence[Any] = (), *, binary: bool = False
    ) -> list[tuple[Any, ...]]:
        with self._lock:
            connection = self._connected()
            try:
                with connection.cursor(binary=binary) as cursor:
                    cursor.execute(sql, params)
                    return cursor.fetchall()
            except psycopg.Error as error:
                raise StoreUnavailable(f"PostgreSQL store: {_first_line(error)}") from None

    def close(self) -> None:
        self._connection.close()


def _first_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__
