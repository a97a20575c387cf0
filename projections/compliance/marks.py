"""What a rule remembers of one fact: when it happened in business time, and which logged event
it was. Facts are kept as plain JSON, so a rebuilt read model and the live one hold the same."""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypedDict

from projections.log import LogEntry


class Mark(TypedDict):
    """One fact: its business time (ISO 8601), its event type and its log position."""

    at: str
    by: str
    pos: int


def mark(entry: LogEntry) -> Mark:
    recorded = entry.recorded
    return {
        "at": recorded.occurred_at.isoformat(),
        "by": recorded.event_type,
        "pos": entry.position,
    }


def at(fact: Mark) -> datetime:
    return datetime.fromisoformat(fact["at"])


def instant(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def iso(value: datetime) -> str:
    return value.isoformat()


def later(first: Mark | None, second: Mark) -> Mark:
    """The later of two facts in business time (the second on a tie)."""
    if first is None or at(second) >= at(first):
        return second
    return first


Facts = dict[str, Any]
