"""Instants in a KPI family's JSON facts: ISO text, so the facts read back the same from a SQL
store and from memory."""

from __future__ import annotations

from datetime import UTC, datetime


def stamp(at: datetime) -> str:
    """An instant as kept in JSON facts: ISO 8601 in UTC."""
    return at.astimezone(UTC).isoformat()


def instant(text: str) -> datetime:
    """An instant kept by `stamp`, as an aware datetime."""
    return datetime.fromisoformat(text)


def before(at: datetime | None, end: datetime) -> bool:
    """Whether something that happened at `at` (None: not yet) had happened before `end`."""
    return at is not None and at < end
