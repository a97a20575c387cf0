"""Stores for the KPI tests: one history per module and store kind, read by every test of the
module that only reads it; a test that adds to its history has a store of its own."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.pg import throwaway_database


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def module_store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A fresh store of each kind for the module."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('kpi') / 'opsledger.db'}"
        return
    with throwaway_database(durable=False) as url:
        yield url
