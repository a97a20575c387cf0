"""The `snapshots` table: aggregate states by version, a cache that loading may use."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import attrs
import orjson

from application.kinds import AggregateKind
from application.snapshots import Snapshot
from infrastructure.serialisation.codec import DecodeError, decode_attrs, to_primitive
from infrastructure.sql.database import Database


class SqlSnapshots:
    """Snapshots in the store's own database, written with the codec the log uses."""

    def __init__(self, database: Database) -> None:
        self._database = database

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
            document = orjson.loads(state) if isinstance(state, str | bytes) else state
            decoded: Any = decode_attrs(kind.state_class, document)
        except (DecodeError, orjson.JSONDecodeError, KeyError, TypeError):
            return None  # unreadable (an older format): replay from the events instead
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
                    orjson.dumps(to_primitive(snapshot.state)).decode(),
                    snapshot.last_occurred_at,
                ),
            )

    def all(self) -> list[StoredSnapshot]:
        """Every snapshot row as stored, undecoded, for `audit verify` to check."""
        rows = self._database.query(
            "SELECT aggregate_id, version, aggregate_type, state_version, state, last_occurred_at"
            " FROM snapshots ORDER BY aggregate_id, version"
        )
        return [
            StoredSnapshot(
                aggregate_id=row[0] if isinstance(row[0], UUID) else UUID(str(row[0])),
                version=int(row[1]),
                aggregate_type=str(row[2]),
                state_version=int(row[3]),
                state=_json(row[4]),
                last_occurred_at=_instant(row[5]),
            )
            for row in rows
        ]


@attrs.frozen(kw_only=True)
class StoredSnapshot:
    """A snapshot row as stored: its state as the JSON value it holds (None if not JSON)."""

    aggregate_id: UUID
    version: int
    aggregate_type: str
    state_version: int
    state: Any
    last_occurred_at: datetime | None


def _json(value: Any) -> Any:
    if not isinstance(value, str | bytes):
        return value
    try:
        return orjson.loads(value)
    except orjson.JSONDecodeError:
        return None


def _instant(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))
