"""Decisions of complaint handling: who may do what, when, and which events follow (DOMAIN §3)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

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
    CustomerDissatisfied,
    CustomerSatisfied,
    InvestigationRecorded,
    ResolutionProposed,
)
from domain.complaint.state import Complaint
from domain.complaint.values import (
    DEFAULT_SLA,
    Category,
    Channel,
    Severity,
    SlaPolicy,
    Status,
    WaitingFor,
)
from domain.shared.actor import Actor, Role
from domain.shared.errors import Forbidden, InvalidTransition, RuleViolation
from domain.shared.guards import (
    is_recorded_actor,
    require_recorded_actor,
    require_role,
    require_status,
    require_text,
)

CS = Role.CUSTOMER_SERVICE
MANAGER = Role.SERVICE_MANAGER

#: States in which a complaint is being worked on and may be paused.
PAUSABLE = frozenset(
    {
        Status.ACKNOWLEDGED,
        Status.CLASSIFIED,
        Status.ASSIGNED,
        Status.INVESTIGATING,
        Status.RESOLUTION_PROPOSED,
    }
)


def register(
    *,
    complaint_id: UUID,
    customer_id: str,
    channel: Channel,
    summary: str,
    remedy_sought: str,
    order_id: str | None,
    actor: Actor,
    at: datetime,
    policy: SlaPolicy = DEFAULT_SLA,
) -> list[ComplaintEvent]:
    """Customer service registers a complaint; its summary must say something."""
    require_role(actor, CS, action="register a complaint")
    require_text(summary, "summary")
    require_text(customer_id, "customer_id")
    return [
        ComplaintReceived(
            occurred_at=at,
            actor=actor,
            complaint_id=complaint_id,
            customer_id=customer_id,
            channel=channel,
            summary=summary,
            remedy_sought=remedy_sought,
            order_id=order_id,
            acknowledge_due=at + policy.acknowledge_within,
        )
    ]


def acknowledge(
    complaint: Complaint, *, message: str, actor: Actor, at: datetime
) -> list[ComplaintEvent]:
    """The first response to the customer is given once, before anything else is done."""
    require_role(actor, CS, action="acknowledge a complaint")
    require_status(complaint.status, Status.RECEIVED, subject="complaint", action="acknowledge")
    require_text(message, "message")
    return [ComplaintAcknowledged(occurred_at=at, actor=actor, message=message)]


def classify(
    complaint: Complaint,
    *,
    category: Category,
    severity: Severity,
    actor: Actor,
    at: datetime,
    policy: SlaPolicy = DEFAULT_SLA,
) -> list[ComplaintEvent]:
    """Classification fixes the resolution deadline, counted from the first classification.

    A complaint is classified after it is acknowledged and may be reclassified while it is
    being worked on; the deadline then follows the new severity.
    """
    require_role(actor, CS, MANAGER, action="classify a complaint")
    require_status(
        complaint.status,
        Status.ACKNOWLEDGED,
        Status.CLASSIFIED,
        Status.ASSIGNED,
        Status.INVESTIGATING,
        subject="complaint",
        action="classify",
    )
    start = complaint.classified_at or at
    return [
        ComplaintClassified(
            occurred_at=at,
            actor=actor,
            category=category,
            severity=severity,
            resolution_due=start + policy.resolve_within[severity],
        )
    ]


def assign(
    complaint: Complaint, *, department: str, assignee_id: str, actor: Actor, at: datetime
) -> list[ComplaintEvent]:
    """The service manager hands the complaint to the responsible department; it may be moved."""
    require_role(actor, MANAGER, action="assign a complaint")
    require_status(
        complaint.status,
        Status.CLASSIFIED,
        Status.ASSIGNED,
        Status.INVESTIGATING,
        subject="complaint",
        action="assign",
    )
    require_text(department, "department")
    require_text(assignee_id, "assignee_id")
    return [
        ComplaintAssigned(
            occurred_at=at, actor=actor, department=department, assignee_id=assignee_id
        )
    ]


def record_investigation(
    complaint: Complaint, *, root_cause: str, findings: str, actor: Actor, at: datetime
) -> list[ComplaintEvent]:
    """The assignee, or the head of the assigned department, records the investigation."""
    require_status(
        complaint.status,
        Status.ASSIGNED,
        Status.INVESTIGATING,
        subject="complaint",
        action="record an investigation on",
    )
    head_of_department = (
        actor.holds(Role.DEPARTMENT_HEAD) and actor.department == complaint.department
    )
    if not (is_recorded_actor(actor, complaint.assignee_id) or head_of_department):
        raise Forbidden(
            "only the assignee or the head of the assigned department may record the investigation",
            action="record_investigation",
            allowed_roles=Role.DEPARTMENT_HEAD.value,
            required_actor="the assignee or the head of the assigned department",
        )
    require_text(root_cause, "root_cause")
    return [
        InvestigationRecorded(occurred_at=at, actor=actor, root_cause=root_cause, findings=findings)
    ]


def pause(
    complaint: Complaint, *, waiting_for: WaitingFor, actor: Actor, at: datetime
) -> list[ComplaintEvent]:
    """While we wait for the customer or a third party the SLA clock stops."""
    require_recorded_actor(
        actor,
        complaint.assignee_id,
        who="customer service or the assignee",
        action="pause a complaint",
        or_roles=(CS,),
    )
    require_status(complaint.status, *PAUSABLE, subject="complaint", action="pause")
    return [ComplaintPaused(occurred_at=at, actor=actor, waiting_for=waiting_for)]


def resume(complaint: Complaint, *, actor: Actor, at: datetime) -> list[ComplaintEvent]:
    """Resuming restarts the SLA clock; the paused time is added back to the deadline."""
    require_recorded_actor(
        actor,
        complaint.assignee_id,
        who="customer service or the assignee",
        action="resume a complaint",
        or_roles=(CS,),
    )
    require_status(complaint.status, Status.PAUSED, subject="complaint", action="resume")
    paused_at = complaint.paused_at or at
    seconds = max(0, int((at - paused_at).total_seconds()))
    return [ComplaintResumed(occurred_at=at, actor=actor, paused_seconds=seconds)]


def propose_resolution(
    complaint: Complaint, *, resolution: str, remedy_offered: str, actor: Actor, at: datetime
) -> list[ComplaintEvent]:
    """The assignee proposes a resolution once an investigation is on record."""
    require_recorded_actor(
        actor, complaint.assignee_id, who="the assignee", action="propose a resolution"
    )
    require_status(
        complaint.status,
        Status.INVESTIGATING,
        subject="complaint",
        action="propose a resolution for",
    )
    if not complaint.investigation_recorded:
        raise RuleViolation("a resolution needs an investigation recorded first")
    require_text(resolution, "resolution")
    return [
        ResolutionProposed(
            occurred_at=at, actor=actor, resolution=resolution, remedy_offered=remedy_offered
        )
    ]


def record_feedback(
    complaint: Complaint,
    *,
    satisfied: bool,
    csat: int,
    comment: str,
    actor: Actor,
    at: datetime,
) -> list[ComplaintEvent]:
    """The customer's verdict on a proposed resolution; dissatisfied goes back to investigating."""
    require_role(actor, CS, action="record customer feedback")
    require_status(
        complaint.status,
        Status.RESOLUTION_PROPOSED,
        subject="complaint",
        action="record feedback on",
    )
    if not 1 <= csat <= 5:
        raise RuleViolation("csat is a score from 1 to 5", field="csat", value=csat)
    event_class = CustomerSatisfied if satisfied else CustomerDissatisfied
    return [event_class(occurred_at=at, actor=actor, csat=csat, comment=comment)]


def close(complaint: Complaint, *, actor: Actor, at: datetime) -> list[ComplaintEvent]:
    """A complaint is closed only after the customer said they are satisfied."""
    require_role(actor, CS, MANAGER, action="close a complaint")
    if complaint.status is not Status.RESOLVED:
        if complaint.is_open:
            raise RuleViolation(
                "a complaint is closed only after the customer is satisfied",
                status=complaint.status.value,
            )
        raise InvalidTransition("complaint", complaint.status.value, "close")
    return [ComplaintClosed(occurred_at=at, actor=actor)]


def close_unresolved(
    complaint: Complaint, *, recourse_explained: bool, actor: Actor, at: datetime
) -> list[ComplaintEvent]:
    """Final decision without agreement, once a resolution was proposed and recourse explained."""
    require_role(actor, MANAGER, action="close a complaint unresolved")
    if not complaint.is_open:
        raise InvalidTransition("complaint", complaint.status.value, "close unresolved")
    if not complaint.resolution_proposed:
        raise RuleViolation("a complaint is closed unresolved only after a resolution was proposed")
    if not recourse_explained:
        raise RuleViolation(
            "the customer's recourse must be explained before closing unresolved",
            field="recourse_explained",
        )
    return [ComplaintClosedUnresolved(occurred_at=at, actor=actor, recourse_explained=True)]


def reopen(complaint: Complaint, *, actor: Actor, at: datetime) -> list[ComplaintEvent]:
    """A closed complaint is reopened and goes back to investigating."""
    require_role(actor, CS, MANAGER, action="reopen a complaint")
    require_status(
        complaint.status,
        Status.CLOSED,
        Status.CLOSED_UNRESOLVED,
        subject="complaint",
        action="reopen",
    )
    return [ComplaintReopened(occurred_at=at, actor=actor)]


def escalate(
    complaint: Complaint, *, level: int, actor: Actor, at: datetime
) -> list[ComplaintEvent]:
    """An open complaint is escalated to a higher level than it has reached so far."""
    require_role(actor, CS, MANAGER, action="escalate a complaint")
    if not complaint.is_open:
        raise InvalidTransition("complaint", complaint.status.value, "escalate")
    if level < 1:
        raise RuleViolation("escalation level starts at 1", field="level", value=level)
    if level <= complaint.escalation_level:
        raise RuleViolation(
            f"the complaint is already escalated to level {complaint.escalation_level}",
            field="level",
            value=level,
        )
    return [ComplaintEscalated(occurred_at=at, actor=actor, level=level)]
