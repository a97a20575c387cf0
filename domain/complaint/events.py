"""Facts of complaint handling, named as DOMAIN.md §3 names them."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar
from uuid import UUID

import attrs

from domain.complaint.values import Category, Channel, Severity, SlaKind, WaitingFor
from domain.shared.events import Event


@attrs.frozen(kw_only=True)
class ComplaintEvent(Event):
    """Base of every complaint event."""

    aggregate_type: ClassVar[str] = "complaint"


@attrs.frozen(kw_only=True)
class ComplaintReceived(ComplaintEvent):
    complaint_id: UUID
    customer_id: str
    channel: Channel
    summary: str
    remedy_sought: str
    acknowledge_due: datetime
    order_id: str | None = None


@attrs.frozen(kw_only=True)
class ComplaintAcknowledged(ComplaintEvent):
    message: str


@attrs.frozen(kw_only=True)
class ComplaintClassified(ComplaintEvent):
    category: Category
    severity: Severity
    resolution_due: datetime


@attrs.frozen(kw_only=True)
class ComplaintAssigned(ComplaintEvent):
    department: str
    assignee_id: str


@attrs.frozen(kw_only=True)
class InvestigationRecorded(ComplaintEvent):
    root_cause: str
    findings: str


@attrs.frozen(kw_only=True)
class ComplaintPaused(ComplaintEvent):
    waiting_for: WaitingFor


@attrs.frozen(kw_only=True)
class ComplaintResumed(ComplaintEvent):
    paused_seconds: int


@attrs.frozen(kw_only=True)
class ResolutionProposed(ComplaintEvent):
    resolution: str
    remedy_offered: str


@attrs.frozen(kw_only=True)
class CustomerSatisfied(ComplaintEvent):
    csat: int
    comment: str


@attrs.frozen(kw_only=True)
class CustomerDissatisfied(ComplaintEvent):
    csat: int
    comment: str


@attrs.frozen(kw_only=True)
class ComplaintClosed(ComplaintEvent):
    pass


@attrs.frozen(kw_only=True)
class ComplaintClosedUnresolved(ComplaintEvent):
    recourse_explained: bool


@attrs.frozen(kw_only=True)
class ComplaintReopened(ComplaintEvent):
    pass


@attrs.frozen(kw_only=True)
class ComplaintEscalated(ComplaintEvent):
    level: int


@attrs.frozen(kw_only=True)
class ComplaintSlaBreached(ComplaintEvent):
    which: SlaKind
    deadline: datetime
