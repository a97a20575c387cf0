"""Stores for tests: a real SQLite file per test and a throwaway PostgreSQL database.

PostgreSQL is found through OPSLEDGER_TEST_PG. Without a reachable server its tests skip with
one line, except under CI=true, where that is a failure.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from infrastructure.opsledger import Opsledger
from tests.clocks import FixedClock

PG_ADMIN = os.environ.get("OPSLEDGER_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")


def _pg_admin() -> psycopg.Connection[tuple[object, ...]]:
    try:
        return psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        message = f"PostgreSQL at {PG_ADMIN} is not reachable: {str(error).splitlines()[0]}"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message} (CI=true needs it)")
        pytest.skip(message)


def _url_for(database: str) -> str:
    base = PG_ADMIN.rsplit("/", 1)[0]
    return f"{base}/{database}"


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh PostgreSQL database, dropped after the test."""
    name = f"opsledger_test_{uuid.uuid4().hex[:12]}"
    with _pg_admin() as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield _url_for(name)
    finally:
        with _pg_admin() as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A fresh SQLite file."""
    return f"sqlite:///{tmp_path / 'opsledger.db'}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each test using this runs once on a SQLite file and once on PostgreSQL."""
    if request.param == "sqlite":
        return str(request.getfixturevalue("sqlite_url"))
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def ledger(store_url: str, clock: FixedClock) -> Iterator[Opsledger]:
    """opsledger on a fresh store (each backend in turn) with a hand-moved clock."""
    with Opsledger.open(store_url, clock=clock) as opened:
        yield opened
