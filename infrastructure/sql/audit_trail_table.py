"""Auditors' queries over the `audit_trail` read model (projections/audit_trail.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import attrs
import orjson

from infrastructure.sql.database import Database
from infrastructure.sql.projection_view import sqlite_time

_COLUMNS = (
    "position, recorded_at, occurred_at, aggregate_type, aggregate_id, version, event_type,"
    " actor_id, actor_roles, actor_department, command_id, correlation_id, causation_id,"
    " reason, payload"
)


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


def _entries(rows: list[tuple[Any, ...]]) -> list[TrailEntry]:
    return [
        TrailEntry(
            position=row[0],
            recorded_at=_text_time(row[1]),
            occurred_at=_text_time(row[2]),
            aggregate_type=row[3],
            aggregate_id=str(row[4]),
            version=row[5],
            event_type=row[6],
            actor_id=row[7],
            actor_roles=row[8],
            actor_department=row[9],
            command_id=str(row[10]),
            correlation_id=str(row[11]),
            causation_id=str(row[12]) if row[12] is not None else None,
            reason=row[13],
            payload=orjson.loads(row[14]) if isinstance(row[14], str | bytes) else row[14],
        )
        for row in rows
    ]


def _text_time(value: Any) -> str:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment.astimezone(UTC).isoformat()


def _time_param(database: Database, moment: datetime) -> Any:
    return sqlite_time(moment) if database.dialect == "sqlite" else moment.astimezone(UTC)


def by_actor(
    database: Database, actor_id: str, *, start: datetime | None, end: datetime | None
) -> list[TrailEntry]:
    """Everything one actor did, in log order, optionally within a business-time range."""
    sql = f"SELECT {_COLUMNS} FROM audit_trail WHERE actor_id = %s"
    params: list[Any] = [actor_id]
    if start is not None:
        sql += " AND occurred_at >= %s"
        params.append(_time_param(database, start))
    if end is not None:
        sql += " AND occurred_at < %s"
        params.append(_time_param(database, end))
    return _entries(database.query(sql + " ORDER BY position", params))


def count(database: Database) -> int:
    """How many rows the trail holds."""
    return int(database.query("SELECT COUNT(*) FROM audit_trail")[0][0])
