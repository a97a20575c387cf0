"""Auditors' queries over the `audit_trail` read model (projections/audit_trail.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import attrs

from infrastructure.serialisation.cipher import Keyring
from infrastructure.sql.database import Database
from infrastructure.sql.projection_view import read_row, writer
from projections.audit_trail import TRAIL

_COLUMNS = ", ".join(column.name for column in TRAIL.columns)


@attrs.frozen(kw_only=True)
class TrailEntry:
    """One audit-trail row as read back."""

    position: int
    recorded_at: str
    occurred_at: str
    aggregate_type: str
    aggregate_id: str
    version: int
    event_type: str
    actor_id: str
    actor_roles: str
    actor_department: str
    command_id: str
    correlation_id: str
    causation_id: str | None
    reason: str | None
    payload: dict[str, Any]


def _entry(row: dict[str, Any]) -> TrailEntry:
    causation_id = row["causation_id"]
    return TrailEntry(
        position=row["position"],
        recorded_at=row["recorded_at"].isoformat(),
        occurred_at=row["occurred_at"].isoformat(),
        aggregate_type=row["aggregate_type"],
        aggregate_id=str(row["aggregate_id"]),
        version=row["version"],
        event_type=row["event_type"],
        actor_id=row["actor_id"],
        actor_roles=row["actor_roles"],
        actor_department=row["actor_department"],
        command_id=str(row["command_id"]),
        correlation_id=str(row["correlation_id"]),
        causation_id=str(causation_id) if causation_id is not None else None,
        reason=row["reason"],
        payload=row["payload"],
    )


def _time_param(database: Database, moment: datetime) -> Any:
    return writer(database.dialect, "time")(moment)


def by_actor(
    database: Database,
    actor_id: str,
    *,
    keyring: Keyring,
    start: datetime | None,
    end: datetime | None,
) -> list[TrailEntry]:
    """Everything one actor did, in log order, optionally within a business-time range; the
    reasons and payloads stored encrypted are opened with `keyring`."""
    sql = f"SELECT {_COLUMNS} FROM audit_trail WHERE actor_id = %s"
    params: list[Any] = [actor_id]
    if start is not None:
        sql += " AND occurred_at >= %s"
        params.append(_time_param(database, start))
    if end is not None:
        sql += " AND occurred_at < %s"
        params.append(_time_param(database, end))
    rows = database.query(sql + " ORDER BY position", params)
    return [_entry(read_row(database.dialect, TRAIL, row, keyring=keyring)) for row in rows]


def count(database: Database) -> int:
    """How many rows the trail holds."""
    return int(database.query("SELECT COUNT(*) FROM audit_trail")[0][0])
