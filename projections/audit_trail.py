"""The audit trail (DOMAIN §7): one row per business event, in log order, with both times."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs

from projections.log import LogEntry
from projections.plugin import Column, Table, View

#: Streams that are not business events: the idempotency records of commands, and refused
#: commands (the security log, read by `audit security`).
NOT_AUDITED = frozenset({"command", "refusal"})

#: Event fields that have columns of their own, left out of the payload.
_IN_COLUMNS = ("occurred_at", "actor")

TRAIL = Table(
    name="audit_trail",
    columns=(
        Column("position", "integer", nullable=False),
        Column("recorded_at", "time", nullable=False),
        Column("occurred_at", "time", nullable=False),
        Column("aggregate_type", "text", nullable=False),
        Column("aggregate_id", "uuid", nullable=False),
        Column("version", "integer", nullable=False),
        Column("event_type", "text", nullable=False),
        Column("actor_id", "text", nullable=False),
        Column("actor_roles", "text", nullable=False),
        Column("actor_department", "text", nullable=False),
        Column("command_id", "uuid", nullable=False),
        Column("correlation_id", "uuid", nullable=False),
        Column("causation_id", "uuid"),
        Column("reason", "text", sealed_in="payload"),
        Column("payload", "json", nullable=False, sealed=True),
    ),
    key=("position",),
    indexes=(
        ("actor_id", "occurred_at"),
        ("occurred_at",),
        ("event_type", "occurred_at"),
        ("aggregate_id", "version"),
    ),
)


def audit_row(entry: LogEntry) -> dict[str, Any] | None:
    """The trail row for one logged event; None for bookkeeping that is not a business event.
    The payload is the event's own fields, as the log stores them."""
    recorded = entry.recorded
    if recorded.aggregate_type in NOT_AUDITED:
        return None
    payload = attrs.asdict(recorded.event, recurse=False)
    for name in _IN_COLUMNS:
        del payload[name]
    return {
        "position": entry.position,
        "recorded_at": recorded.recorded_at,
        "occurred_at": recorded.occurred_at,
        "aggregate_type": recorded.aggregate_type,
        "aggregate_id": recorded.originator_id,
        "version": recorded.originator_version,
        "event_type": recorded.event_type,
        "actor_id": recorded.actor.id,
        "actor_roles": ",".join(sorted(role.value for role in recorded.actor.roles)),
        "actor_department": recorded.actor.department,
        "command_id": recorded.command_id,
        "correlation_id": recorded.correlation_id,
        "causation_id": recorded.causation_id,
        "reason": recorded.reason,
        "payload": payload,
    }


@attrs.frozen
class AuditTrail:
    """Every business event of the log, for auditors' queries by actor, time, type or record."""

    name: str = "audit_trail"
    version: int = 1
    topics: frozenset[str] | None = None
    tables: tuple[Table, ...] = (TRAIL,)

    def apply(self, view: View, page: Sequence[LogEntry]) -> None:
        for entry in page:
            row = audit_row(entry)
            if row is not None:
                view.put(TRAIL.name, row)
