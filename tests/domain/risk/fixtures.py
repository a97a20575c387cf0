"""Builders for risk tests: actors, events on a timeline, canonical histories, every command."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from domain.risk import decisions
from domain.risk.events import (
    MitigationActionAdded,
    MitigationActionCompleted,
    ResidualRiskAssessed,
    ResponseChosen,
    RiskAcceptanceApproved,
    RiskAssessed,
    RiskClosed,
    RiskEvent,
    RiskIdentified,
    RiskReopened,
    RiskReviewed,
)
from domain.risk.state import Risk, evolve
from domain.risk.values import Category, Level, Status, Strategy
from domain.shared.actor import SYSTEM_ACTOR, Actor, Role

SHANGHAI = ZoneInfo("Asia/Shanghai")
#: Business time of the first event of every history: 09:30 in Shanghai on 1 July 2026.
T0 = datetime(2026, 7, 1, 1, 30, tzinfo=UTC)
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)

RISK_ID = UUID("5b2e9c41-7d3a-4f6e-8a1b-0c9d8e7f6a50")
TITLE = "主要供应商单一来源 (single-source key supplier)"
DESCRIPTION = "芯片只有一家供应商, 断供将停产 (one chip supplier; a stop halts production)"
DEPARTMENT = "procurement"
RELATED_ID = "c-2026-0042"
RATIONALE = "增加第二供应商 (qualify a second supplier)"
EVIDENCE = "第二供应商合同已签 (second supplier contract signed)"
NOTES = "供货稳定 (supply stable)"
INSURER = "中国平安财险 (Ping An P&C)"
#: The first action's due day, and the instant it becomes late: midnight after it in Shanghai.
ACTION_DUE_ON = date(2026, 7, 20)
ACTION_DUE = datetime(2026, 7, 20, 16, 0, tzinfo=UTC)

#: Days to the next review by level, as DOMAIN §6 writes them.
DAYS = {Level.CRITICAL: 30, Level.HIGH: 60, Level.MEDIUM: 90, Level.LOW: 180}


def actor(actor_id: str, *roles: Role, department: str = "") -> Actor:
    """An actor with the given id, roles and department."""
    return Actor(id=actor_id, roles=roles, department=department)


IDENTIFIER = actor("u-ops-1", Role.OPERATIONS, department="operations")
#: The risk's owner: a department head, neither a risk officer nor management.
OWNER = actor("u-head-proc", Role.DEPARTMENT_HEAD, department="procurement")
OFFICER = actor("u-risk-1", Role.RISK_OFFICER, department="risk")
OTHER_OFFICER = actor("u-risk-2", Role.RISK_OFFICER, department="risk")
BOSS = actor("u-ceo", Role.MANAGEMENT, department="management")
#: The owner of the first mitigation action, A-1.
DOER = actor("u-buyer-1", Role.OPERATIONS, department="procurement")
SYSTEM = SYSTEM_ACTOR


def in_shanghai(at: datetime) -> date:
    """The day an instant falls on in Shanghai (UTC+8, no summer time)."""
    return (at + timedelta(hours=8)).date()


def late_from(day: date) -> datetime:
    """Midnight after `day` in Shanghai: 16:00 UTC on that day."""
    return datetime(day.year, day.month, day.day, 16, tzinfo=UTC)


def review_dates(level: Level, at: datetime) -> tuple[date, datetime]:
    """The next review day after an assessment or review at `at`, and when it is overdue."""
    day = in_shanghai(at) + timedelta(days=DAYS[level])
    return day, late_from(day)


# --- events, each at a business time `at` and by the actor who would normally cause it ----------

Step = Callable[[datetime], RiskEvent]


def identified(at: datetime = T0) -> RiskIdentified:
    return RiskIdentified(
        occurred_at=at,
        actor=IDENTIFIER,
        risk_id=RISK_ID,
        title=TITLE,
        category=Category.OPERATIONAL,
        description=DESCRIPTION,
        owner_id=OWNER.id,
        department=DEPARTMENT,
        related_id=RELATED_ID,
    )


def assessed(
    likelihood: int = 4,
    impact: int = 3,
    level: Level = Level.HIGH,
    recommended: Strategy | None = Strategy.REDUCE,
) -> Step:
    """The standard assessment is likelihood 4, impact 3: high, and the policy says reduce."""

    def step(at: datetime) -> RiskEvent:
        on, due = review_dates(level, at)
        return RiskAssessed(
            occurred_at=at,
            actor=OFFICER,
            likelihood=likelihood,
            impact=impact,
            level=level,
            recommended_strategy=recommended,
            next_review_on=on,
            review_due=due,
        )

    return step


def chosen(
    strategy: Strategy = Strategy.REDUCE,
    *,
    by: Actor = OWNER,
    counterparty: str | None = None,
    level: Level = Level.HIGH,
    approval_required: bool = False,
) -> Step:
    return lambda at: ResponseChosen(
        occurred_at=at,
        actor=by,
        strategy=strategy,
        rationale=RATIONALE,
        counterparty=counterparty,
        recommended_strategy=Strategy.REDUCE,
        level=level,
        approval_required=approval_required,
    )


def acceptance_approved(at: datetime = T0) -> RiskAcceptanceApproved:
    return RiskAcceptanceApproved(occurred_at=at, actor=BOSS)


def action_added(
    action_id: str = "A-1", *, owner: Actor = DOER, due_on: date = ACTION_DUE_ON
) -> Step:
    return lambda at: MitigationActionAdded(
        occurred_at=at,
        actor=OWNER,
        action_id=action_id,
        description="认证第二供应商 (qualify a second supplier)",
        owner_id=owner.id,
        due_on=due_on,
        action_due=late_from(due_on),
    )


def action_completed(action_id: str = "A-1", *, by: Actor = DOER) -> Step:
    return lambda at: MitigationActionCompleted(
        occurred_at=at, actor=by, action_id=action_id, evidence=EVIDENCE
    )


def residual_assessed(likelihood: int = 2, impact: int = 3, level: Level = Level.MEDIUM) -> Step:
    """The standard residual risk is likelihood 2, impact 3: medium."""

    def step(at: datetime) -> RiskEvent:
        on, due = review_dates(level, at)
        return ResidualRiskAssessed(
            occurred_at=at,
            actor=OFFICER,
            likelihood=likelihood,
            impact=impact,
            level=level,
            next_review_on=on,
            review_due=due,
        )

    return step


def reviewed(level: Level = Level.HIGH, *, by: Actor = OWNER) -> Step:
    def step(at: datetime) -> RiskEvent:
        on, due = review_dates(level, at)
        return RiskReviewed(
            occurred_at=at, actor=by, notes=NOTES, level=level, next_review_on=on, review_due=due
        )

    return step


def closed(at: datetime = T0) -> RiskClosed:
    return RiskClosed(occurred_at=at, actor=OFFICER)


def reopened(at: datetime = T0) -> RiskReopened:
    return RiskReopened(occurred_at=at, actor=OFFICER)


# --- histories ------------------------------------------------------------------------------------

IDENTIFIED: tuple[Step, ...] = (identified,)
ASSESSED = (*IDENTIFIED, assessed())
#: Responding by reducing the risk, with one open action (A-1, for the doer).
RESPONDING = (*ASSESSED, chosen(), action_added())
MITIGATED = (*RESPONDING, action_completed())
MONITORING = (*MITIGATED, residual_assessed())
CLOSED = (*MONITORING, closed)
REOPENED = (*CLOSED, reopened)
#: A critical risk (likelihood 5, impact 4) the owner chose to accept: it awaits management.
CRITICAL = (*IDENTIFIED, assessed(5, 4, Level.CRITICAL, Strategy.AVOID))
ACCEPTANCE_PENDING = (
    *CRITICAL,
    chosen(Strategy.ACCEPT, level=Level.CRITICAL, approval_required=True),
)

#: The canonical road to each state: responding with an open action, monitoring once it is
#: done and the residual risk assessed lower, closed and reopened after monitoring.
ROADS: dict[Status, tuple[Step, ...]] = {
    Status.IDENTIFIED: IDENTIFIED,
    Status.ASSESSED: ASSESSED,
    Status.RESPONDING: RESPONDING,
    Status.MONITORING: MONITORING,
    Status.CLOSED: CLOSED,
    Status.REOPENED: REOPENED,
}


def history(steps: Iterable[Step]) -> list[RiskEvent]:
    """The events of `steps`, one hour apart from T0."""
    return [step(T0 + index * HOUR) for index, step in enumerate(steps)]


def history_to(status: Status) -> list[RiskEvent]:
    """The canonical events that bring a risk to `status` (see ROADS)."""
    return history(ROADS[status])


def then(events: list[RiskEvent], *steps: Step) -> list[RiskEvent]:
    """`events` followed by more events, one hour apart after the last one."""
    last = events[-1].occurred_at
    return [*events, *(step(last + (index + 1) * HOUR) for index, step in enumerate(steps))]


def given(events: Iterable[RiskEvent]) -> Risk:
    """The risk as its past events made it: every event folded in order with `evolve`."""
    risk: Risk | None = None
    for event in events:
        risk = evolve(risk, event)
    if risk is None:
        raise ValueError("a risk's history starts with RiskIdentified")
    return risk


def next_moment(events: list[RiskEvent]) -> datetime:
    """One hour after the last event: when the command under test is sent."""
    return events[-1].occurred_at + HOUR


def decide(
    past: list[RiskEvent], command: Command, by: Actor
) -> tuple[list[RiskEvent], list[RiskEvent]]:
    """`command` sent by `by` one hour after `past`: the events decided, and the new history."""
    events = command(given(past), by, next_moment(past))
    return events, [*past, *events]


# --- every command on a risk with a valid payload, as (risk, actor, at) -> events ---------------

Command = Callable[[Risk, Actor, datetime], list[RiskEvent]]


def assess(likelihood: int, impact: int) -> Command:
    return lambda r, a, t: decisions.assess(
        r, likelihood=likelihood, impact=impact, actor=a, at=t, zone=SHANGHAI
    )


def assess_residual(likelihood: int, impact: int) -> Command:
    return lambda r, a, t: decisions.assess_residual(
        r, likelihood=likelihood, impact=impact, actor=a, at=t, zone=SHANGHAI
    )


def choose(
    strategy: Strategy, *, counterparty: str | None = None, rationale: str = RATIONALE
) -> Command:
    return lambda r, a, t: decisions.choose_response(
        r, strategy=strategy, rationale=rationale, counterparty=counterparty, actor=a, at=t
    )


def add(
    action_id: str = "A-9",
    *,
    owner_id: str = DOER.id,
    due_on: date = date(2026, 7, 31),
    description: str = "双源采购 (dual sourcing)",
) -> Command:
    return lambda r, a, t: decisions.add_action(
        r,
        action_id=action_id,
        description=description,
        owner_id=owner_id,
        due_on=due_on,
        actor=a,
        at=t,
        zone=SHANGHAI,
    )


def complete(action_id: str = "A-1", *, evidence: str = EVIDENCE) -> Command:
    return lambda r, a, t: decisions.complete_action(
        r, action_id=action_id, evidence=evidence, actor=a, at=t
    )


def review(notes: str = NOTES) -> Command:
    return lambda r, a, t: decisions.review(r, notes=notes, actor=a, at=t, zone=SHANGHAI)


COMMANDS: dict[str, Command] = {
    "assess": assess(5, 5),
    "choose_response": choose(Strategy.REDUCE),
    "approve_acceptance": lambda r, a, t: decisions.approve_acceptance(r, actor=a, at=t),
    "add_action": add(),
    "complete_action": complete(),
    # As high as the inherent risk: allowed whether or not anything was mitigated.
    "assess_residual": assess_residual(4, 3),
    "review": review(),
    "close": lambda r, a, t: decisions.close(r, actor=a, at=t),
    "reopen": lambda r, a, t: decisions.reopen(r, actor=a, at=t),
}


def identify_as(
    by: Actor,
    at: datetime = T0,
    *,
    title: str = TITLE,
    category: Category = Category.OPERATIONAL,
    description: str = DESCRIPTION,
    owner_id: str = OWNER.id,
    department: str = DEPARTMENT,
    related_id: str | None = RELATED_ID,
) -> list[RiskEvent]:
    """Identify the standard risk as `by`, with any part replaced."""
    return decisions.identify(
        risk_id=RISK_ID,
        title=title,
        category=category,
        description=description,
        owner_id=owner_id,
        department=department,
        related_id=related_id,
        actor=by,
        at=at,
    )
