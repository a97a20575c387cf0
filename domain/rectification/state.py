"""A rectification as its events have made it, and `evolve`, which folds one more event in."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

import attrs

from domain.rectification.events import (
    RectificationAcknowledged,
    RectificationClosed,
    RectificationDeadlineExtended,
    RectificationEvent,
    RectificationIssued,
    RectificationOverdue,
    RectificationRejected,
    RectificationStarted,
    RectificationSubmitted,
    RectificationVerified,
)
from domain.rectification.values import Severity, Status


@attrs.frozen(kw_only=True)
class Rectification:
    """The state of one rectification notice, rebuilt from its events."""

    id: UUID
    #: The department whose process was found wanting; its head may acknowledge the notice.
    department: str
    process: str
    finding: str
    severity: Severity
    #: The person who must put the finding right, whatever roles they hold.
    responsible_id: str
    related_id: str | None
    #: The supervisor who issued the notice.
    issuer_id: str
    issued_at: datetime
    #: The due date in force (moved by extensions).
    due_on: date
    #: The first instant after `due_on` in the company's time zone.
    deadline: datetime
    #: The business time of the latest event: nothing that follows is dated before it.
    last_event_at: datetime
    status: Status = Status.ISSUED
    acknowledged_at: datetime | None = None
    #: The latest plan, submission and verification notes.
    plan: str | None = None
    actions_taken: str | None = None
    evidence: str | None = None
    verification_notes: str | None = None
    submissions: int = 0
    rejections: int = 0
    extensions: int = 0
    verifier_id: str | None = None
    verified_at: datetime | None = None
    closed_at: datetime | None = None
    #: Every due date the sweep has reported overdue, in the order reported.
    overdue_due_dates: tuple[date, ...] = ()

    @property
    def overdue_reported(self) -> bool:
        """The due date now in force was already reported overdue."""
        return self.due_on in self.overdue_due_dates


def evolve(rectification: Rectification | None, event: RectificationEvent) -> Rectification:
    """Fold one stored event into the rectification. Accepts every event ever stored; never
    refuses."""
    if isinstance(event, RectificationIssued):
        return Rectification(
            id=event.rectification_id,
            department=event.department,
            process=event.process,
            finding=event.finding,
            severity=event.severity,
            responsible_id=event.responsible_id,
            related_id=event.related_id,
            issuer_id=event.actor.id,
            issued_at=event.occurred_at,
            due_on=event.due_on,
            deadline=event.deadline,
            last_event_at=event.occurred_at,
        )
    if rectification is None:
        raise ValueError(f"{type(event).__name__} cannot start a rectification's history")
    return _evolve_existing(
        attrs.evolve(
            rectification, last_event_at=max(rectification.last_event_at, event.occurred_at)
        ),
        event,
    )


def _evolve_existing(r: Rectification, event: RectificationEvent) -> Rectification:
    match event:
        case RectificationAcknowledged():
            return attrs.evolve(r, status=Status.ACKNOWLEDGED, acknowledged_at=event.occurred_at)
        case RectificationStarted():
            return attrs.evolve(r, status=Status.RECTIFYING, plan=event.plan)
        case RectificationSubmitted():
            return attrs.evolve(
                r,
                status=Status.SUBMITTED,
                actions_taken=event.actions_taken,
                evidence=event.evidence,
                submissions=r.submissions + 1,
            )
        case RectificationVerified():
            return attrs.evolve(
                r,
                status=Status.VERIFIED,
                verification_notes=event.notes,
                verifier_id=event.actor.id,
                verified_at=event.occurred_at,
            )
        case RectificationRejected():
            return attrs.evolve(
                r,
                status=Status.RECTIFYING,
                verification_notes=event.notes,
                rejections=r.rejections + 1,
            )
        case RectificationDeadlineExtended():
            return attrs.evolve(
                r,
                due_on=event.new_due_on,
                deadline=event.new_deadline,
                extensions=r.extensions + 1,
            )
        case RectificationClosed():
            return attrs.evolve(r, status=Status.CLOSED, closed_at=event.occurred_at)
        case RectificationOverdue():
            if event.due_on in r.overdue_due_dates:
                return r
            return attrs.evolve(r, overdue_due_dates=(*r.overdue_due_dates, event.due_on))
    return r
