"""The `snapshots` table: aggregate states by version, a cache that loading may use."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import attrs

from application.errors import PayloadKeyMissing
from application.kinds import AggregateKind
from application.snapshots import Snapshot
from infrastructure.serialisation.cipher import Keyring
from infrastructure.serialisation.codec import decode_attrs, to_primitive
from infrastructure.sql.database import Database
from infrastructure.sql.sealed_json import json_for_column, json_from_column


class SqlSnapshots:
    """Snapshots in the store's own database, written with the codec the log uses and sealed
    with the log's current key when one is set."""

    def __init__(self, database: Database, *, keyring: Keyring) -> None:
        self._database = database
        self._keyring = keyring

    def latest(
        self, kind: AggregateKind, aggregate_id: UUID, *, upto_version: int | None
    ) -> Snapshot | None:
        sql = (
            "SELECT version, state, last_occurred_at FROM snapshots"
            " WHERE aggregate_id = %s AND aggregate_type = %s AND state_version = %s"
        )
        params: list[Any] = [aggregate_id, kind.name, kind.state_version]
        if upto_version is not None:
            sql += " AND version <= %s"
            params.append(upto_version)
        rows = self._database.query(sql + " ORDER BY version DESC LIMIT 1", params)
        if not rows:
            return None
        version, state, last_occurred_at = rows[0]
        try:
            document, _ = json_from_column(self._keyring, state, dialect=self._database.dialect)
            decoded: Any = decode_attrs(kind.state_class, document)
        except (PayloadKeyMissing, ValueError, KeyError, TypeError):
            # Unreadable (an older format, a key not given, altered): the events decide.
            return None
        return Snapshot(
            aggregate_id=aggregate_id,
            version=int(version),
            state=decoded,
            last_occurred_at=_instant(last_occurred_at),
        )

    def save(self, kind: AggregateKind, snapshot: Snapshot) -> None:
        with self._database.transaction() as cursor:
            cursor.execute(
                "INSERT INTO snapshots (aggregate_id, version, aggregate_type, state_version,"
                " state, last_occurred_at) VALUES (%s, %s, %s, %s, %s, %s)"
                " ON CONFLICT (aggregate_id, version) DO NOTHING",
                (
                    snapshot.aggregate_id,
                    snapshot.version,
                    kind.name,
                    kind.state_version,
                    json_for_column(self._keyring, to_primitive(snapshot.state)),
                    snapshot.last_occurred_at,
                ),
            )

    def all(self) -> list[StoredSnapshot]:
        """Every snapshot row, its state opened but not decoded, for `audit verify` to check."""
        rows = self._database.query(
            "SELECT aggregate_id, version, aggregate_type, state_version, state, last_occurred_at"
            " FROM snapshots ORDER BY aggregate_id, version"
        )
        return [self._stored(row) for row in rows]

    def _stored(self, row: tuple[Any, ...]) -> StoredSnapshot:
        state, key_missing = None, None
        try:
            state, _ = json_from_column(self._keyring, row[4], dialect=self._database.dialect)
        except PayloadKeyMissing as error:
            key_missing = error
        except ValueError:  # not JSON, or sealed bytes that were altered: matches no replay
            pass
        return StoredSnapshot(
            aggregate_id=row[0] if isinstance(row[0], UUID) else UUID(str(row[0])),
            version=int(row[1]),
            aggregate_type=str(row[2]),
            state_version=int(row[3]),
            state=state,
            last_occurred_at=_instant(row[5]),
            key_missing=key_missing,
        )


@attrs.frozen(kw_only=True)
class StoredSnapshot:
    """A snapshot row as stored: its state as the JSON value it holds, opened if sealed (None
    if not JSON, or sealed with a key not given: `key_missing` then says which)."""

    aggregate_id: UUID
    version: int
    aggregate_type: str
    state_version: int
    state: Any
    last_occurred_at: datetime | None
    key_missing: PayloadKeyMissing | None = None


def _instant(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))
