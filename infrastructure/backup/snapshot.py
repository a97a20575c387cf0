"""One read transaction over a store's log: every page a backup reads sees the same log.

PostgreSQL gives it with a REPEATABLE READ, READ ONLY transaction; SQLite (in WAL mode) with a
read transaction, which writers do not wait for and whose view they do not change.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from typing import Any, NoReturn

import psycopg
from psycopg import IsolationLevel

from application.errors import StoreUnavailable
from infrastructure.integrity.log_pages import events_table
from infrastructure.settings import StoreTimeouts
from infrastructure.sql.database import Dialect
from infrastructure.store.url import StoreUrl


class LogSnapshot:
    """The log as one read transaction sees it, read like our `Database` (reads only)."""

    def __init__(self, dialect: Dialect, cursor: sqlite3.Cursor | psycopg.Cursor[Any]) -> None:
        self.dialect: Dialect = dialect
        self._cursor = cursor

    def query(
        self, sql: str, params: Sequence[Any] = (), *, binary: bool = False
    ) -> list[tuple[Any, ...]]:
        statement = sql.replace("%s", "?") if self.dialect == "sqlite" else sql
        try:
            if binary and isinstance(self._cursor, psycopg.Cursor):
                self._cursor.execute(statement, params, binary=True)
            else:
                self._cursor.execute(statement, params)
            return self._cursor.fetchall()
        except (sqlite3.Error, psycopg.Error) as error:
            raise StoreUnavailable(f"reading the log for a backup: {error}") from None

    def transaction(self) -> NoReturn:
        raise TypeError("a backup's snapshot of the log is read only")

    def close(self) -> None:
        self._cursor.close()

    def size(self) -> int:
        """How many events the snapshot's log holds."""
        table = events_table(self)
        return int(self.query(f"SELECT count(*) FROM {table}")[0][0])


@contextmanager
def log_snapshot(store: StoreUrl, timeouts: StoreTimeouts) -> Iterator[LogSnapshot]:
    """A snapshot of the store's log, held until the block ends."""
    if store.kind == "sqlite":
        with _sqlite_snapshot(store.path) as snapshot:
            yield snapshot
    else:
        with _postgres_snapshot(store.conninfo(timeouts)) as snapshot:
            yield snapshot


@contextmanager
def _sqlite_snapshot(path: str) -> Iterator[LogSnapshot]:
    try:
        connection = sqlite3.connect(path, isolation_level=None, timeout=30)
    except sqlite3.Error as error:
        raise StoreUnavailable(f"SQLite store: {error}") from None
    with closing(connection):
        cursor = connection.cursor()
        try:
            # A deferred transaction: its first read fixes the view every later read sees.
            cursor.execute("BEGIN DEFERRED")
        except sqlite3.Error as error:
            raise StoreUnavailable(f"SQLite store: {error}") from None
        try:
            yield LogSnapshot("sqlite", cursor)
        finally:
            if connection.in_transaction:
                connection.rollback()


@contextmanager
def _postgres_snapshot(conninfo: str) -> Iterator[LogSnapshot]:
    try:
        connection = psycopg.connect(conninfo)
    except psycopg.Error as error:
        raise StoreUnavailable(f"PostgreSQL store: {error}") from None
    with closing(connection):
        connection.isolation_level = IsolationLevel.REPEATABLE_READ
        connection.read_only = True
        try:
            with connection.cursor() as cursor:
                yield LogSnapshot("postgresql", cursor)
        finally:
            if not connection.closed and not connection.broken:
                connection.rollback()
