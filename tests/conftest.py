"""Stores for tests: a real SQLite file per test and a throwaway PostgreSQL database.

PostgreSQL is found through OPSLEDGER_TEST_PG. Without a reachable server its tests skip with
one line, except under CI=true, where that is a failure.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from infrastructure.opsledger import Opsledger
from tests.clocks import FixedClock
from tests.pg import throwaway_database


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh PostgreSQL database, dropped after the test. Its commits skip the WAL flush
    (synchronous_commit=off): only a server crash could tell the difference, and no test here
    crashes the server, and the suite spends far less time waiting on the disk."""
    with throwaway_database(durable=False) as url:
        yield url


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
