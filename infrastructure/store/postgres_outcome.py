"""Settling an append whose connection broke in flight: was it stored or not, never a guess."""

# The statement may have committed before the connection died, may still be running on the
# server (a client that vanished does not stop it), or may have been lost. So: reconnect, end
# the orphaned session if it is still there (`pg_terminate_backend` waits for it to be gone;
# from then on its outcome can no longer change), then look for the first event in the log.
# The session is named uniquely, so a server restart that reused its process id is harmless.

from __future__ import annotations

from typing import Any

from eventsourcing.persistence import InterfaceError, OperationalError, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder
from psycopg.sql import SQL, Identifier

from application.backoff import Backoff
from application.errors import StoreUnavailable
from infrastructure.store.postgres_pool import Session

#: How long one call waits for the orphaned session to end, in milliseconds.
TERMINATE_WAIT_MS = 1000


def settle_append(
    recorder: PostgresApplicationRecorder,
    *,
    session: Session,
    first: StoredEvent,
    count: int,
    error: Exception,
    seconds: float,
) -> list[int]:
    """The positions of an append whose connection broke with it in flight, once the log shows
    it stored; `StoreUnavailable` saying nothing was stored, or that the store could not be
    reached again within `seconds` to learn it."""
    retries = Backoff(seconds=seconds)
    find = SQL(
        "SELECT notification_id FROM {schema}.{table} "
        "WHERE originator_id = %s AND originator_version = %s AND state = %s"
    ).format(
        schema=Identifier(recorder.datastore.schema),
        table=Identifier(recorder.events_table_name),
    )
    while True:
        try:
            with recorder.datastore.get_connection() as conn, conn.cursor() as curs:
                curs.execute(
                    "SELECT pg_terminate_backend(pid, %s) AS ended FROM pg_stat_activity "
                    "WHERE pid = %s AND application_name = %s",
                    (TERMINATE_WAIT_MS, session.pid, session.name),
                )
                orphan: dict[str, Any] | None = curs.fetchone()
                if orphan is None or orphan["ended"]:
                    curs.execute(find, (first.originator_id, first.originator_version, first.state))
                    stored: dict[str, Any] | None = curs.fetchone()
                    if stored is None:
                        raise StoreUnavailable(
                            f"the connection broke while appending ({error}); "
                            "the log shows nothing was stored",
                            outcome="not_stored",
                        )
                    # One append takes consecutive positions under the table lock.
                    start = int(stored["notification_id"])
                    return list(range(start, start + count))
        except (InterfaceError, OperationalError):
            pass  # the store is still away: try again
        if not retries.wait():
            raise StoreUnavailable(
                f"the connection broke while appending ({error}), and the store "
                f"could not be reached within {seconds:g} s to learn whether it was stored",
                outcome="unknown",
            )
