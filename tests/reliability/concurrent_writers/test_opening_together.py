"""Several processes open the store at the same moment, as services do after a deploy."""

from __future__ import annotations

import multiprocessing

import pytest

from infrastructure.opsledger import Opsledger
from tests.reliability.concurrent_writers.workers import (
    POOL_SECONDS,
    init_worker,
    open_and_close_repeatedly,
)


@pytest.mark.slow
@pytest.mark.postgres
def test_several_processes_can_open_the_store_at_the_same_time(pg_url: str) -> None:
    """Services and projection processes start together after a deploy; each opens the store."""
    Opsledger.open(pg_url).close()  # the schema exists: this is a plain restart, not a first use
    workers, rounds = 4, 10
    context = multiprocessing.get_context("spawn")
    initargs = (context.Barrier(workers),)
    with context.Pool(workers, initializer=init_worker, initargs=initargs) as pool:
        per_worker = pool.map_async(
            open_and_close_repeatedly, [(pg_url, rounds)] * workers, chunksize=1
        ).get(timeout=POOL_SECONDS)
    errors = [error for errors in per_worker for error in errors]
    assert not errors, f"{len(errors)} of {workers * rounds} opens failed, e.g. {errors[:3]}"
