"""Stores for the bundle tests: a short simulated quarter of every kind of record, written once
per test session and store kind, with its rows as read by plain SQL. Tests that change the
log write it back (see `tampered` in test_export)."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from infrastructure.demo.run import run_demo
from tests.bundle.bundle_files import Demo
from tests.integrity.raw_log import RawLog
from tests.pg import throwaway_database

#: A fixed "today", so the simulated quarter does not move with the calendar.
TODAY = date(2026, 11, 22)


@pytest.fixture(
    scope="session", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def demo(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Demo]:
    """A few records of each of the six kinds (budgets too) with their whole lives, refusals
    and deadline breaches, on each store kind in turn."""
    with contextlib.ExitStack() as stack:
        if request.param == "sqlite":
            url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'opsledger.db'}"
        else:
            url = stack.enter_context(throwaway_database(durable=False))
        with contextlib.redirect_stdout(io.StringIO()):
            status = run_demo(
                store=url,
                seed=7,
                complaints=3,
                orders=3,
                projects=1,
                risks=2,
                rectifications=1,
                as_json=True,
                today=TODAY,
                progress=io.StringIO(),
            )
        assert status == 0
        with RawLog(url) as raw:
            rows = tuple(raw.rows())
        yield Demo(url=url, rows=rows)


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    """Where a test's bundle goes (not made yet)."""
    return tmp_path / "bundle"
