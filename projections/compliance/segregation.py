"""SEGREGATION_OF_DUTIES (DOMAIN §1, §7): every maker-checker attempt that was refused is a
finding about the record it was aimed at, recorded when it was refused; it never closes (it is a
record of the attempt), so it counts in the period it happened in and no other."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import attrs

from projections.compliance.findings import Breach, Rule
from projections.log import LogEntry

#: The refusal code of a maker-checker attempt.
CODE = "segregation_of_duties"

#: The security log's entries in the chained log (DOMAIN §1).
REFUSAL_TOPIC = "CommandRefused"


@attrs.frozen(kw_only=True)
class Attempt:
    """A refused maker-checker attempt: on which record, by whom, when."""

    subject_id: UUID
    subject_type: str
    at: datetime
    actor_id: str | None
    actor_department: str | None
    command_type: str | None
    position: int


def attempt_in(entry: LogEntry) -> Attempt | None:
    """The maker-checker attempt a `CommandRefused` entry of the chained log records, if it is
    one. Read by field name: the refusal event is the command side's, which this projection
    may not import."""
    if entry.recorded.event_type != REFUSAL_TOPIC:
        return None
    event = entry.recorded.event
    subject_id = getattr(event, "aggregate_id", None)
    if getattr(event, "code", None) != CODE or not isinstance(subject_id, UUID):
        return None
    command_type = getattr(event, "command_type", None)
    return Attempt(
        subject_id=subject_id,
        subject_type=kind_of(command_type),
        at=entry.recorded.occurred_at,
        actor_id=getattr(event, "actor_id", None),
        actor_department=getattr(event, "actor_department", None),
        command_type=command_type,
        position=entry.position,
    )


def kind_of(command_type: str | None) -> str:
    """The kind of record a command is about: `budget` for `budget.approve`."""
    return (command_type or "unknown").partition(".")[0]


def breach_of(attempt: Attempt) -> Breach:
    return Breach(
        rule=Rule.SEGREGATION_OF_DUTIES,
        occurrence=str(attempt.position),
        severity="high",
        opened_at=attempt.at,
        detail=f"{attempt.command_type} by {attempt.actor_id} refused: maker-checker",
        recorded=True,
    )
