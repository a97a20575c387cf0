"""The SQLite log with a hash chain, written inside the insert's write transaction."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor

from infrastructure.integrity.chain import GENESIS, link
from infrastructure.sql.deadlines_table import move_deadlines


class ChainedSQLiteApplicationRecorder(SQLiteApplicationRecorder):
    """The library's SQLite application recorder with a `chain_hash` column.

    The rowid is the log position. The head of the log is read only once the transaction holds
    the write lock, so concurrent writers cannot interleave the chain; each event is inserted
    with its position and its link in one statement.
    """

    def construct_create_table_statements(self) -> list[str]:
        return [
            "CREATE TABLE IF NOT EXISTS "
            f"{self.events_table_name} ("
            "originator_id TEXT, "
            "originator_version INTEGER, "
            "topic TEXT, "
            "state BLOB, "
            "chain_hash BLOB, "
            "PRIMARY KEY "
            "(originator_id, originator_version))"
        ]

    def _create_table(self, c: SQLiteCursor) -> None:
        super()._create_table(c)
        # A log created before the chain existed gets the column; its old rows stay unchained,
        # and `audit verify` reports them rather than vouching for them.
        c.execute(f"PRAGMA table_info({self.events_table_name})")
        if "chain_hash" not in {row[1] for row in c.fetchall()}:
            c.execute(f"ALTER TABLE {self.events_table_name} ADD COLUMN chain_hash BLOB")

    def position_of(self, originator_id: UUID, originator_version: int) -> int | None:
        """The log position of one stored event, if it is there."""
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                f"SELECT rowid FROM {self.events_table_name} "
                "WHERE originator_id = ? AND originator_version = ?",
                (originator_id.hex, originator_version),
            )
            row = c.fetchone()
        return None if row is None else int(row[0])

    def _insert_events(
        self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        if not stored_events:
            return []
        table = self.events_table_name
        # A write that changes nothing takes the file's write lock, so no other writer can add
        # to the log between reading its head and inserting after it.
        c.execute(f"UPDATE {table} SET chain_hash = chain_hash WHERE 0")
        c.execute(f"SELECT rowid, chain_hash FROM {table} ORDER BY rowid DESC LIMIT 1")
        head = c.fetchone()
        position = int(head[0]) if head is not None else 0
        previous = bytes(head[1]) if head is not None and head[1] is not None else GENESIS
        rows: list[tuple[int, str, int, str, bytes, bytes]] = []
        for event in stored_events:
            position += 1
            originator_id = event.originator_id
            uuid = originator_id if isinstance(originator_id, UUID) else UUID(str(originator_id))
            previous = link(
                previous,
                position=position,
                originator_id=uuid,
                originator_version=event.originator_version,
                topic=event.topic,
                state=event.state,
            )
            rows.append(
                (position, uuid.hex, event.originator_version, event.topic, event.state, previous)
            )
        c.executemany(
            f"INSERT INTO {table} (rowid, originator_id, originator_version, topic, state, "
            "chain_hash) VALUES (?, ?, ?, ?, ?, ?)",
            rows,
        )
        move_deadlines(c, kwargs.get("deadlines", ()))
        return [row[0] for row in rows]
