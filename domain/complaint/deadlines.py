"""The complaint SLA sweep: which deadlines an open complaint has passed at a given moment."""

from __future__ import annotations

from datetime import datetime

from domain.complaint.events import ComplaintEvent, ComplaintSlaBreached
from domain.complaint.state import Complaint
from domain.complaint.values import SlaKind, Status
from domain.shared.actor import Actor, Role
from domain.shared.errors import Forbidden


def running(complaint: Complaint) -> dict[SlaKind, datetime]:
    """Deadlines that still run and were not yet reported: acknowledgement until acknowledged,
    resolution while open and neither resolved nor paused (paused time added back)."""
    found: dict[SlaKind, datetime] = {}
    if SlaKind.ACKNOWLEDGEMENT not in complaint.breaches and complaint.acknowledged_at is None:
        found[SlaKind.ACKNOWLEDGEMENT] = complaint.acknowledge_due
    due = complaint.effective_resolution_due
    if (
        SlaKind.RESOLUTION not in complaint.breaches
        and due is not None
        and complaint.is_open
        and complaint.status not in (Status.RESOLVED, Status.PAUSED)
    ):
        found[SlaKind.RESOLUTION] = due
    return found


def overdue(complaint: Complaint, *, now: datetime) -> list[SlaKind]:
    """Deadlines passed and not yet reported: unacknowledged past the acknowledgement deadline,
    unresolved past the resolution deadline (paused time added back; never while paused)."""
    return [which for which, due in running(complaint).items() if now > due]


def next_deadline(complaint: Complaint) -> datetime | None:
    """When the sweep next needs to look at this complaint; None while no deadline runs."""
    return min(running(complaint).values(), default=None)


def sweep(
    complaint: Complaint, *, actor: Actor, now: datetime, dated: datetime | None = None
) -> list[ComplaintEvent]:
    """The deadline sweep reports each breach exactly once, when it is first noticed: deadlines
    are judged at `now`; the breach is dated `dated` (default `now`)."""
    if not actor.holds(Role.SYSTEM):
        raise Forbidden("only the system actor runs the deadline sweep")
    events: list[ComplaintEvent] = []
    for which in overdue(complaint, now=now):
        deadline = (
            complaint.acknowledge_due
            if which is SlaKind.ACKNOWLEDGEMENT
            else complaint.effective_resolution_due
        )
        if deadline is None:  # overdue() only reports deadlines that exist
            continue
        events.append(
            ComplaintSlaBreached(
                occurred_at=dated or now, actor=actor, which=which, deadline=deadline
            )
        )
    return events
