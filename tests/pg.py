"""Throwaway PostgreSQL databases for tests, on the server named by OPSLEDGER_TEST_PG.

The server is probed once per test session: without it, PostgreSQL tests skip with the reason,
except under CI=true, where that fails them.
"""

from __future__ import annotations

import functools
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import pytest
from psycopg import sql

ADMIN_URL = os.environ.get("OPSLEDGER_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")


@functools.cache
def _unreachable() -> str | None:
    """Why the server cannot be used, or None; asked once per session."""
    try:
        psycopg.connect(ADMIN_URL, connect_timeout=3).close()
    except psycopg.OperationalError as error:
        return f"PostgreSQL at {ADMIN_URL} is not reachable: {str(error).splitlines()[0]}"
    return None


def admin() -> psycopg.Connection[tuple[object, ...]]:
    """An autocommit connection to the server's admin database; skips or fails without one."""
    reason = _unreachable()
    if reason is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (CI=true needs it)")
        pytest.skip(reason)
    return psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=3)


def url_for(database: str) -> str:
    """The URL of another database on the same server."""
    return f"{ADMIN_URL.rsplit('/', 1)[0]}/{database}"


@contextmanager
def throwaway_database(*, durable: bool = True) -> Iterator[str]:
    """A new database, dropped afterwards. `durable=False` lets commits skip the WAL flush,
    for suites that renew their store often (only a server crash could tell the difference)."""
    name = f"opsledger_test_{uuid.uuid4().hex[:12]}"
    with admin() as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        if not durable:
            connection.execute(
                sql.SQL("ALTER DATABASE {} SET synchronous_commit = off").format(
                    sql.Identifier(name)
                )
            )
    try:
        yield url_for(name)
    finally:
        with admin() as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
