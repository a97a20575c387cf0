"""Builders for complaint tests: actors, events on a timeline, histories folded with `evolve`."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from uuid import UUID

from domain.complaint import decisions
from domain.complaint.deadlines import sweep
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
from domain.complaint.state import Complaint, evolve
from domain.complaint.values import Category, Channel, Severity, SlaKind, Status, WaitingFor
from domain.shared.actor import SYSTEM_ACTOR, Actor, Role

#: Business time of the first event of every history: 09:30 in Shanghai on 1 July 2026.
T0 = datetime(2026, 7, 1, 1, 30, tzinfo=UTC)
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)

COMPLAINT_ID = UUID("0b7a6f2e-6a43-4f0e-9a51-3d2c1f4e8b10")
CUSTOMER_ID = "c-1001"
ORDER_ID = "o-2026-0042"
SUMMARY = "扫地机器人到货时外壳破裂 (robot vacuum arrived with a cracked shell)"
REMEDY_SOUGHT = "replacement unit"
DEPARTMENT = "quality"
OTHER_DEPARTMENT = "logistics"
ASSIGNEE_ID = "u-quality-7"

MESSAGE = "我们已收到您的投诉 (we have received your complaint)"
ROOT_CAUSE = "packaging foam missing on line 3"
FINDINGS = "12 units shipped without foam in week 26"
RESOLUTION = "ship a replacement and refund the delivery fee"
REMEDY_OFFERED = "replacement + 30 CNY refund"
COMMENT = "满意 (satisfied)"

#: Days from classification to the resolution deadline, per DOMAIN §3's default SLA policy.
RESOLVE_DAYS = {Severity.CRITICAL: 2, Severity.HIGH: 5, Severity.MEDIUM: 10, Severity.LOW: 15}


def actor(actor_id: str, *roles: Role, department: str = "") -> Actor:
    """An actor with the given id, roles and department."""
    return Actor(id=actor_id, roles=roles, department=department)


AGENT = actor("u-cs-1", Role.CUSTOMER_SERVICE, department="customer_service")
MANAGER = actor("u-sm-1", Role.SERVICE_MANAGER, department="customer_service")
ASSIGNEE = actor(ASSIGNEE_ID, Role.QUALITY_INSPECTOR, department=DEPARTMENT)
HEAD = actor("u-head-quality", Role.DEPARTMENT_HEAD, department=DEPARTMENT)
OTHER_HEAD = actor("u-head-logistics", Role.DEPARTMENT_HEAD, department=OTHER_DEPARTMENT)
OUTSIDER = actor("u-sales-3", Role.SALES_REP, department="sales")
SYSTEM = SYSTEM_ACTOR


# --- events, each at a business time `at` and by the actor who would normally cause it ---------


def received(at: datetime = T0, *, summary: str = SUMMARY) -> ComplaintReceived:
    return ComplaintReceived(
        occurred_at=at,
        actor=AGENT,
        complaint_id=COMPLAINT_ID,
        customer_id=CUSTOMER_ID,
        channel=Channel.PHONE,
        summary=summary,
        remedy_sought=REMEDY_SOUGHT,
        order_id=ORDER_ID,
        acknowledge_due=at + timedelta(hours=24),
    )


def acknowledged(at: datetime = T0) -> ComplaintAcknowledged:
    return ComplaintAcknowledged(occurred_at=at, actor=AGENT, message=MESSAGE)


def classified(
    at: datetime = T0,
    *,
    severity: Severity = Severity.MEDIUM,
    category: Category = Category.PRODUCT_QUALITY,
    resolution_due: datetime | None = None,
) -> ComplaintClassified:
    due = resolution_due or at + RESOLVE_DAYS[severity] * DAY
    return ComplaintClassified(
        occurred_at=at, actor=AGENT, category=category, severity=severity, resolution_due=due
    )


def assigned(
    at: datetime = T0, *, department: str = DEPARTMENT, assignee_id: str = ASSIGNEE_ID
) -> ComplaintAssigned:
    return ComplaintAssigned(
        occurred_at=at, actor=MANAGER, department=department, assignee_id=assignee_id
    )


def investigated(at: datetime = T0, *, by: Actor = ASSIGNEE) -> InvestigationRecorded:
    return InvestigationRecorded(occurred_at=at, actor=by, root_cause=ROOT_CAUSE, findings=FINDINGS)


def paused(at: datetime = T0, *, waiting_for: WaitingFor = WaitingFor.CUSTOMER) -> ComplaintPaused:
    return ComplaintPaused(occurred_at=at, actor=AGENT, waiting_for=waiting_for)


def resumed(at: datetime = T0, *, paused_seconds: int = 0) -> ComplaintResumed:
    return ComplaintResumed(occurred_at=at, actor=AGENT, paused_seconds=paused_seconds)


def proposed(at: datetime = T0, *, by: Actor = ASSIGNEE) -> ResolutionProposed:
    return ResolutionProposed(
        occurred_at=at, actor=by, resolution=RESOLUTION, remedy_offered=REMEDY_OFFERED
    )


def satisfied(at: datetime = T0, *, csat: int = 5) -> CustomerSatisfied:
    return CustomerSatisfied(occurred_at=at, actor=AGENT, csat=csat, comment=COMMENT)


def dissatisfied(at: datetime = T0, *, csat: int = 2) -> CustomerDissatisfied:
    return CustomerDissatisfied(occurred_at=at, actor=AGENT, csat=csat, comment="not enough")


def closed(at: datetime = T0) -> ComplaintClosed:
    return ComplaintClosed(occurred_at=at, actor=AGENT)


def closed_unresolved(at: datetime = T0) -> ComplaintClosedUnresolved:
    return ComplaintClosedUnresolved(occurred_at=at, actor=MANAGER, recourse_explained=True)


def reopened(at: datetime = T0) -> ComplaintReopened:
    return ComplaintReopened(occurred_at=at, actor=MANAGER)


def escalated(at: datetime = T0, *, level: int = 1) -> ComplaintEscalated:
    return ComplaintEscalated(occurred_at=at, actor=MANAGER, level=level)


def breached(at: datetime, *, which: SlaKind, deadline: datetime) -> ComplaintSlaBreached:
    return ComplaintSlaBreached(occurred_at=at, actor=SYSTEM, which=which, deadline=deadline)


# --- histories -----------------------------------------------------------------------------------

Step = Callable[[datetime], ComplaintEvent]

_MAIN_ROAD: tuple[Step, ...] = (
    received,
    acknowledged,
    classified,
    assigned,
    investigated,
    proposed,
    satisfied,
    closed,
)

_ROADS: dict[Status, tuple[Step, ...]] = {
    Status.RECEIVED: _MAIN_ROAD[:1],
    Status.ACKNOWLEDGED: _MAIN_ROAD[:2],
    Status.CLASSIFIED: _MAIN_ROAD[:3],
    Status.ASSIGNED: _MAIN_ROAD[:4],
    Status.INVESTIGATING: _MAIN_ROAD[:5],
    Status.RESOLUTION_PROPOSED: _MAIN_ROAD[:6],
    Status.RESOLVED: _MAIN_ROAD[:7],
    Status.CLOSED: _MAIN_ROAD,
    Status.PAUSED: (*_MAIN_ROAD[:5], paused),
    Status.CLOSED_UNRESOLVED: (*_MAIN_ROAD[:6], dissatisfied, closed_unresolved),
}

#: When the canonical history classifies the complaint (its third event) as medium severity.
CLASSIFIED_AT = T0 + 2 * HOUR
#: The resolution deadline every canonical history fixes at classification.
RESOLUTION_DUE = CLASSIFIED_AT + 10 * DAY


def history(status: Status) -> list[ComplaintEvent]:
    """The canonical events, one hour apart from T0, that bring a complaint to `status`.

    Paused means paused while investigating (no resolution proposed yet); closed unresolved
    means closed after the customer rejected the one proposed resolution.
    """
    return [step(T0 + index * HOUR) for index, step in enumerate(_ROADS[status])]


def then(events: list[ComplaintEvent], *steps: Step) -> list[ComplaintEvent]:
    """`events` followed by more canonical events, one hour apart after the last one."""
    last = events[-1].occurred_at
    return [*events, *(step(last + (index + 1) * HOUR) for index, step in enumerate(steps))]


def given(events: Iterable[ComplaintEvent]) -> Complaint:
    """The complaint as its past events made it: every event folded in order with `evolve`."""
    complaint: Complaint | None = None
    for event in events:
        complaint = evolve(complaint, event)
    if complaint is None:
        raise ValueError("a complaint's history starts with ComplaintReceived")
    return complaint


def given_status(status: Status) -> Complaint:
    """The complaint after its canonical history to `status`."""
    return given(history(status))


def next_moment(events: list[ComplaintEvent]) -> datetime:
    """One hour after the last event: when the command under test is sent."""
    return events[-1].occurred_at + HOUR


# --- every command, with a valid payload, as (complaint, actor, at) -> events --------------------

Command = Callable[[Complaint, Actor, datetime], list[ComplaintEvent]]

COMMANDS: dict[str, Command] = {
    "acknowledge": lambda c, a, t: decisions.acknowledge(c, message=MESSAGE, actor=a, at=t),
    "classify": lambda c, a, t: decisions.classify(
        c, category=Category.DELIVERY, severity=Severity.HIGH, actor=a, at=t
    ),
    "assign": lambda c, a, t: decisions.assign(
        c, department=DEPARTMENT, assignee_id=ASSIGNEE_ID, actor=a, at=t
    ),
    "record_investigation": lambda c, a, t: decisions.record_investigation(
        c, root_cause=ROOT_CAUSE, findings=FINDINGS, actor=a, at=t
    ),
    "pause": lambda c, a, t: decisions.pause(c, waiting_for=WaitingFor.THIRD_PARTY, actor=a, at=t),
    "resume": lambda c, a, t: decisions.resume(c, actor=a, at=t),
    "propose_resolution": lambda c, a, t: decisions.propose_resolution(
        c, resolution=RESOLUTION, remedy_offered=REMEDY_OFFERED, actor=a, at=t
    ),
    "record_feedback": lambda c, a, t: decisions.record_feedback(
        c, satisfied=True, csat=5, comment=COMMENT, actor=a, at=t
    ),
    "close": lambda c, a, t: decisions.close(c, actor=a, at=t),
    "close_unresolved": lambda c, a, t: decisions.close_unresolved(
        c, recourse_explained=True, actor=a, at=t
    ),
    "reopen": lambda c, a, t: decisions.reopen(c, actor=a, at=t),
    "escalate": lambda c, a, t: decisions.escalate(c, level=c.escalation_level + 1, actor=a, at=t),
}


def run_sweep(complaint: Complaint, by: Actor, now: datetime) -> list[ComplaintEvent]:
    """The deadline sweep in the shape of a command."""
    return sweep(complaint, actor=by, now=now)


def register_as(by: Actor, at: datetime = T0, *, summary: str = SUMMARY) -> list[ComplaintEvent]:
    """Register the standard complaint as `by`."""
    return decisions.register(
        complaint_id=COMPLAINT_ID,
        customer_id=CUSTOMER_ID,
        channel=Channel.PHONE,
        summary=summary,
        remedy_sought=REMEDY_SOUGHT,
        order_id=ORDER_ID,
        actor=by,
        at=at,
    )
