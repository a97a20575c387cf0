"""The legacy `security_log` table: refusals written before they were entries of the chained
log. It is no longer written; auditors still read its rows beside the chained ones."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import attrs
import orjson

from infrastructure.sql.database import Database

#: Rows read at a time.
PAGE = 1000


@attrs.frozen(kw_only=True)
class SecurityLogEntry:
    """One refused command as auditors read it: when, who, what, and why. `position` is its
    place in the chained log; a refusal of the legacy table has `legacy_id` instead."""

    at: datetime
    actor_id: str | None
    actor_roles: str
    actor_department: str | None
    command_type: str | None
    command_id: str | None
    aggregate_id: str | None
    code: str
    message: str
    details: dict[str, Any]
    excerpt: str | None = None
    line_sha256: str | None = None
    line_bytes: int | None = None
    position: int | None = None
    legacy_id: int | None = None


def legacy_entries(database: Database) -> Iterator[SecurityLogEntry]:
    """Every row of the legacy table, in the order written, read a page at a time."""
    last = -1
    while True:
        rows = database.query(
            "SELECT id, at, actor_id, actor_roles, actor_department, command_type, command_id,"
            " aggregate_id, code, message, details FROM security_log WHERE id > %s"
            " ORDER BY id LIMIT %s",
            (last, PAGE),
        )
        yield from (_entry(row) for row in rows)
        if len(rows) < PAGE:
            return
        last = rows[-1][0]


def _entry(row: tuple[Any, ...]) -> SecurityLogEntry:
    details = row[10]
    return SecurityLogEntry(
        legacy_id=row[0],
        at=_instant(row[1]),
        actor_id=row[2],
        actor_roles=row[3],
        actor_department=row[4],
        command_type=row[5],
        command_id=row[6],
        aggregate_id=None if row[7] is None else str(row[7]),
        code=row[8],
        message=row[9],
        details=orjson.loads(details) if isinstance(details, str | bytes) else details,
    )


def _instant(value: Any) -> datetime:
    """A stored time as an aware instant (SQLite keeps ISO 8601 text)."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
