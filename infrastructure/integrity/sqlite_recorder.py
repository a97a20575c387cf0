"""The SQLite log with a hash chain, written inside the insert's write transaction."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor, SQLiteDatastore

from infrastructure.integrity.chain import GENESIS, link


class ChainedSQLiteApplicationRecorder(SQLiteApplicationRecorder):
    """The library's SQLite application recorder with a `chain_hash` column.

    The rowid is the log position. The previous hash is read only after our first INSERT of the
    transaction holds the write lock, so concurrent writers cannot interleave the chain.
    """

    def __init__(
        self, datastore: SQLiteDatastore, events_table_name: str = "stored_events"
    ) -> None:
        super().__init__(datastore, events_table_name)
        self.insert_events_statement = (
            f"INSERT INTO {self.events_table_name} "
            "(originator_id, originator_version, topic, state) VALUES (?,?,?,?)"
        )

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

    def _insert_events(
        self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        positions = super()._insert_events(c, stored_events, **kwargs)
        if not positions:
            return positions
        c.execute(
            f"SELECT chain_hash FROM {self.events_table_name} "
            "WHERE rowid < ? ORDER BY rowid DESC LIMIT 1",
            (positions[0],),
        )
        row = c.fetchone()
        previous = bytes(row[0]) if row is not None and row[0] is not None else GENESIS
        links: list[tuple[bytes, int]] = []
        for position, event in zip(positions, stored_events, strict=True):
            originator_id = event.originator_id
            previous = link(
                previous,
                position=position,
                originator_id=originator_id
                if isinstance(originator_id, UUID)
                else UUID(str(originator_id)),
                originator_version=event.originator_version,
                topic=event.topic,
                state=event.state,
            )
            links.append((previous, position))
        c.executemany(f"UPDATE {self.events_table_name} SET chain_hash = ? WHERE rowid = ?", links)
        return positions
