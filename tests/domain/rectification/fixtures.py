"""Builders for rectification tests: actors, events on a timeline, canonical histories, every
command."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from domain.rectification import decisions
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
from domain.rectification.state import Rectification, evolve
from domain.rectification.values import Severity, Status
from domain.shared.actor import SYSTEM_ACTOR, Actor, Role

SHANGHAI = ZoneInfo("Asia/Shanghai")
#: Business time of the first event of every history: 09:30 in Shanghai on 1 July 2026.
T0 = datetime(2026, 7, 1, 1, 30, tzinfo=UTC)
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)

RECTIFICATION_ID = UUID("5b2e9c1d-7a4f-4e8b-9c3d-2f1e0a9b8c7d")
#: The order whose outbound check was sampled.
RELATED_ID = "6f1c2b7e-0d4a-4c3e-8b9a-1e2f3a4b5c6d"
DEPARTMENT = "warehouse"
PROCESS = "出库复核 (outbound double check)"
FINDING = "抽查 50 单有 3 单未复核 (3 of 50 sampled orders left without a second check)"
SEVERITY = Severity.HIGH
DUE_ON = date(2026, 7, 15)
#: The due day ends at midnight Shanghai time: 16:00 UTC on the due day.
DEADLINE = datetime(2026, 7, 15, 16, 0, tzinfo=UTC)
NEW_DUE_ON = date(2026, 7, 31)
NEW_DEADLINE = datetime(2026, 7, 31, 16, 0, tzinfo=UTC)
PLAN = "每班增加复核岗 (a second checker on every shift)"
ACTIONS_TAKEN = "排班调整, 培训 12 人 (rota changed, 12 people trained)"
EVIDENCE = "排班表与培训签到表 (rota and training sign-in sheets)"
NOTES = "复查 30 单全部复核 (30 orders rechecked, all double-checked)"
SHORTFALL = "夜班仍无复核 (the night shift still has no second check)"


def actor(actor_id: str, *roles: Role, department: str = "") -> Actor:
    """An actor with the given id, roles and department."""
    return Actor(id=actor_id, roles=roles, department=department)


SUPERVISOR = actor("u-sup-1", Role.SUPERVISOR, department="supervision")
OTHER_SUPERVISOR = actor("u-sup-2", Role.SUPERVISOR, department="supervision")
#: The responsible person: a warehouse team lead with no role that would let them do more.
RESPONSIBLE = actor("u-wh-7", Role.OPERATIONS, department=DEPARTMENT)
HEAD = actor("u-head-wh", Role.DEPARTMENT_HEAD, department=DEPARTMENT)
OTHER_HEAD = actor("u-head-sales", Role.DEPARTMENT_HEAD, department="sales")
BOSS = actor("u-ceo", Role.MANAGEMENT, department="management")
SYSTEM = SYSTEM_ACTOR

# --- events, each at a business time `at` and by the actor who would normally cause it ---------

Step = Callable[[datetime], RectificationEvent]


def issued(at: datetime = T0) -> RectificationIssued:
    return RectificationIssued(
        occurred_at=at,
        actor=SUPERVISOR,
        rectification_id=RECTIFICATION_ID,
        department=DEPARTMENT,
        process=PROCESS,
        finding=FINDING,
        severity=SEVERITY,
        responsible_id=RESPONSIBLE.id,
        due_on=DUE_ON,
        deadline=DEADLINE,
        related_id=RELATED_ID,
    )


def acknowledged(at: datetime = T0) -> RectificationAcknowledged:
    return RectificationAcknowledged(occurred_at=at, actor=RESPONSIBLE)


def started(at: datetime = T0) -> RectificationStarted:
    return RectificationStarted(occurred_at=at, actor=RESPONSIBLE, plan=PLAN)


def submitted(at: datetime = T0) -> RectificationSubmitted:
    return RectificationSubmitted(
        occurred_at=at, actor=RESPONSIBLE, actions_taken=ACTIONS_TAKEN, evidence=EVIDENCE
    )


def verified(at: datetime = T0) -> RectificationVerified:
    return RectificationVerified(occurred_at=at, actor=SUPERVISOR, notes=NOTES)


def rejected(at: datetime = T0) -> RectificationRejected:
    return RectificationRejected(occurred_at=at, actor=SUPERVISOR, notes=SHORTFALL)


def extended(new_due_on: date = NEW_DUE_ON, *, previous: date = DUE_ON) -> Step:
    return lambda at: RectificationDeadlineExtended(
        occurred_at=at,
        actor=BOSS,
        previous_due_on=previous,
        new_due_on=new_due_on,
        new_deadline=datetime(new_due_on.year, new_due_on.month, new_due_on.day, 16, tzinfo=UTC),
    )


def closed(at: datetime = T0) -> RectificationClosed:
    return RectificationClosed(occurred_at=at, actor=SUPERVISOR)


def reported_overdue(due_on: date = DUE_ON) -> Step:
    return lambda at: RectificationOverdue(
        occurred_at=at,
        actor=SYSTEM,
        due_on=due_on,
        deadline=datetime(due_on.year, due_on.month, due_on.day, 16, tzinfo=UTC),
    )


# --- histories -----------------------------------------------------------------------------------

ISSUED: tuple[Step, ...] = (issued,)
ACKNOWLEDGED = (*ISSUED, acknowledged)
RECTIFYING = (*ACKNOWLEDGED, started)
SUBMITTED = (*RECTIFYING, submitted)
VERIFIED = (*SUBMITTED, verified)
CLOSED = (*VERIFIED, closed)
#: Submitted once, rejected, and back in rectifying.
REJECTED_ONCE = (*SUBMITTED, rejected)

#: The canonical road to each state.
ROADS: dict[Status, tuple[Step, ...]] = {
    Status.ISSUED: ISSUED,
    Status.ACKNOWLEDGED: ACKNOWLEDGED,
    Status.RECTIFYING: RECTIFYING,
    Status.SUBMITTED: SUBMITTED,
    Status.VERIFIED: VERIFIED,
    Status.CLOSED: CLOSED,
}


def history(steps: Iterable[Step]) -> list[RectificationEvent]:
    """The events of `steps`, one hour apart from T0."""
    return [step(T0 + index * HOUR) for index, step in enumerate(steps)]


def history_to(status: Status) -> list[RectificationEvent]:
    """The canonical events that bring a rectification to `status` (see ROADS)."""
    return history(ROADS[status])


def then(events: list[RectificationEvent], *steps: Step) -> list[RectificationEvent]:
    """`events` followed by more events, one hour apart after the last one."""
    last = events[-1].occurred_at
    return [*events, *(step(last + (index + 1) * HOUR) for index, step in enumerate(steps))]


def given(events: Iterable[RectificationEvent]) -> Rectification:
    """The rectification as its past events made it: every event folded in order."""
    rectification: Rectification | None = None
    for event in events:
        rectification = evolve(rectification, event)
    if rectification is None:
        raise ValueError("a rectification's history starts with RectificationIssued")
    return rectification


def next_moment(events: list[RectificationEvent]) -> datetime:
    """One hour after the last event: when the command under test is sent."""
    return events[-1].occurred_at + HOUR


# --- every command on a rectification with a valid payload, as (state, actor, at) -> events -----

Command = Callable[[Rectification, Actor, datetime], list[RectificationEvent]]


def verification(*, passed: bool, notes: str = NOTES) -> Command:
    return lambda r, a, t: decisions.verify(r, passed=passed, notes=notes, actor=a, at=t)


def extension(new_due_on: date = NEW_DUE_ON) -> Command:
    return lambda r, a, t: decisions.extend(r, new_due_on=new_due_on, actor=a, at=t, zone=SHANGHAI)


COMMANDS: dict[str, Command] = {
    "acknowledge": lambda r, a, t: decisions.acknowledge(r, actor=a, at=t),
    "start": lambda r, a, t: decisions.start(r, plan=PLAN, actor=a, at=t),
    "submit": lambda r, a, t: decisions.submit(
        r, actions_taken=ACTIONS_TAKEN, evidence=EVIDENCE, actor=a, at=t
    ),
    "verify": verification(passed=True),
    "extend": extension(),
    "close": lambda r, a, t: decisions.close(r, actor=a, at=t),
}


def decide(
    past: list[RectificationEvent], command: Command, by: Actor
) -> tuple[list[RectificationEvent], list[RectificationEvent]]:
    """`command` sent by `by` one hour after `past`: the events decided, and the new history."""
    events = command(given(past), by, next_moment(past))
    return events, [*past, *events]


def issue_as(
    by: Actor,
    at: datetime = T0,
    *,
    department: str = DEPARTMENT,
    process: str = PROCESS,
    finding: str = FINDING,
    severity: Severity = SEVERITY,
    responsible_id: str = RESPONSIBLE.id,
    due_on: date = DUE_ON,
    related_id: str | None = RELATED_ID,
) -> list[RectificationEvent]:
    """Issue the standard notice as `by`, with any part replaced."""
    return decisions.issue(
        rectification_id=RECTIFICATION_ID,
        department=department,
        process=process,
        finding=finding,
        severity=severity,
        responsible_id=responsible_id,
        due_on=due_on,
        related_id=related_id,
        actor=by,
        at=at,
        zone=SHANGHAI,
    )
