"""Restoring into PostgreSQL: the entries copied verbatim in one transaction, then the
position sequence moved past them so later appends continue without a gap."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from typing import Any

import psycopg
from psycopg.sql import SQL, Identifier, Literal

from application.errors import StoreUnavailable
from infrastructure.backup.errors import StoreNotEmpty
from infrastructure.backup.format import Entry
from infrastructure.backup.target import Append

_SCHEMA = "public"


@contextmanager
def postgres_log(conninfo: str, *, table: str, display: str) -> Iterator[Append]:
    """Appends into the empty log of the PostgreSQL database, committed when the block ends
    and rolled back when it fails. The log's table lock (the one every append takes) is held
    before the log is found empty, so no command can slip in between. Read models keyed to the
    log's aggregates (the deadline index, snapshots) are cleared in the same transaction."""
    events = SQL("{}.{}").format(Identifier(_SCHEMA), Identifier(table))
    try:
        connection = psycopg.connect(conninfo)
    except psycopg.Error as error:
        raise StoreUnavailable(f"PostgreSQL store: {_first_line(error)}") from None
    with closing(connection):
        try:
            with connection.transaction(), connection.cursor() as cursor:
                # One statement copies the whole log: no per-statement limit applies to it.
                cursor.execute("SET LOCAL statement_timeout = 0")
                cursor.execute(SQL("LOCK TABLE {} IN EXCLUSIVE MODE").format(events))
                cursor.execute(SQL("SELECT max(notification_id) FROM {}").format(events))
                head = _one(cursor)
                if head is not None:
                    raise StoreNotEmpty(store=display, head=int(head))
                cursor.execute("DELETE FROM public.deadlines")
                cursor.execute("DELETE FROM public.snapshots")
                copied = 0
                with cursor.copy(
                    SQL(
                        "COPY {} (notification_id, originator_id, originator_version, topic, "
                        "state, chain_hash) FROM STDIN"
                    ).format(events)
                ) as copy:

                    def append(entries: Sequence[Entry]) -> None:
                        nonlocal copied
                        for e in entries:
                            copy.write_row(
                                (
                                    e.position,
                                    e.originator_id,
                                    e.version,
                                    e.topic,
                                    e.state,
                                    e.chain_hash,
                                )
                            )
                        copied += len(entries)

                    yield append
                # The append function numbers from the newest row; the column's own sequence
                # is moved too, so nothing that uses it can reuse a restored position.
                cursor.execute(
                    SQL(
                        "SELECT setval(pg_get_serial_sequence({}, 'notification_id'), %s, %s)"
                    ).format(Literal(f"{_SCHEMA}.{table}")),
                    (max(copied, 1), copied > 0),
                )
        except psycopg.Error as error:
            raise StoreUnavailable(f"PostgreSQL store: {_first_line(error)}") from None


def _one(cursor: psycopg.Cursor[Any]) -> Any:
    row = cursor.fetchone()
    return None if row is None else row[0]


def _first_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__
