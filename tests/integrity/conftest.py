"""Stores for the integrity tests: a realistic history written once per module and store kind,
and that same history for every test to tamper with (a fresh copy of the SQLite file; the
PostgreSQL log table written back to its first rows)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import ExitStack, closing
from pathlib import Path

import attrs
import pytest

from infrastructure.opsledger import Opsledger
from infrastructure.store.url import StoreUrl
from tests.clocks import FixedClock
from tests.integrity.raw_log import RawLog
from tests.integrity.stores import Populated
from tests.integrity.workload import run_complaints
from tests.pg import throwaway_database


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def populated_template(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Populated]:
    """10 complaints walked through up to 8 commands each, on each store kind in turn."""
    with ExitStack() as stack:
        if request.param == "sqlite":
            url = f"sqlite:///{tmp_path_factory.mktemp('template') / 'opsledger.db'}"
        else:
            url = stack.enter_context(throwaway_database())
        clock = FixedClock()
        with Opsledger.open(url, clock=clock) as ledger:
            run_complaints(ledger, clock)
        with RawLog(url) as raw:
            rows = tuple(raw.rows())
        yield Populated(url=url, rows=rows)


@pytest.fixture
def populated(populated_template: Populated, tmp_path: Path) -> Populated:
    """The populated store of this kind as it was written, for one test: a copy of the SQLite
    file; in PostgreSQL (where copying a database costs half a second) the log table written
    back to exactly its first rows."""
    template = StoreUrl.parse(populated_template.url)
    if template.kind == "sqlite":
        path = tmp_path / "opsledger.db"
        with (
            closing(sqlite3.connect(template.path)) as source,
            closing(sqlite3.connect(path)) as copy,
        ):
            source.backup(copy)
        return attrs.evolve(populated_template, url=f"sqlite:///{path}")
    with RawLog(populated_template.url) as raw:
        raw.restore(populated_template.rows)
        assert raw.rows() == list(populated_template.rows)
    return populated_template


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def module_store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """One empty store of each kind for a whole module: for property tests, whose examples
    share whatever store the test has."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('store') / 'opsledger.db'}"
        return
    with throwaway_database() as url:
        yield url
