"""The store the mapper tests share within a module, one of each kind."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from infrastructure.opsledger import Opsledger
from tests.pg import throwaway_database


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def shared_ledger(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Opsledger]:
    """One store of each kind for this module's tests that keep to streams of their own (a
    fresh PostgreSQL database per test would cost more than the tests)."""
    if request.param == "sqlite":
        with Opsledger.open(f"sqlite:///{tmp_path_factory.mktemp('mapper') / 'o.db'}") as opened:
            yield opened
        return
    with throwaway_database() as url, Opsledger.open(url) as opened:
        yield opened
