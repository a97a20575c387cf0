"""Stores for the report tests: each test on a SQLite file and on PostgreSQL, the PostgreSQL
database shared by the session and emptied before each test (as for the command-side tests)."""

from __future__ import annotations

from tests.application.conftest import pg_url, session_pg_database

__all__ = ["pg_url", "session_pg_database"]
