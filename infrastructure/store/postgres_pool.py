"""PostgreSQL connections for the log: opened on demand within bounded waits, dropped if broken."""

# psycopg_pool reconnects in the background with a backoff that doubles from one second: after
# a 45-second outage its next attempt can lie 30 seconds away, and every command waits for it.
# This pool keeps idle connections and otherwise connects on the caller's own thread, so the
# first command after the database returns connects at once, and during an outage each attempt
# fails within the connect timeout.

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, cast

import attrs
import psycopg
from eventsourcing.postgres import PostgresFactory
from eventsourcing.utils import Environment
from psycopg.pq import ConnStatus, TransactionStatus
from psycopg.rows import DictRow, dict_row

from infrastructure.settings import StoreTimeouts
from infrastructure.store.url import RETRY_SECONDS_KEY, STATEMENT_TIMEOUT_KEY, bounded_waits

Connection = psycopg.Connection[DictRow]

#: Every connection names itself `opsledger:<token>`, so a statement whose connection broke can
#: be found on the server again (see the recorder's settling of an unknown outcome).
APPLICATION_NAME_PREFIX = "opsledger:"


@attrs.frozen
class Session:
    """The server side of one connection: its backend process and its unique name."""

    pid: int
    name: str

    @classmethod
    def of(cls, connection: Connection) -> Session:
        name = connection.info.parameter_status("application_name") or ""
        return cls(pid=connection.info.backend_pid, name=name)


class DirectPool:
    """The part of psycopg_pool's interface the library's datastore uses (`open`, `connection`,
    `close`), with no background threads: idle connections are reused, missing ones opened."""

    def __init__(
        self,
        *,
        kwargs: dict[str, Any],
        configure: Callable[[Connection], None],
        timeouts: StoreTimeouts,
        max_idle: int,
    ) -> None:
        self.timeouts = timeouts
        self._kwargs = {
            **{key: value for key, value in kwargs.items() if key != "row_factory"},
            **bounded_waits(timeouts),
            "options": f"-c statement_timeout={round(timeouts.statement * 1000)}",
        }
        self._configure = configure
        self._max_idle = max_idle
        self._idle: list[Connection] = []
        self._lock = threading.Lock()

    def open(self, wait: bool = False, timeout: float = 0) -> None:
        """Nothing to open: connections are made when they are needed."""

    @contextmanager
    def connection(self, timeout: float | None = None) -> Iterator[Connection]:
        connection = self._take()
        try:
            yield connection
        finally:
            self._give_back(connection)

    def _take(self) -> Connection:
        with self._lock:
            while self._idle:
                connection = self._idle.pop()
                if _still_open(connection):
                    return connection
                connection.close()
        connection = psycopg.connect(
            **self._kwargs,
            autocommit=True,
            row_factory=dict_row,
            application_name=f"{APPLICATION_NAME_PREFIX}{uuid.uuid4().hex}",
        )
        self._configure(connection)
        return connection

    def _give_back(self, connection: Connection) -> None:
        healthy = (
            not (connection.closed or connection.broken)
            and connection.info.transaction_status is TransactionStatus.IDLE
        )
        with self._lock:
            if healthy and len(self._idle) < self._max_idle:
                self._idle.append(connection)
                return
        connection.close()

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for connection in idle:
            connection.close()

    def __enter__(self) -> DirectPool:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _still_open(connection: Connection) -> bool:
    """False for an idle connection whose server has hung up (a restart, an outage), found by
    one non-blocking read and no round trip, so nothing is sent down a dead connection."""
    if connection.closed or connection.broken:
        return False
    try:
        connection.pgconn.consume_input()
    except psycopg.OperationalError:
        return False
    return connection.pgconn.status == ConnStatus.OK


class DirectPostgresFactory(PostgresFactory):
    """The library's PostgreSQL factory with the datastore's pool replaced by a DirectPool."""

    def __init__(self, env: Environment | dict[str, str] | None) -> None:
        super().__init__(env)
        library_pool = self.datastore.pool  # made with open=False: it never connected
        defaults = StoreTimeouts()
        timeouts = StoreTimeouts(
            connect=float(self.env.get(self.POSTGRES_CONNECT_TIMEOUT) or defaults.connect),
            statement=float(self.env.get(STATEMENT_TIMEOUT_KEY) or defaults.statement),
            retry_for=float(self.env.get(RETRY_SECONDS_KEY) or defaults.retry_for),
        )
        self.datastore.pool = cast(
            Any,
            DirectPool(
                kwargs=dict(cast(dict[str, Any], library_pool.kwargs)),
                configure=self.datastore.after_connect_func(),
                timeouts=timeouts,
                max_idle=library_pool.min_size,
            ),
        )


def pool_timeouts(pool: object) -> StoreTimeouts:
    """The time limits of a datastore's pool (the defaults for a pool not of ours)."""
    return pool.timeouts if isinstance(pool, DirectPool) else StoreTimeouts()
