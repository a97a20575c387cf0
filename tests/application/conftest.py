"""Stores for command-side tests: the shared fixtures, with a PostgreSQL store that is cheap to
renew.

`tests/conftest.py` creates and drops a PostgreSQL database for every test; on these machines
that costs up to a second, and this suite runs a few hundred store tests. Here one throwaway
database serves the session and every row in it is deleted, sequences restarted, before each
test: each test still starts on an empty store of its own. Commits in that database do not wait
for the WAL flush (only a server crash could tell the difference). The SQLite store is unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest
from psycopg import sql

from tests.pg import throwaway_database


@pytest.fixture(scope="session")
def session_pg_database() -> Iterator[str]:
    """One PostgreSQL database for the whole session, dropped at its end."""
    with throwaway_database(durable=False) as url:
        yield url


@pytest.fixture
def pg_url(session_pg_database: str) -> str:
    """The session's PostgreSQL database, emptied: no events, no refusals, no read-model rows,
    every read model at position 0."""
    with psycopg.connect(session_pg_database, autocommit=True, connect_timeout=5) as connection:
        # A test that left a transaction open would make the wipe wait; fail instead of hanging.
        connection.execute("SET lock_timeout = '10s'")
        with connection.transaction():
            # Every row goes; the read models' builds stay, emptied and back at position 0, so
            # the next store opened here needs no DDL (creating nine projections' tables and
            # views for every test would cost more than most tests).
            for schema, table in connection.execute(
                "SELECT schemaname, tablename FROM pg_tables"
                " WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
                " AND tablename <> 'projection_builds'"
            ).fetchall():
                connection.execute(sql.SQL("DELETE FROM {}").format(sql.Identifier(schema, table)))
            if connection.execute("SELECT to_regclass('projection_builds')").fetchone() != (None,):
                connection.execute("DELETE FROM projection_builds WHERE state <> 'live'")
                connection.execute("UPDATE projection_builds SET position = 0")
                connection.execute(
                    "INSERT INTO projection_positions (name, position, updated_at)"
                    " SELECT name, 0, now() FROM projection_builds"
                )
            for schema, sequence in connection.execute(
                "SELECT schemaname, sequencename FROM pg_sequences"
                " WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
            ).fetchall():
                connection.execute(
                    sql.SQL("ALTER SEQUENCE {} RESTART").format(sql.Identifier(schema, sequence))
                )
    return session_pg_database
