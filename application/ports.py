"""Ports the command side needs from the outside: a clock and the security log."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

import attrs


class Clock(Protocol):
    """Where the current instant comes from; tests freeze it."""

    def now(self) -> datetime:
        """The current instant, timezone-aware (UTC)."""
        ...


@attrs.frozen(kw_only=True)
class Refusal:
    """A refused command as the security log keeps it: who, what, when and why."""

    at: datetime
    actor_id: str | None
    actor_roles: tuple[str, ...]
    actor_department: str | None
    command_type: str | None
    command_id: str | None
    aggregate_id: UUID | None
    code: str
    message: str
    details: dict[str, Any]


class SecurityLog(Protocol):
    """Append-only record of refused commands that auditors can read."""

    def record(self, refusal: Refusal) -> None:
        """Keep one refusal; it is never changed or removed."""
        ...
