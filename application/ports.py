"""Ports the command side needs from the outside: a clock and the deadline index."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol
from uuid import UUID

import attrs


class Clock(Protocol):
    """Where the current instant comes from; tests freeze it."""

    def now(self) -> datetime:
        """The current instant, timezone-aware (UTC)."""
        ...


@attrs.frozen(kw_only=True)
class Deadline:
    """When an aggregate next needs the deadline sweep to look at it; `due_at` None: never, as
    things stand (no deadline runs)."""

    aggregate_id: UUID
    aggregate_type: str
    due_at: datetime | None


class DeadlineIndex(Protocol):
    """The aggregates with a deadline running, kept in step with the log by every append."""

    def due(self, now: datetime) -> list[Deadline]:
        """Every entry due at or before `now`, soonest first."""
        ...

    def correct(self, stale: Deadline, current: Deadline) -> None:
        """Replace `stale` by what the aggregate's state now says, unless an append moved the
        entry meanwhile."""
        ...

    def fill(self, entries: list[Deadline]) -> None:
        """Add entries for aggregates the index does not know yet (a log older than it)."""
        ...
