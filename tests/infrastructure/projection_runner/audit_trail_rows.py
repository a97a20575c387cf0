"""The audit trail read back with both stores' column types made alike, and keys to compare."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import orjson

from infrastructure.opsledger import Opsledger
from infrastructure.projection_runner import ProjectionRunner
from tests.infrastructure.projection_runner.complaint_log import business_events

COLUMNS = (
    "position",
    "recorded_at",
    "occurred_at",
    "aggregate_type",
    "aggregate_id",
    "version",
    "event_type",
    "actor_id",
    "actor_roles",
    "actor_department",
    "command_id",
    "correlation_id",
    "causation_id",
    "reason",
    "payload",
)


def _time(value: Any) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def _uuid(value: Any) -> UUID | None:
    return None if value is None else UUID(str(value))


def trail(ledger: Opsledger) -> list[dict[str, Any]]:
    """Every audit-trail row in position order, with the two stores' column types made alike:
    times as UTC datetimes, ids as UUIDs, the payload as a dict."""
    rows = ledger.database.query(f"SELECT {', '.join(COLUMNS)} FROM audit_trail ORDER BY position")
    result = []
    for row in rows:
        values = dict(zip(COLUMNS, row, strict=True))
        values["recorded_at"] = _time(values["recorded_at"]).astimezone(UTC)
        values["occurred_at"] = _time(values["occurred_at"]).astimezone(UTC)
        for name in ("aggregate_id", "command_id", "correlation_id", "causation_id"):
            values[name] = _uuid(values[name])
        payload = values["payload"]
        values["payload"] = orjson.loads(payload) if isinstance(payload, str | bytes) else payload
        result.append(values)
    return result


def keys(rows: Sequence[dict[str, Any]]) -> list[tuple[int, UUID, int, str]]:
    return [(r["position"], r["aggregate_id"], r["version"], r["event_type"]) for r in rows]


def expected_keys(ledger: Opsledger) -> list[tuple[int, UUID, int, str]]:
    return [
        (e.position, e.recorded.originator_id, e.recorded.originator_version, e.recorded.event_type)
        for e in business_events(ledger)
    ]


def runner(ledger: Opsledger, *, page_size: int = 1000) -> ProjectionRunner:
    return ProjectionRunner(ledger=ledger.ledger, database=ledger.database, page_size=page_size)
