"""`projections run`: keep read models current, woken by PostgreSQL's NOTIFY (SQLite is polled),
through the database going away and coming back.

Each pass is the runner's catch-up, whose pages commit with their positions, so a pass cut
short by an outage (or a kill) leaves nothing half-applied, and the next pass goes on from the
last committed position: no row lost, none twice. While the store is away the follower says so
in one line, waits with a growing pause (up to `MAX_PAUSE`) and tries again.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from contextlib import suppress

import psycopg
from psycopg import sql

from application.errors import StoreUnavailable
from infrastructure.projection_runner import ProjectionRunner

#: The longest pause between attempts while the store is away, in seconds.
MAX_PAUSE = 30.0

#: The longest a wait goes without looking whether the follower was asked to stop, in seconds.
SLICE = 0.5

#: The first pause after a failed pass, doubled after each further failure.
FIRST_PAUSE = 0.2


class Wakener:
    """Waits for news of appends: NOTIFY on the log's channel (PostgreSQL), else a timer."""

    def __init__(self, listen: tuple[str, str] | None = None) -> None:
        """`listen`: the connection string and channel to LISTEN on; None to poll."""
        self._listen = listen
        self._connection: psycopg.Connection[tuple[object, ...]] | None = None

    def wait(self, seconds: float, stop: threading.Event | None = None) -> None:
        """Return on news of an append, once `stop` is set, or after `seconds` at most."""
        stop = stop or threading.Event()
        if self._listen is None:
            stop.wait(seconds)
            return
        deadline = time.monotonic() + seconds
        try:
            connection = self._listening(*self._listen)
            while True:
                left = deadline - time.monotonic()
                news = list(connection.notifies(timeout=max(0.0, min(left, SLICE)), stop_after=1))
                if news or stop.is_set() or left <= SLICE:
                    return
        except psycopg.Error as error:
            self.close()
            raise StoreUnavailable(f"cannot listen for new events: {error}") from None

    def _listening(self, conninfo: str, channel: str) -> psycopg.Connection[tuple[object, ...]]:
        if self._connection is None or self._connection.closed or self._connection.broken:
            self._connection = psycopg.connect(conninfo, autocommit=True)
            self._connection.execute(sql.SQL("LISTEN {}").format(sql.Identifier(channel)))
        return self._connection

    def close(self) -> None:
        if self._connection is not None:
            with suppress(psycopg.Error):
                self._connection.close()
            self._connection = None


def follow(
    runner: ProjectionRunner,
    wakener: Wakener,
    *,
    name: str | None,
    interval: float,
    on_applied: Callable[[Mapping[str, int]], None],
    on_trouble: Callable[[str], None],
    stop: threading.Event | None = None,
) -> None:
    """Catch up, then wait for news (or `interval` seconds) and catch up again, until `stop` is
    set (or forever). The listener starts before each catch-up, so an append between the two
    is never missed."""
    stop = stop or threading.Event()
    pause = FIRST_PAUSE
    troubled = False
    while not stop.is_set():
        try:
            wakener.wait(0)  # listening (and draining old news) before reading the log
            applied = runner.catch_up(name)
            if troubled:
                on_trouble("the store is back; read models are catching up again")
                troubled = False
            pause = FIRST_PAUSE
            if any(applied.values()):
                on_applied(applied)
            wakener.wait(interval, stop)
        except StoreUnavailable as error:
            troubled = True
            on_trouble(f"{error.message}; trying again in {pause:.1f}s")
            stop.wait(pause)
            pause = min(pause * 2, MAX_PAUSE)
    wakener.close()
