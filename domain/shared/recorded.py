"""A domain event as the log holds it: the fact plus who, which command, and when it was stored."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import attrs

from domain.shared.actor import Actor
from domain.shared.events import Event


@attrs.frozen(kw_only=True)
class Recorded:
    """One stored event: its aggregate and version, the command that caused it, both times.

    `occurred_at` (business time) and the actor live on the event itself; `recorded_at` comes
    from the clock of the process that stored it and nobody can set it.
    """

    originator_id: UUID
    originator_version: int
    recorded_at: datetime
    event: Event
    command_id: UUID
    correlation_id: UUID
    causation_id: UUID | None = None
    reason: str | None = None

    @property
    def aggregate_type(self) -> str:
        return self.event.aggregate_type

    @property
    def event_type(self) -> str:
        return self.event.type_name()

    @property
    def occurred_at(self) -> datetime:
        return self.event.occurred_at

    @property
    def actor(self) -> Actor:
        return self.event.actor
