"""A project as its events have made it, and `evolve`, which folds one more event into it."""

from __future__ import annotations

import decimal
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

import attrs

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
    ProjectScheduleOverdue,
    ProjectStarted,
    TeamMemberAdded,
)
from domain.project.values import (
    Baseline,
    ChangeRequest,
    CostEntry,
    Milestone,
    Plan,
    ProgressEntry,
    Status,
)
from domain.shared.money import Money

ZERO = Decimal("0.00")

# Sums of stored amounts never raise: a value no decision would accept adds nothing.
_LENIENT = decimal.Context(prec=60, traps=[])


@attrs.frozen(kw_only=True)
class Project:
    """The state of one project, rebuilt from its events.

    Besides where the project stands, it keeps the dated history earned value needs at any
    date: every baseline and when it took effect, every progress entry and every cost.
    """

    id: UUID
    name: str
    department: str
    goals: str
    scope: str
    planned_start: date
    #: The planned end in force (moved by an approved change).
    planned_end: date
    #: The first instant after the planned end day in the company's time zone.
    schedule_due: datetime
    currency: str
    budget_amount: Decimal
    budget_id: UUID | None
    #: Who proposed the project.
    proposer_id: str
    proposed_at: datetime
    #: The business time of the latest event: nothing that follows is dated before it.
    last_event_at: datetime
    status: Status = Status.PROPOSED
    held_from: Status | None = None
    #: The project manager: the person appointed last.
    manager_id: str | None = None
    #: The team: each member's id and their role on the project.
    members: Mapping[str, str] = attrs.field(factory=dict)
    #: The plan submitted and not yet approved, and who submitted it.
    submitted_plan: Plan | None = None
    plan_submitted_by: str | None = None
    #: The approved plan (its milestones are the baseline's); None until a plan is approved.
    plan: Plan | None = None
    #: Every baseline in the order it took effect; the last one is in force.
    baselines: tuple[Baseline, ...] = ()
    #: The latest percent complete of each milestone.
    progress: Mapping[str, int] = attrs.field(factory=dict)
    progress_log: tuple[ProgressEntry, ...] = ()
    cost_log: tuple[CostEntry, ...] = ()
    cost_total: Decimal = ZERO
    pending_change: ChangeRequest | None = None
    changes_approved: int = 0
    acceptance_failures: int = 0
    accepted_at: datetime | None = None
    closing_report_submitted: bool = False
    evaluation_score: int | None = None
    overdue_reported: bool = False
    finished_at: datetime | None = None

    @property
    def milestones(self) -> tuple[Milestone, ...]:
        """The milestones of the approved plan (none before a plan is approved)."""
        return () if self.plan is None else self.plan.milestones

    @property
    def baseline_cost(self) -> Decimal | None:
        """The baseline cost in force (BAC); None before a plan is approved."""
        return self.baselines[-1].cost if self.baselines else None

    @property
    def budget(self) -> Money:
        return Money(self.budget_amount, self.currency)

    @property
    def actual_cost(self) -> Money:
        """Every cost recorded so far."""
        return Money(self.cost_total, self.currency)

    def percent_complete(self, milestone: str) -> int:
        """How far a milestone stands: its latest recorded percent, 0 when none was recorded."""
        return self.progress.get(milestone, 0)

    @property
    def incomplete_milestones(self) -> tuple[str, ...]:
        """The approved plan's milestones not yet at 100%, in plan order."""
        return tuple(m.name for m in self.milestones if self.percent_complete(m.name) < 100)


def evolve(project: Project | None, event: ProjectEvent) -> Project:
    """Fold one stored event into the project. Accepts every event ever stored; never refuses."""
    if isinstance(event, ProjectProposed):
        return Project(
            id=event.project_id,
            name=event.name,
            department=event.department,
            goals=event.goals,
            scope=event.scope,
            planned_start=event.planned_start,
            planned_end=event.planned_end,
            schedule_due=event.schedule_due,
            currency=event.currency,
            budget_amount=event.budget_amount,
            budget_id=event.budget_id,
            proposer_id=event.actor.id,
            proposed_at=event.occurred_at,
            last_event_at=event.occurred_at,
        )
    if project is None:
        raise ValueError(f"{type(event).__name__} cannot start a project's history")
    return _evolve_existing(
        attrs.evolve(project, last_event_at=max(project.last_event_at, event.occurred_at)), event
    )


def _evolve_existing(p: Project, event: ProjectEvent) -> Project:
    match event:
        case ProjectApproved():
            return attrs.evolve(p, status=Status.APPROVED)
        case ProjectRejected():
            return attrs.evolve(p, status=Status.REJECTED, finished_at=event.occurred_at)
        case ProjectManagerAppointed():
            return _appointed(p, event)
        case TeamMemberAdded():
            return attrs.evolve(p, members={**p.members, event.member_id: event.role})
        case PlanSubmitted():
            plan = Plan(
                milestones=event.milestones,
                quality_plan=event.quality_plan,
                risk_plan=event.risk_plan,
                communication_plan=event.communication_plan,
                baseline_cost=event.baseline_cost,
            )
            return attrs.evolve(p, submitted_plan=plan, plan_submitted_by=event.actor.id)
        case PlanApproved():
            return _plan_approved(p, event)
        case ProjectStarted():
            return attrs.evolve(p, status=Status.EXECUTING)
        case ProgressRecorded():
            entry = ProgressEntry(
                at=event.occurred_at,
                milestone=event.milestone,
                percent_complete=event.percent_complete,
            )
            return attrs.evolve(
                p,
                progress={**p.progress, event.milestone: event.percent_complete},
                progress_log=(*p.progress_log, entry),
            )
        case CostRecorded():
            entry_cost = CostEntry(
                at=event.occurred_at, amount=event.amount, description=event.description
            )
            return attrs.evolve(
                p,
                cost_log=(*p.cost_log, entry_cost),
                cost_total=_plus(p.cost_total, event.amount),
            )
        case ChangeRequested():
            change = ChangeRequest(
                new_planned_end=event.new_planned_end,
                new_schedule_due=event.new_schedule_due,
                new_baseline_cost=event.new_baseline_cost,
                requested_by=event.actor.id,
                requested_at=event.occurred_at,
            )
            return attrs.evolve(p, pending_change=change)
        case BaselineChanged():
            baseline = Baseline(
                effective_at=event.occurred_at,
                cost=event.baseline_cost,
                planned_end=event.planned_end,
            )
            return attrs.evolve(
                p,
                baselines=(*p.baselines, baseline),
                planned_end=event.planned_end,
                schedule_due=event.schedule_due,
                pending_change=None,
                changes_approved=p.changes_approved + 1,
            )
        case ProjectPutOnHold():
            return attrs.evolve(p, status=Status.ON_HOLD, held_from=event.held_from)
        case ProjectResumed():
            return attrs.evolve(p, status=event.resumed_to, held_from=None)
        case ProjectCancelled():
            return attrs.evolve(
                p, status=Status.CANCELLED, held_from=None, finished_at=event.occurred_at
            )
        case AcceptanceRequested():
            return attrs.evolve(p, status=Status.ACCEPTANCE_REQUESTED)
        case AcceptancePassed():
            return attrs.evolve(p, status=Status.ACCEPTED, accepted_at=event.occurred_at)
        case AcceptanceFailed():
            return attrs.evolve(
                p, status=Status.EXECUTING, acceptance_failures=p.acceptance_failures + 1
            )
        case ClosingReportSubmitted():
            return attrs.evolve(p, closing_report_submitted=True)
        case ProjectClosed():
            return attrs.evolve(
                p,
                status=Status.CLOSED,
                evaluation_score=event.evaluation_score,
                finished_at=event.occurred_at,
            )
        case ProjectScheduleOverdue():
            return attrs.evolve(p, overdue_reported=True)
    return p


def _appointed(p: Project, event: ProjectManagerAppointed) -> Project:
    """An approved project starts planning under its manager. A manager appointed in place of
    another while planning owns the plan from then on: a plan their predecessor submitted and
    nobody approved yet is void, and the new manager submits their own."""
    if p.status is Status.APPROVED:
        return attrs.evolve(p, status=Status.PLANNING, manager_id=event.manager_id)
    if p.status is Status.PLANNING:
        return attrs.evolve(
            p, manager_id=event.manager_id, submitted_plan=None, plan_submitted_by=None
        )
    return attrs.evolve(p, manager_id=event.manager_id)


def _plan_approved(p: Project, event: PlanApproved) -> Project:
    """The plan approved is the one submitted, with the milestones and baseline cost the event
    froze; the baseline is in force from the approval's business time."""
    submitted = p.submitted_plan
    plan = Plan(
        milestones=event.milestones,
        quality_plan="" if submitted is None else submitted.quality_plan,
        risk_plan="" if submitted is None else submitted.risk_plan,
        communication_plan="" if submitted is None else submitted.communication_plan,
        baseline_cost=event.baseline_cost,
    )
    baseline = Baseline(
        effective_at=event.occurred_at, cost=event.baseline_cost, planned_end=p.planned_end
    )
    return attrs.evolve(
        p,
        status=Status.PLAN_APPROVED,
        plan=plan,
        submitted_plan=None,
        baselines=(*p.baselines, baseline),
    )


def _plus(amount: Decimal, more: Decimal) -> Decimal:
    result = _LENIENT.add(amount, more) if more.is_finite() else amount
    return result if result.is_finite() else amount
