"""The audit trail (DOMAIN §7): one row per business event, in log order, with both times."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import attrs

from domain.shared.events import Event
from projections.log import LogEntry

NAME = "audit_trail"

#: Streams that are not business events: the idempotency records of commands, and refused
#: commands (the security log, read by `audit security`).
NOT_AUDITED = frozenset({"command", "refusal"})


@attrs.frozen(kw_only=True)
class AuditRow:
    """One event as auditors read it: where in the log, what, to which record, by whom, when."""

    position: int
    recorded_at: datetime
    occurred_at: datetime
    aggregate_type: str
    aggregate_id: UUID
    version: int
    event_type: str
    actor_id: str
    actor_roles: tuple[str, ...]
    actor_department: str
    command_id: UUID
    correlation_id: UUID
    causation_id: UUID | None
    reason: str | None
    event: Event


def audit_row(entry: LogEntry) -> AuditRow | None:
    """The trail row for one logged event; None for bookkeeping that is not a business event."""
    recorded = entry.recorded
    if recorded.aggregate_type in NOT_AUDITED:
        return None
    return AuditRow(
        position=entry.position,
        recorded_at=recorded.recorded_at,
        occurred_at=recorded.occurred_at,
        aggregate_type=recorded.aggregate_type,
        aggregate_id=recorded.originator_id,
        version=recorded.originator_version,
        event_type=recorded.event_type,
        actor_id=recorded.actor.id,
        actor_roles=tuple(sorted(role.value for role in recorded.actor.roles)),
        actor_department=recorded.actor.department,
        command_id=recorded.command_id,
        correlation_id=recorded.correlation_id,
        causation_id=recorded.causation_id,
        reason=recorded.reason,
        event=recorded.event,
    )
