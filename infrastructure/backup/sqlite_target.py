"""Restoring into SQLite: the entries inserted verbatim, rowid as position, in one transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager

from application.errors import StoreUnavailable
from infrastructure.backup.errors import StoreNotEmpty
from infrastructure.backup.format import Entry
from infrastructure.backup.target import Append


@contextmanager
def sqlite_log(path: str, *, table: str, display: str) -> Iterator[Append]:
    """Appends into the empty log of the SQLite file at `path`, committed when the block ends
    and rolled back when it fails. The write lock is taken before the log is found empty, so no
    command can slip in between. Read models keyed to the log's aggregates (the deadline index,
    snapshots) are cleared in the same transaction: they are rebuilt from the restored log."""
    try:
        connection = sqlite3.connect(path, isolation_level=None, timeout=30)
    except sqlite3.Error as error:
        raise StoreUnavailable(f"SQLite store: {error}") from None
    with closing(connection):
        try:
            cursor = connection.cursor()
            cursor.execute("BEGIN IMMEDIATE")
            (head,) = cursor.execute(f"SELECT max(rowid) FROM {table}").fetchone()
            if head is not None:
                raise StoreNotEmpty(store=display, head=int(head))
            cursor.execute("DELETE FROM deadlines")
            cursor.execute("DELETE FROM snapshots")

            def append(entries: Sequence[Entry]) -> None:
                cursor.executemany(
                    f"INSERT INTO {table} (rowid, originator_id, originator_version, topic, "
                    "state, chain_hash) VALUES (?, ?, ?, ?, ?, ?)",
                    [
                        (
                            e.position,
                            e.originator_id.hex,  # the one spelling the library looks up by
                            e.version,
                            e.topic,
                            e.state,
                            e.chain_hash,
                        )
                        for e in entries
                    ],
                )

            yield append
            cursor.execute("COMMIT")
        except sqlite3.Error as error:
            raise StoreUnavailable(f"SQLite store: {error}") from None
        finally:
            if connection.in_transaction:
                connection.rollback()
