"""The stores the bench runs on: fresh files and throwaway databases, never user data."""

from __future__ import annotations

import sqlite3
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import attrs
import psycopg
from psycopg import sql

from application.ledger import Ledger
from infrastructure.bench.errors import BenchError, StoreNotEmpty
from infrastructure.store.url import StoreUrl

#: Where the throwaway PostgreSQL database is created, as for the test suite.
PG_ADMIN_ENV = "OPSLEDGER_TEST_PG"
DEFAULT_PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"

#: The library's log table: SQLite always names it `stored_events`; PostgreSQL names it after
#: the application, in the `public` schema.
_EVENTS_TABLE = {"sqlite": "stored_events", "postgresql": f"{Ledger.name.lower()}_events"}


class PostgresUnreachable(BenchError):
    """The PostgreSQL server for the throwaway database cannot be reached."""


@contextmanager
def fresh_sqlite() -> Iterator[StoreUrl]:
    """A new SQLite file in a temporary directory, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="opsledger-bench-") as directory:
        yield StoreUrl(kind="sqlite", path=str(Path(directory) / "bench.db"))


@contextmanager
def throwaway_postgres(admin_url: str) -> Iterator[StoreUrl]:
    """A new PostgreSQL database created through `admin_url`, dropped afterwards."""
    admin = StoreUrl.parse(admin_url)
    name = f"opsledger_bench_{uuid.uuid4().hex[:12]}"
    _admin_execute(admin, sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield attrs.evolve(admin, dbname=name)
    finally:
        _admin_execute(
            admin, sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def _admin_execute(admin: StoreUrl, statement: sql.Composed) -> None:
    try:
        with psycopg.connect(admin.conninfo(), autocommit=True) as connection:
            connection.execute(statement)
    except psycopg.OperationalError as error:
        raise PostgresUnreachable(
            f"PostgreSQL at {admin.display()} is not reachable: {_first_line(error)}"
        ) from None


def refuse_if_holding_events(store: StoreUrl) -> None:
    """A store named by the user is benchmarked only while it holds no events at all."""
    holds = _sqlite_holds_events(store) if store.kind == "sqlite" else _pg_holds_events(store)
    if holds:
        raise StoreNotEmpty(
            f"{store.display()} already holds events; the bench only runs on an empty store "
            "(without --store it makes its own)"
        )


def _sqlite_holds_events(store: StoreUrl) -> bool:
    path = Path(store.path)
    if not path.exists():
        return False
    table = _EVENTS_TABLE["sqlite"]
    try:
        # Read-only: looking must not create or change anything in the user's file.
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            found = connection.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
            ).fetchone()
            if found is None:
                return False
            return connection.execute(f'SELECT 1 FROM "{table}" LIMIT 1').fetchone() is not None
        finally:
            connection.close()
    except sqlite3.Error as error:
        raise BenchError(f"cannot read {store.display()}: {_first_line(error)}") from None


def _pg_holds_events(store: StoreUrl) -> bool:
    table = _EVENTS_TABLE["postgresql"]
    try:
        with psycopg.connect(store.conninfo(), autocommit=True) as connection:
            found = connection.execute(
                "SELECT 1 FROM information_schema.tables "
                "WHERE table_schema = 'public' AND table_name = %s",
                (table,),
            ).fetchone()
            if found is None:
                return False
            statement = sql.SQL("SELECT 1 FROM {} LIMIT 1").format(sql.Identifier("public", table))
            return connection.execute(statement).fetchone() is not None
    except psycopg.Error as error:
        raise BenchError(f"cannot open the store {store.display()}: {_first_line(error)}") from None


def _first_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__
