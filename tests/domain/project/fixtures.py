"""Builders for project tests: actors, events on a timeline, canonical histories, every command."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from uuid import UUID
from zoneinfo import ZoneInfo

from domain.project import decisions
from domain.project.events import (
    AcceptanceFailed,
    AcceptancePassed,
    AcceptanceRequested,
    BaselineChanged,
    ChangeRequested,
    ClosingReportSubmitted,
    CostRecorded,
    PlanApproved,
    PlanSubmitted,
    ProgressRecorded,
    ProjectApproved,
    ProjectCancelled,
    ProjectClosed,
    ProjectEvent,
    ProjectManagerAppointed,
    ProjectProposed,
    ProjectPutOnHold,
    ProjectRejected,
    ProjectResumed,
    ProjectStarted,
    TeamMemberAdded,
)
from domain.project.state import Project, evolve
from domain.project.values import Milestone, Status
from domain.shared.actor import SYSTEM_ACTOR, Actor, Role
from domain.shared.money import Money

SHANGHAI = ZoneInfo("Asia/Shanghai")
#: Business time of the first event of every history: 09:30 in Shanghai on 1 July 2026.
T0 = datetime(2026, 7, 1, 1, 30, tzinfo=UTC)
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)

PROJECT_ID = UUID("3d6f0a51-8c2e-4f7b-9a1d-5e4c3b2a1f00")
BUDGET_ID = UUID("7a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d")
NAME = "仓储管理系统升级 (warehouse system upgrade)"
DEPARTMENT = "operations"
GOALS = "出库差错率降到 0.1% 以下 (pick errors below 0.1%)"
SCOPE = "WMS 升级、条码枪更换、人员培训 (WMS upgrade, scanners, training)"
PLANNED_START = date(2026, 7, 1)
PLANNED_END = date(2026, 9, 30)
#: The planned end ends at midnight Shanghai time: 16:00 UTC on the planned end day.
SCHEDULE_DUE = datetime(2026, 9, 30, 16, 0, tzinfo=UTC)
BUDGET = Money.parse("500000.00", "CNY")
BASELINE = Money.parse("400000.00", "CNY")

M1, M2, M3 = "需求分析 (requirements)", "系统开发 (build)", "上线验收 (go-live)"
#: Three milestones weighing 0.20 + 0.50 + 0.30 = 1.
MILESTONES = (
    Milestone(name=M1, due=date(2026, 7, 15), weight=Decimal("0.20")),
    Milestone(name=M2, due=date(2026, 8, 31), weight=Decimal("0.50")),
    Milestone(name=M3, due=date(2026, 9, 30), weight=Decimal("0.30")),
)
QUALITY_PLAN = "每个里程碑做评审 (a review at every milestone)"
RISK_PLAN = "数据迁移先演练 (rehearse the data migration)"
COMMUNICATION_PLAN = "每周例会 (a weekly meeting)"
NEW_END = date(2026, 10, 31)
NEW_SCHEDULE_DUE = datetime(2026, 10, 31, 16, 0, tzinfo=UTC)


def cny(text: str) -> Money:
    return Money.parse(text, "CNY")


def actor(actor_id: str, *roles: Role, department: str = "") -> Actor:
    """An actor with the given id, roles and department."""
    return Actor(id=actor_id, roles=roles, department=department)


PROPOSER = actor("u-ops-1", Role.OPERATIONS, department="operations")
BOSS = actor("u-ceo", Role.MANAGEMENT, department="management")
OTHER_BOSS = actor("u-coo", Role.MANAGEMENT, department="management")
HEAD = actor("u-head-ops", Role.DEPARTMENT_HEAD, department="operations")
PM = actor("u-pm-1", Role.PROJECT_MANAGER, department="pmo")
OTHER_PM = actor("u-pm-2", Role.PROJECT_MANAGER, department="pmo")
ACCOUNTANT = actor("u-fin-1", Role.FINANCE, department="finance")
INSPECTOR = actor("u-qi-1", Role.QUALITY_INSPECTOR, department="quality")
SYSTEM = SYSTEM_ACTOR

# --- events, each at a business time `at` and by the actor who would normally cause it ---------

Step = Callable[[datetime], ProjectEvent]


def proposed(at: datetime = T0) -> ProjectProposed:
    return ProjectProposed(
        occurred_at=at,
        actor=PROPOSER,
        project_id=PROJECT_ID,
        name=NAME,
        department=DEPARTMENT,
        goals=GOALS,
        scope=SCOPE,
        planned_start=PLANNED_START,
        planned_end=PLANNED_END,
        schedule_due=SCHEDULE_DUE,
        budget_amount=BUDGET.amount,
        currency="CNY",
        budget_id=BUDGET_ID,
    )


def approved(at: datetime = T0) -> ProjectApproved:
    return ProjectApproved(occurred_at=at, actor=BOSS)


def rejected(at: datetime = T0) -> ProjectRejected:
    return ProjectRejected(occurred_at=at, actor=BOSS)


def appointed(manager: Actor = PM) -> Step:
    return lambda at: ProjectManagerAppointed(occurred_at=at, actor=BOSS, manager_id=manager.id)


def member_added(member_id: str = "u-dev-1", role: str = "开发 (developer)") -> Step:
    return lambda at: TeamMemberAdded(occurred_at=at, actor=PM, member_id=member_id, role=role)


def plan_submitted(
    milestones: tuple[Milestone, ...] = MILESTONES, *, by: Actor = PM, cost: Money = BASELINE
) -> Step:
    return lambda at: PlanSubmitted(
        occurred_at=at,
        actor=by,
        milestones=milestones,
        quality_plan=QUALITY_PLAN,
        risk_plan=RISK_PLAN,
        communication_plan=COMMUNICATION_PLAN,
        baseline_cost=cost.amount,
        currency="CNY",
    )


def plan_approved(
    milestones: tuple[Milestone, ...] = MILESTONES, *, cost: Money = BASELINE
) -> Step:
    return lambda at: PlanApproved(
        occurred_at=at, actor=BOSS, milestones=milestones, baseline_cost=cost.amount, currency="CNY"
    )


def started(at: datetime = T0) -> ProjectStarted:
    return ProjectStarted(occurred_at=at, actor=PM)


def progress(milestone: str, percent: int) -> Step:
    return lambda at: ProgressRecorded(
        occurred_at=at, actor=PM, milestone=milestone, percent_complete=percent
    )


def cost(amount: str, description: str = "差旅 (travel)") -> Step:
    return lambda at: CostRecorded(
        occurred_at=at,
        actor=ACCOUNTANT,
        amount=Decimal(amount),
        currency="CNY",
        description=description,
    )


def change_requested(*, end: date | None = NEW_END, new_cost: str | None = None) -> Step:
    return lambda at: ChangeRequested(
        occurred_at=at,
        actor=PM,
        new_planned_end=end,
        new_schedule_due=None
        if end is None
        else datetime(end.year, end.month, end.day, 16, tzinfo=UTC),
        new_baseline_cost=None if new_cost is None else Decimal(new_cost),
        currency="CNY",
    )


def baseline_changed(*, end: date = NEW_END, new_cost: str = "400000.00") -> Step:
    return lambda at: BaselineChanged(
        occurred_at=at,
        actor=BOSS,
        planned_end=end,
        schedule_due=datetime(end.year, end.month, end.day, 16, tzinfo=UTC),
        baseline_cost=Decimal(new_cost),
        currency="CNY",
        requested_by=PM.id,
    )


def held(held_from: Status) -> Step:
    return lambda at: ProjectPutOnHold(occurred_at=at, actor=BOSS, held_from=held_from)


def resumed(resumed_to: Status) -> Step:
    return lambda at: ProjectResumed(occurred_at=at, actor=BOSS, resumed_to=resumed_to)


def cancelled(at: datetime = T0) -> ProjectCancelled:
    return ProjectCancelled(occurred_at=at, actor=BOSS)


def acceptance_requested(at: datetime = T0) -> AcceptanceRequested:
    return AcceptanceRequested(occurred_at=at, actor=PM)


def acceptance_passed(at: datetime = T0) -> AcceptancePassed:
    return AcceptancePassed(occurred_at=at, actor=INSPECTOR, defects="")


def acceptance_failed(at: datetime = T0) -> AcceptanceFailed:
    return AcceptanceFailed(occurred_at=at, actor=INSPECTOR, defects="扫码超时 (scan timeouts)")


def report_submitted(at: datetime = T0) -> ClosingReportSubmitted:
    return ClosingReportSubmitted(
        occurred_at=at, actor=PM, summary="按期上线 (live on time)", lessons_learned="早测试"
    )


def closed(at: datetime = T0) -> ProjectClosed:
    return ProjectClosed(occurred_at=at, actor=BOSS, evaluation_score=4)


# --- histories -----------------------------------------------------------------------------------

PROPOSED: tuple[Step, ...] = (proposed,)
APPROVED = (*PROPOSED, approved)
PLANNING = (*APPROVED, appointed())
PLAN_SUBMITTED = (*PLANNING, plan_submitted())
PLAN_APPROVED = (*PLAN_SUBMITTED, plan_approved())
EXECUTING = (*PLAN_APPROVED, started)
ALL_DONE = (*EXECUTING, progress(M1, 100), progress(M2, 100), progress(M3, 100))
ACCEPTANCE_REQUESTED = (*ALL_DONE, acceptance_requested)
ACCEPTED = (*ACCEPTANCE_REQUESTED, acceptance_passed)
REPORTED = (*ACCEPTED, report_submitted)
CLOSED = (*REPORTED, closed)
REJECTED = (*PROPOSED, rejected)
ON_HOLD = (*EXECUTING, held(Status.EXECUTING))
CANCELLED = (*EXECUTING, cancelled)
CHANGE_PENDING = (*EXECUTING, change_requested(new_cost="450000.00"))

#: The canonical road to each state: planning with a plan submitted, executing with nothing
#: recorded yet, accepted with the closing report in, on hold and cancelled while executing.
ROADS: dict[Status, tuple[Step, ...]] = {
    Status.PROPOSED: PROPOSED,
    Status.APPROVED: APPROVED,
    Status.PLANNING: PLAN_SUBMITTED,
    Status.PLAN_APPROVED: PLAN_APPROVED,
    Status.EXECUTING: EXECUTING,
    Status.ACCEPTANCE_REQUESTED: ACCEPTANCE_REQUESTED,
    Status.ACCEPTED: REPORTED,
    Status.CLOSED: CLOSED,
    Status.REJECTED: REJECTED,
    Status.ON_HOLD: ON_HOLD,
    Status.CANCELLED: CANCELLED,
}

#: The states in which nobody manages the project yet.
UNMANAGED = frozenset({Status.PROPOSED, Status.APPROVED, Status.REJECTED})


def history(steps: Iterable[Step]) -> list[ProjectEvent]:
    """The events of `steps`, one hour apart from T0."""
    return [step(T0 + index * HOUR) for index, step in enumerate(steps)]


def history_to(status: Status) -> list[ProjectEvent]:
    """The canonical events that bring a project to `status` (see ROADS)."""
    return history(ROADS[status])


def then(events: list[ProjectEvent], *steps: Step) -> list[ProjectEvent]:
    """`events` followed by more events, one hour apart after the last one."""
    last = events[-1].occurred_at
    return [*events, *(step(last + (index + 1) * HOUR) for index, step in enumerate(steps))]


def given(events: Iterable[ProjectEvent]) -> Project:
    """The project as its past events made it: every event folded in order with `evolve`."""
    project: Project | None = None
    for event in events:
        project = evolve(project, event)
    if project is None:
        raise ValueError("a project's history starts with ProjectProposed")
    return project


def next_moment(events: list[ProjectEvent]) -> datetime:
    """One hour after the last event: when the command under test is sent."""
    return events[-1].occurred_at + HOUR


def decide(
    past: list[ProjectEvent], command: Command, by: Actor
) -> tuple[list[ProjectEvent], list[ProjectEvent]]:
    """`command` sent by `by` one hour after `past`: the events decided, and the new history."""
    events = command(given(past), by, next_moment(past))
    return events, [*past, *events]


# --- every command on a project with a valid payload, as (project, actor, at) -> events ---------

Command = Callable[[Project, Actor, datetime], list[ProjectEvent]]


def submit(
    milestones: Sequence[Milestone] = MILESTONES,
    *,
    baseline: Money = BASELINE,
    quality_plan: str = QUALITY_PLAN,
    risk_plan: str = RISK_PLAN,
    communication_plan: str = COMMUNICATION_PLAN,
) -> Command:
    return lambda p, a, t: decisions.submit_plan(
        p,
        milestones=milestones,
        quality_plan=quality_plan,
        risk_plan=risk_plan,
        communication_plan=communication_plan,
        baseline_cost=baseline,
        actor=a,
        at=t,
    )


COMMANDS: dict[str, Command] = {
    "approve": lambda p, a, t: decisions.approve(p, actor=a, at=t),
    "reject": lambda p, a, t: decisions.reject(p, actor=a, at=t),
    "appoint_manager": lambda p, a, t: decisions.appoint_manager(
        p, manager_id=OTHER_PM.id, actor=a, at=t
    ),
    "add_member": lambda p, a, t: decisions.add_member(
        p, member_id="u-dev-9", role="测试 (tester)", actor=a, at=t
    ),
    "submit_plan": submit(),
    "approve_plan": lambda p, a, t: decisions.approve_plan(p, actor=a, at=t),
    "start": lambda p, a, t: decisions.start(p, actor=a, at=t),
    "record_progress": lambda p, a, t: decisions.record_progress(
        p, milestone=M1, percent_complete=100, actor=a, at=t
    ),
    "record_cost": lambda p, a, t: decisions.record_cost(
        p, amount=cny("1200.00"), description="服务器 (servers)", actor=a, at=t
    ),
    "request_change": lambda p, a, t: decisions.request_change(
        p, new_planned_end=NEW_END, actor=a, at=t, zone=SHANGHAI
    ),
    "approve_change": lambda p, a, t: decisions.approve_change(p, actor=a, at=t),
    "hold": lambda p, a, t: decisions.hold(p, actor=a, at=t),
    "resume": lambda p, a, t: decisions.resume(p, actor=a, at=t),
    "cancel": lambda p, a, t: decisions.cancel(p, actor=a, at=t),
    "request_acceptance": lambda p, a, t: decisions.request_acceptance(p, actor=a, at=t),
    "record_acceptance": lambda p, a, t: decisions.record_acceptance(
        p, passed=True, defects="", actor=a, at=t
    ),
    "submit_closing_report": lambda p, a, t: decisions.submit_closing_report(
        p, summary="按期上线 (live on time)", lessons_learned="早测试 (test early)", actor=a, at=t
    ),
    "close": lambda p, a, t: decisions.close(p, evaluation_score=4, actor=a, at=t),
}


def propose_as(
    by: Actor,
    at: datetime = T0,
    *,
    name: str = NAME,
    department: str = DEPARTMENT,
    goals: str = GOALS,
    scope: str = SCOPE,
    start: date = PLANNED_START,
    end: date = PLANNED_END,
    budget: Money = BUDGET,
    budget_id: UUID | None = BUDGET_ID,
) -> list[ProjectEvent]:
    """Propose the standard project as `by`, with any part replaced."""
    return decisions.propose(
        project_id=PROJECT_ID,
        name=name,
        department=department,
        goals=goals,
        scope=scope,
        planned_start=start,
        planned_end=end,
        budget_amount=budget,
        budget_id=budget_id,
        actor=by,
        at=at,
        zone=SHANGHAI,
    )
