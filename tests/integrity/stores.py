"""Populated stores for the integrity tests: a store's URL with the rows it was written with."""

from __future__ import annotations

import os

import attrs

from tests.integrity.raw_log import StoredRow

PG_ADMIN = os.environ.get("OPSLEDGER_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")


@attrs.frozen(kw_only=True)
class Populated:
    """A store holding a realistic history: its URL and its rows as written."""

    url: str
    rows: tuple[StoredRow, ...]

    @property
    def size(self) -> int:
        return len(self.rows)
