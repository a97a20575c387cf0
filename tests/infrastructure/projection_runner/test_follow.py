"""`projections run`: woken by NOTIFY on PostgreSQL (polling SQLite), and through an outage of
the database: a clear line, retries, then every row once."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest

from infrastructure.opsledger import Opsledger
from infrastructure.projection_follower import follow
from tests.clocks import FixedClock
from tests.infrastructure.projection_runner.audit_trail_rows import expected_keys, keys, trail
from tests.infrastructure.projection_runner.complaint_log import build_log
from tests.reliability.connection_faults.proxy import fault_proxy
from tests.reliability.connection_faults.test_unknown_outcome import SERVER, through


@contextmanager
def following(ledger: Opsledger, *, interval: float) -> Iterator[list[str]]:
    """`follow` in a thread of its own for the audit trail; yields the trouble lines it said."""
    stop = threading.Event()
    troubles: list[str] = []
    thread = threading.Thread(
        target=follow,
        args=(ledger.projections, ledger.wakener()),
        kwargs={
            "name": "audit_trail",
            "interval": interval,
            "on_applied": lambda applied: None,
            "on_trouble": troubles.append,
            "stop": stop,
        },
        daemon=True,
    )
    thread.start()
    try:
        yield troubles
    finally:
        stop.set()
        thread.join(timeout=10)
        assert not thread.is_alive()


def eventually(check: Callable[[], bool], *, within: float) -> float:
    """Seconds until `check()` held; fails after `within` seconds."""
    started = time.monotonic()
    while time.monotonic() - started < within:
        if check():
            return time.monotonic() - started
        time.sleep(0.02)
    raise AssertionError(f"not within {within} s")


def _caught_up(ledger: Opsledger) -> Callable[[], bool]:
    def check() -> bool:
        return keys(trail(ledger)) == expected_keys(ledger)

    return check


@pytest.mark.postgres
def test_notify_wakes_the_runner_long_before_its_interval(pg_url: str, clock: FixedClock) -> None:
    """With an interval of 60 s, the trail holds a new complaint's events within 3 s of its
    commands: the runner was woken by the append's NOTIFY, not by its timer."""
    with Opsledger.open(pg_url, clock=clock) as ledger, following(ledger, interval=60):
        time.sleep(0.3)  # the runner's first pass is over; it now waits on NOTIFY
        build_log(ledger, clock, complaints=1)
        eventually(_caught_up(ledger), within=3)


def test_sqlite_is_polled(sqlite_url: str, clock: FixedClock) -> None:
    with Opsledger.open(sqlite_url, clock=clock) as ledger, following(ledger, interval=0.05):
        build_log(ledger, clock, complaints=1)
        eventually(_caught_up(ledger), within=5)


@pytest.mark.postgres
def test_an_outage_is_said_waited_out_and_nothing_is_lost_or_doubled(
    pg_url: str, clock: FixedClock
) -> None:
    """The runner reads through a proxy that goes down while commands keep arriving directly:
    it says the store is unavailable, retries, says when it is back, and then the trail holds
    every business event exactly once."""
    with (
        fault_proxy(SERVER) as proxy,
        Opsledger.open(through(proxy, pg_url), clock=clock) as watched,
        Opsledger.open(pg_url, clock=clock) as direct,
    ):
        build_log(direct, clock, complaints=1)
        with following(watched, interval=0.1) as troubles:
            eventually(_caught_up(direct), within=5)
            proxy.down()
            build_log(direct, clock, complaints=2)
            eventually(lambda: len(troubles) >= 2, within=10)
            proxy.up()
            eventually(_caught_up(direct), within=30)
        assert "unavailable" in troubles[0] or "cannot" in troubles[0]
        assert all(len(line.splitlines()) == 1 for line in troubles)
        assert "back" in troubles[-1]
        assert keys(trail(direct)) == expected_keys(direct)
