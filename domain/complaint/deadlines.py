"""The complaint SLA sweep: which deadlines an open complaint has passed at a given moment."""

from __future__ import annotations

from datetime import datetime

from domain.complaint.events import ComplaintEvent, ComplaintSlaBreached
from domain.complaint.state import Complaint
from domain.complaint.values import SlaKind, Status
from domain.shared.actor import Actor, Role
from domain.shared.errors import Forbidden


def overdue(complaint: Complaint, *, now: datetime) -> list[SlaKind]:
    """Deadlines passed and not yet reported: unacknowledged past the acknowledgement deadline,
    unresolved past the resolution deadline (paused time added back; never while paused)."""
    found: list[SlaKind] = []
    if (
        SlaKind.ACKNOWLEDGEMENT not in complaint.breaches
        and complaint.acknowledged_at is None
        and now > complaint.acknowledge_due
    ):
        found.append(SlaKind.ACKNOWLEDGEMENT)
    due = complaint.effective_resolution_due
    if (
        SlaKind.RESOLUTION not in complaint.breaches
        and due is not None
        and complaint.is_open
        and complaint.status not in (Status.RESOLVED, Status.PAUSED)
        and now > due
    ):
        found.append(SlaKind.RESOLUTION)
    return found


def sweep(complaint: Complaint, *, actor: Actor, now: datetime) -> list[ComplaintEvent]:
    """The deadline sweep reports each breach exactly once, when it is first noticed."""
    if not actor.holds(Role.SYSTEM):
        raise Forbidden("only the system actor runs the deadline sweep")
    deadlines = {
        SlaKind.ACKNOWLEDGEMENT: complaint.acknowledge_due,
        SlaKind.RESOLUTION: complaint.effective_resolution_due,
    }
    events: list[ComplaintEvent] = []
    for which in overdue(complaint, now=now):
        deadline = deadlines[which]
        assert deadline is not None  # overdue() only reports deadlines that exist
        events.append(
            ComplaintSlaBreached(occurred_at=now, actor=actor, which=which, deadline=deadline)
        )
    return events
