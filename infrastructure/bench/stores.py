"""The stores the bench runs on: fresh files and throwaway databases, never user data."""

from __future__ import annotations

import sqlite3
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Protocol

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


class ScratchStoresUnavailable(BenchError):
    """The bench cannot make the extra stores a figure needs beside the store benchmarked."""


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


class ScratchStores(Protocol):
    """Extra stores of one kind, made beside the store benchmarked (the same disk or server),
    for figures that compare two stores or need the same starting state for every run."""

    def new(self) -> StoreUrl:
        """An empty store."""
        ...

    def copy(self, source: StoreUrl) -> StoreUrl:
        """A new store holding exactly what `source` holds; nothing may have it open."""
        ...

    def drop(self, store: StoreUrl) -> None:
        """Remove a store made here."""
        ...


@contextmanager
def scratch_stores(beside: StoreUrl) -> Iterator[ScratchStores]:
    """Scratch stores beside `beside`: SQLite files in a temporary directory next to its file,
    or PostgreSQL databases on its server named after it (`<db>_scratch_<hex>`), made with its
    credentials and its database settings. All are removed afterwards."""
    if beside.kind == "sqlite":
        parent = Path(beside.path).resolve().parent
        try:
            directory = tempfile.TemporaryDirectory(prefix="opsledger-bench-", dir=parent)
        except OSError as error:
            raise ScratchStoresUnavailable(
                f"cannot make scratch SQLite files in {parent}: {_first_line(error)}"
            ) from None
        with directory as path:
            yield _SqliteScratch(Path(path))
        return
    scratch = _PostgresScratch(beside)
    try:
        yield scratch
    finally:
        scratch.close()


class _SqliteScratch:
    def __init__(self, directory: Path) -> None:
        self._directory = directory

    def new(self) -> StoreUrl:
        return StoreUrl(kind="sqlite", path=str(self._directory / f"{uuid.uuid4().hex[:12]}.db"))

    def copy(self, source: StoreUrl) -> StoreUrl:
        target = self.new()
        # The backup API copies every page of the database as it stands, WAL included.
        with (
            closing(sqlite3.connect(source.path)) as origin,
            closing(sqlite3.connect(target.path)) as copied,
        ):
            origin.backup(copied)
        return target

    def drop(self, store: StoreUrl) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(store.path + suffix).unlink(missing_ok=True)


class _PostgresScratch:
    def __init__(self, beside: StoreUrl) -> None:
        self._beside = beside
        self._made: list[str] = []
        try:
            self._admin = psycopg.connect(beside.conninfo(), autocommit=True)
            # Copying a large database may take longer than a statement of opsledger's may.
            self._admin.execute("SET statement_timeout = 0")
            row = self._admin.execute("SHOW server_version_num").fetchone()
            # Settings made for the benchmarked database alone (ALTER DATABASE ... SET) hold
            # in its scratch databases too.
            self._settings = [
                setting
                for (setting,) in self._admin.execute(
                    "SELECT unnest(s.setconfig) FROM pg_db_role_setting s"
                    " JOIN pg_database d ON d.oid = s.setdatabase"
                    " WHERE d.datname = current_database() AND s.setrole = 0"
                ).fetchall()
            ]
        except psycopg.Error as error:
            raise ScratchStoresUnavailable(
                f"cannot reach {beside.display()} to make scratch databases: {_first_line(error)}"
            ) from None
        # PostgreSQL 15 copies a template block by block through the WAL unless told to copy
        # its files, which is much faster for a database of a million rows.
        self._file_copy = row is not None and int(row[0]) >= 150000

    def new(self) -> StoreUrl:
        return self._create(sql.SQL(""))

    def copy(self, source: StoreUrl) -> StoreUrl:
        clause = sql.SQL(" TEMPLATE {}").format(sql.Identifier(source.dbname))
        if self._file_copy:
            clause += sql.SQL(" STRATEGY FILE_COPY")
        return self._create(clause)

    def _create(self, clause: sql.Composable) -> StoreUrl:
        # Named after the benchmarked database, so that whoever looks can tell whose they are.
        # At most 40 bytes of it: PostgreSQL cuts names at 63 bytes, and must not cut ours.
        stem = self._beside.dbname.encode()[:40].decode(errors="ignore")
        name = f"{stem}_scratch_{uuid.uuid4().hex[:12]}"
        try:
            self._admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)) + clause)
            self._made.append(name)
            for setting in self._settings:
                key, _, value = setting.partition("=")
                self._admin.execute(
                    sql.SQL("ALTER DATABASE {} SET {} = {}").format(
                        sql.Identifier(name), sql.Identifier(key), sql.Literal(value)
                    )
                )
        except psycopg.Error as error:
            raise ScratchStoresUnavailable(
                f"cannot make a scratch database on {self._beside.display()} (the role needs "
                f"CREATEDB): {_first_line(error)}"
            ) from None
        return attrs.evolve(self._beside, dbname=name)

    def drop(self, store: StoreUrl) -> None:
        if store.dbname not in self._made:
            raise BenchError(f"{store.display()} was not made as a scratch database")
        self._admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(store.dbname))
        )
        self._made.remove(store.dbname)

    def close(self) -> None:
        try:
            for name in list(self._made):
                self.drop(attrs.evolve(self._beside, dbname=name))
        finally:
            self._admin.close()
