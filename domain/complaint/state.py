"""A complaint as its events have made it, and `evolve`, which folds one more event into it."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

import attrs

from domain.complaint.events import (
    ComplaintAcknowledged,
    ComplaintAssigned,
    ComplaintClassified,
    ComplaintClosed,
    ComplaintClosedUnresolved,
    ComplaintEscalated,
    ComplaintEvent,
    ComplaintPaused,
    ComplaintReceived,
    ComplaintReopened,
    ComplaintResumed,
    ComplaintSlaBreached,
    CustomerDissatisfied,
    CustomerSatisfied,
    InvestigationRecorded,
    ResolutionProposed,
)
from domain.complaint.values import Category, Channel, Severity, SlaKind, Status, WaitingFor


@attrs.frozen(kw_only=True)
class Complaint:
    """The state of one customer complaint, rebuilt from its events."""

    id: UUID
    customer_id: str
    channel: Channel
    summary: str
    remedy_sought: str
    order_id: str | None
    received_at: datetime
    received_by: str
    acknowledge_due: datetime
    status: Status = Status.RECEIVED
    acknowledged_at: datetime | None = None
    category: Category | None = None
    severity: Severity | None = None
    classified_at: datetime | None = None
    resolution_due: datetime | None = None
    department: str | None = None
    assignee_id: str | None = None
    investigation_recorded: bool = False
    resolution_proposed: bool = False
    paused_from: Status | None = None
    paused_at: datetime | None = None
    waiting_for: WaitingFor | None = None
    #: Seconds the resolution clock stood still after classification: paused, or resolved or
    #: closed until a reopening. They are added back to the resolution deadline.
    paused_seconds_after_classification: int = 0
    satisfied_at: datetime | None = None
    csat: int | None = None
    closed_at: datetime | None = None
    escalation_level: int = 0
    reopen_count: int = 0
    breaches: frozenset[SlaKind] = frozenset()

    @property
    def is_open(self) -> bool:
        """Open: not closed, whether satisfied or closed unresolved."""
        return not self.status.is_closed

    @property
    def effective_resolution_due(self) -> datetime | None:
        """The resolution deadline with paused time added back; None before classification."""
        if self.resolution_due is None:
            return None
        return self.resolution_due + timedelta(seconds=self.paused_seconds_after_classification)


def evolve(complaint: Complaint | None, event: ComplaintEvent) -> Complaint:
    """Fold one stored event into the complaint. Accepts every event ever stored; never refuses."""
    if isinstance(event, ComplaintReceived):
        return Complaint(
            id=event.complaint_id,
            customer_id=event.customer_id,
            channel=event.channel,
            summary=event.summary,
            remedy_sought=event.remedy_sought,
            order_id=event.order_id,
            received_at=event.occurred_at,
            received_by=event.actor.id,
            acknowledge_due=event.acknowledge_due,
        )
    if complaint is None:
        raise ValueError(f"{type(event).__name__} cannot start a complaint's history")
    return _evolve_existing(complaint, event)


def _evolve_existing(c: Complaint, event: ComplaintEvent) -> Complaint:
    match event:
        case ComplaintAcknowledged():
            return attrs.evolve(c, status=Status.ACKNOWLEDGED, acknowledged_at=event.occurred_at)
        case ComplaintClassified():
            status = Status.CLASSIFIED if c.status is Status.ACKNOWLEDGED else c.status
            return attrs.evolve(
                c,
                status=status,
                category=event.category,
                severity=event.severity,
                classified_at=c.classified_at or event.occurred_at,
                resolution_due=event.resolution_due,
            )
        case ComplaintAssigned():
            return attrs.evolve(
                c,
                status=Status.ASSIGNED,
                department=event.department,
                assignee_id=event.assignee_id,
            )
        case InvestigationRecorded():
            return attrs.evolve(c, status=Status.INVESTIGATING, investigation_recorded=True)
        case ComplaintPaused():
            return attrs.evolve(
                c,
                status=Status.PAUSED,
                paused_from=c.status,
                paused_at=event.occurred_at,
                waiting_for=event.waiting_for,
            )
        case ComplaintResumed():
            counted = event.paused_seconds if c.classified_at is not None else 0
            return attrs.evolve(
                c,
                status=c.paused_from or Status.INVESTIGATING,
                paused_from=None,
                paused_at=None,
                waiting_for=None,
                paused_seconds_after_classification=c.paused_seconds_after_classification + counted,
            )
        case ResolutionProposed():
            return attrs.evolve(c, status=Status.RESOLUTION_PROPOSED, resolution_proposed=True)
        case CustomerSatisfied():
            return attrs.evolve(
                c, status=Status.RESOLVED, satisfied_at=event.occurred_at, csat=event.csat
            )
        case CustomerDissatisfied():
            return attrs.evolve(c, status=Status.INVESTIGATING, csat=event.csat)
        case ComplaintClosed():
            return attrs.evolve(c, status=Status.CLOSED, closed_at=event.occurred_at)
        case ComplaintClosedUnresolved():
            # Closed while paused: the pause ends here, and its time counts as paused time.
            return attrs.evolve(
                _end_pause(c, event.occurred_at),
                status=Status.CLOSED_UNRESOLVED,
                closed_at=event.occurred_at,
            )
        case ComplaintReopened():
            # The resolution clock stood still from resolution (or closing) until the reopening.
            stopped_at = c.satisfied_at or c.closed_at
            stopped = 0
            if c.classified_at is not None and stopped_at is not None:
                stopped = max(0, int((event.occurred_at - stopped_at).total_seconds()))
            return attrs.evolve(
                c,
                status=Status.INVESTIGATING,
                closed_at=None,
                satisfied_at=None,
                reopen_count=c.reopen_count + 1,
                paused_seconds_after_classification=c.paused_seconds_after_classification + stopped,
            )
        case ComplaintEscalated():
            return attrs.evolve(c, escalation_level=max(c.escalation_level, event.level))
        case ComplaintSlaBreached():
            return attrs.evolve(c, breaches=c.breaches | {event.which})
    return c


def _end_pause(c: Complaint, at: datetime) -> Complaint:
    if c.status is not Status.PAUSED or c.paused_at is None:
        return c
    paused = max(0, int((at - c.paused_at).total_seconds())) if c.classified_at else 0
    return attrs.evolve(
        c,
        paused_from=None,
        paused_at=None,
        waiting_for=None,
        paused_seconds_after_classification=c.paused_seconds_after_classification + paused,
    )
