"""The raw baselines of DESIGN §5: the driver alone writing rows of the same shape."""

from __future__ import annotations

import itertools
import sqlite3
import time
import uuid
from collections.abc import Sequence
from typing import Any, Protocol

import psycopg
from psycopg import sql

from application.ledger import Ledger
from infrastructure.store.url import StoreUrl

#: Ours alone; created for the run and dropped after it.
RAW_TABLE = "opsledger_bench_raw"

#: A stored event's topic and state, as opsledger wrote it.
Row = tuple[str, bytes]


class RawInserts(Protocol):
    """One-row INSERTs, each in its own committed transaction, on one connection."""

    def durability(self) -> str:
        """The settings that make a commit durable, as the database reports them."""
        ...

    def insert_one_per_transaction(self, rows: Sequence[Row]) -> float:
        """Insert each row in a transaction of its own; the seconds it took."""
        ...

    def close(self) -> None:
        """Drop the raw table and close the connection."""
        ...


def raw_inserts(store: StoreUrl) -> RawInserts:
    """The raw baseline for this store."""
    if store.kind == "sqlite":
        return SqliteRawInserts(store.path)
    return PostgresRawInserts(store.conninfo())


def sample_rows(ledger: Ledger, *, limit: int) -> list[Row]:
    """Topics and states of the first events in the log, for the baseline to copy."""
    notifications = ledger.recorder.select_notifications(start=None, limit=limit)
    return [(notification.topic, notification.state) for notification in notifications]


def cycled(rows: Sequence[Row], count: int) -> list[Row]:
    """`count` rows, going round the given ones."""
    return list(itertools.islice(itertools.cycle(rows), count))


class SqliteRawInserts:
    """sqlite3 on the store's own file, set up as the library sets up its connections."""

    def __init__(self, path: str) -> None:
        # As the library: autocommit mode with explicit BEGIN, WAL for a file, and `synchronous`
        # left at its default.
        self._connection = sqlite3.connect(path, isolation_level=None, timeout=30)
        mode = self._connection.execute("PRAGMA journal_mode").fetchone()[0]
        if str(mode).lower() != "wal":
            self._connection.execute("PRAGMA journal_mode=WAL")
        self._connection.execute(f"DROP TABLE IF EXISTS {RAW_TABLE}")
        # The shape of the library's application log: the rowid is the notification id.
        self._connection.execute(
            f"CREATE TABLE {RAW_TABLE} (originator_id TEXT, originator_version INTEGER, "
            "topic TEXT, state BLOB, PRIMARY KEY (originator_id, originator_version))"
        )

    def durability(self) -> str:
        return _sqlite_durability(self._connection)

    def insert_one_per_transaction(self, rows: Sequence[Row]) -> float:
        statement = f"INSERT INTO {RAW_TABLE} VALUES (?, ?, ?, ?)"
        values = [(uuid.uuid4().hex, 1, topic, state) for topic, state in rows]
        cursor = self._connection.cursor()
        started = time.perf_counter()
        for row in values:
            cursor.execute("BEGIN")
            cursor.execute(statement, row)
            cursor.execute("COMMIT")
        return time.perf_counter() - started

    def close(self) -> None:
        try:
            self._connection.execute(f"DROP TABLE IF EXISTS {RAW_TABLE}")
        finally:
            self._connection.close()


class PostgresRawInserts:
    """psycopg with autocommit off, committing after every row."""

    def __init__(self, conninfo: str) -> None:
        self._connection = psycopg.connect(conninfo)
        table = sql.Identifier(RAW_TABLE)
        self._connection.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(table))
        # The shape of the library's log table: uuid, version, topic, state, bigserial id.
        self._connection.execute(
            sql.SQL(
                "CREATE TABLE {} (originator_id uuid NOT NULL, originator_version bigint NOT NULL,"
                " topic text, state bytea, notification_id bigserial,"
                " PRIMARY KEY (originator_id, originator_version))"
            ).format(table)
        )
        self._connection.execute(
            sql.SQL("CREATE UNIQUE INDEX {} ON {} (notification_id)").format(
                sql.Identifier(f"{RAW_TABLE}_notification_id"), table
            )
        )
        self._connection.commit()
        self._insert = sql.SQL(
            "INSERT INTO {} (originator_id, originator_version, topic, state)"
            " VALUES (%s, %s, %s, %s)"
        ).format(table)

    def durability(self) -> str:
        return _postgres_durability(self._connection)

    def insert_one_per_transaction(self, rows: Sequence[Row]) -> float:
        values = [(uuid.uuid4(), 1, topic, state) for topic, state in rows]
        with self._connection.cursor() as cursor:
            started = time.perf_counter()
            for row in values:
                cursor.execute(self._insert, row)
                self._connection.commit()
            return time.perf_counter() - started

    def close(self) -> None:
        _postgres_drop_and_close(self._connection, RAW_TABLE)


#: P2's table: ours alone, created for one run and dropped after it.
RAW_LOG_TABLE = "opsledger_bench_raw_log"

#: A row of the log exactly as stored: position, originator id, version, topic, state, chain
#: hash (as `infrastructure.integrity.verify.stored_rows` reads it).
LogRow = tuple[Any, ...]


class RawBulkInserts(Protocol):
    """`executemany` of whole log rows, a given number per committed transaction."""

    def durability(self) -> str:
        """The settings that make a commit durable, as the database reports them."""
        ...

    def insert_in_transactions(self, rows: Sequence[LogRow], *, per_transaction: int) -> float:
        """Insert the rows in order, `per_transaction` of them per transaction, each
        transaction one `executemany`; the seconds it took."""
        ...

    def count(self) -> int:
        """Rows in the raw table."""
        ...

    def close(self) -> None:
        """Drop the raw table and close the connection."""
        ...


def raw_bulk_inserts(store: StoreUrl) -> RawBulkInserts:
    """P2's raw baseline for this store."""
    if store.kind == "sqlite":
        return SqliteRawBulkInserts(store.path)
    return PostgresRawBulkInserts(store.conninfo())


def _chunks(rows: Sequence[LogRow], size: int) -> list[Sequence[LogRow]]:
    return [rows[start : start + size] for start in range(0, len(rows), size)]


class SqliteRawBulkInserts:
    """sqlite3 on the store's own file, set up as the library sets up its connections, into a
    table made as the library makes its log (the rowid is the position)."""

    def __init__(self, path: str) -> None:
        self._connection = sqlite3.connect(path, isolation_level=None, timeout=30)
        mode = self._connection.execute("PRAGMA journal_mode").fetchone()[0]
        if str(mode).lower() != "wal":
            self._connection.execute("PRAGMA journal_mode=WAL")
        self._connection.execute(f"DROP TABLE IF EXISTS {RAW_LOG_TABLE}")
        self._connection.execute(
            f"CREATE TABLE {RAW_LOG_TABLE} (originator_id TEXT, originator_version INTEGER, "
            "topic TEXT, state BLOB, chain_hash BLOB, "
            "PRIMARY KEY (originator_id, originator_version))"
        )

    def durability(self) -> str:
        return _sqlite_durability(self._connection)

    def insert_in_transactions(self, rows: Sequence[LogRow], *, per_transaction: int) -> float:
        statement = (
            f"INSERT INTO {RAW_LOG_TABLE} (rowid, originator_id, originator_version, topic, "
            "state, chain_hash) VALUES (?, ?, ?, ?, ?, ?)"
        )
        chunks = _chunks(rows, per_transaction)
        cursor = self._connection.cursor()
        started = time.perf_counter()
        for chunk in chunks:
            cursor.execute("BEGIN")
            cursor.executemany(statement, chunk)
            cursor.execute("COMMIT")
        return time.perf_counter() - started

    def count(self) -> int:
        return int(self._connection.execute(f"SELECT count(*) FROM {RAW_LOG_TABLE}").fetchone()[0])

    def close(self) -> None:
        try:
            self._connection.execute(f"DROP TABLE IF EXISTS {RAW_LOG_TABLE}")
        finally:
            self._connection.close()


class PostgresRawBulkInserts:
    """psycopg with autocommit off, one `executemany` (pipelined by psycopg) per transaction,
    into a table made as the library makes its log: the same columns, primary key and unique
    position index."""

    def __init__(self, conninfo: str) -> None:
        self._connection = psycopg.connect(conninfo)
        table = sql.Identifier(RAW_LOG_TABLE)
        self._connection.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(table))
        self._connection.execute(
            sql.SQL(
                "CREATE TABLE {} (originator_id uuid NOT NULL, originator_version bigint NOT NULL,"
                " topic text, state bytea, notification_id bigint NOT NULL, chain_hash bytea,"
                " PRIMARY KEY (originator_id, originator_version))"
            ).format(table)
        )
        self._connection.execute(
            sql.SQL("CREATE UNIQUE INDEX {} ON {} (notification_id)").format(
                sql.Identifier(f"{RAW_LOG_TABLE}_notification_id"), table
            )
        )
        self._connection.commit()
        self._insert = sql.SQL(
            "INSERT INTO {} (notification_id, originator_id, originator_version, topic, state,"
            " chain_hash) VALUES (%s, %s, %s, %s, %s, %s)"
        ).format(table)

    def durability(self) -> str:
        return _postgres_durability(self._connection)

    def insert_in_transactions(self, rows: Sequence[LogRow], *, per_transaction: int) -> float:
        chunks = _chunks(rows, per_transaction)
        with self._connection.cursor() as cursor:
            started = time.perf_counter()
            for chunk in chunks:
                cursor.executemany(self._insert, chunk)
                self._connection.commit()
            return time.perf_counter() - started

    def count(self) -> int:
        statement = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(RAW_LOG_TABLE))
        row = self._connection.execute(statement).fetchone()
        self._connection.rollback()
        return int(row[0]) if row else 0

    def close(self) -> None:
        _postgres_drop_and_close(self._connection, RAW_LOG_TABLE)


def _sqlite_durability(connection: sqlite3.Connection) -> str:
    mode = connection.execute("PRAGMA journal_mode").fetchone()[0]
    level = connection.execute("PRAGMA synchronous").fetchone()[0]
    names = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}
    return f"journal_mode={mode}, synchronous={names.get(level, level)}"


def _postgres_durability(connection: psycopg.Connection[Any]) -> str:
    settings = []
    for name in ("fsync", "synchronous_commit"):
        row = connection.execute(
            "SELECT setting FROM pg_settings WHERE name = %s", (name,)
        ).fetchone()
        settings.append(f"{name}={row[0] if row else '?'}")
    connection.rollback()
    return ", ".join(settings)


def _postgres_drop_and_close(connection: psycopg.Connection[Any], table: str) -> None:
    try:
        connection.rollback()
        connection.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(sql.Identifier(table)))
        connection.commit()
    finally:
        connection.close()
