"""Decisions on the plan and its baseline: submit and approve it, request and approve changes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, tzinfo
from decimal import Decimal

from domain.project.decisions.manager import SUBJECT, require_manager
from domain.project.events import (
    BaselineChanged,
    ChangeRequested,
    PlanApproved,
    PlanSubmitted,
    ProjectEvent,
)
from domain.project.plan import checked_amount, checked_milestones, schedule_due
from domain.project.state import ZERO, Project
from domain.project.values import BASELINED, PLAN_APPROVERS, Milestone, Status
from domain.shared.actor import Actor, Role
from domain.shared.errors import RuleViolation
from domain.shared.guards import require_role, require_segregated, require_status, require_text
from domain.shared.money import Money


def submit_plan(
    project: Project,
    *,
    milestones: Sequence[Milestone],
    quality_plan: str,
    risk_plan: str,
    communication_plan: str,
    baseline_cost: Money,
    actor: Actor,
    at: datetime,
) -> list[ProjectEvent]:
    """The project manager submits the plan: all four parts (milestones, a quality plan, a
    risk plan, a communication plan), each milestone due within the project's planned dates,
    weights adding up to exactly 1, and a baseline cost above zero that fits in the approved
    budget. A plan submitted again before approval replaces the earlier one."""
    require_manager(project, actor, action="submit a project's plan")
    require_status(project.status, Status.PLANNING, subject=SUBJECT, action="submit a plan for")
    checked = checked_milestones(
        milestones, planned_start=project.planned_start, planned_end=project.planned_end
    )
    require_text(quality_plan, "quality_plan")
    require_text(risk_plan, "risk_plan")
    require_text(communication_plan, "communication_plan")
    cost = checked_amount(baseline_cost, currency=project.currency, field="baseline_cost")
    if baseline_cost > project.budget:
        raise RuleViolation(
            f"the baseline cost {baseline_cost} is more than the approved budget {project.budget}",
            field="baseline_cost",
            budget_amount=str(project.budget_amount),
        )
    return [
        PlanSubmitted(
            occurred_at=at,
            actor=actor,
            milestones=checked,
            quality_plan=quality_plan,
            risk_plan=risk_plan,
            communication_plan=communication_plan,
            baseline_cost=cost,
            currency=project.currency,
        )
    ]


def approve_plan(project: Project, *, actor: Actor, at: datetime) -> list[ProjectEvent]:
    """Management or a department head approves the submitted plan, never the project manager
    who submitted it. Approval freezes the baseline: the milestones and the baseline cost."""
    require_role(actor, *PLAN_APPROVERS, action="approve a project's plan")
    require_status(project.status, Status.PLANNING, subject=SUBJECT, action="approve the plan of")
    plan = project.submitted_plan
    if plan is None:
        raise RuleViolation("no plan has been submitted for this project")
    require_segregated(
        actor, project.plan_submitted_by, duty="submitted", subject="project plan", action="approve"
    )
    return [
        PlanApproved(
            occurred_at=at,
            actor=actor,
            milestones=plan.milestones,
            baseline_cost=plan.baseline_cost,
            currency=project.currency,
        )
    ]


def request_change(
    project: Project,
    *,
    new_planned_end: date | None = None,
    new_baseline_cost: Money | None = None,
    actor: Actor,
    at: datetime,
    zone: tzinfo,
) -> list[ProjectEvent]:
    """The project manager asks, with a reason, to move the baseline of an approved plan: a
    new planned end, a new baseline cost, or both, each different from the one in force. The
    new end is no earlier than the start or any milestone; the new cost is above zero. A new
    request replaces one not yet approved."""
    require_manager(project, actor, action="request a change of a project's baseline")
    require_status(project.status, *BASELINED, subject=SUBJECT, action="request a change of")
    if new_planned_end is None and new_baseline_cost is None:
        raise RuleViolation("a change request moves the planned end, the baseline cost or both")
    cost = None
    if new_baseline_cost is not None:
        cost = checked_amount(
            new_baseline_cost, currency=project.currency, field="new_baseline_cost"
        )
        if cost == project.baseline_cost:
            raise RuleViolation(
                f"the baseline cost is already {new_baseline_cost}", field="new_baseline_cost"
            )
    if new_planned_end is not None:
        _require_new_end(project, new_planned_end)
    return [
        ChangeRequested(
            occurred_at=at,
            actor=actor,
            new_planned_end=new_planned_end,
            new_schedule_due=None
            if new_planned_end is None
            else schedule_due(new_planned_end, zone=zone),
            new_baseline_cost=cost,
            currency=project.currency,
        )
    ]


def approve_change(project: Project, *, actor: Actor, at: datetime) -> list[ProjectEvent]:
    """Management approves the pending change request, never the one who requested it. The
    baseline moves: from now on the planned end (and so the schedule deadline) and the
    baseline cost are the requested ones."""
    require_role(actor, Role.MANAGEMENT, action="approve a change of a project's baseline")
    require_status(project.status, *BASELINED, subject=SUBJECT, action="approve a change of")
    change = project.pending_change
    if change is None:
        raise RuleViolation("no change of this project's baseline has been requested")
    require_segregated(
        actor, change.requested_by, duty="requested", subject="change", action="approve"
    )
    return [
        BaselineChanged(
            occurred_at=at,
            actor=actor,
            planned_end=project.planned_end
            if change.new_planned_end is None
            else change.new_planned_end,
            schedule_due=project.schedule_due
            if change.new_schedule_due is None
            else change.new_schedule_due,
            baseline_cost=_in_force(change.new_baseline_cost, project.baseline_cost),
            currency=project.currency,
            requested_by=change.requested_by,
        )
    ]


def _require_new_end(project: Project, new_end: date) -> None:
    if new_end == project.planned_end:
        raise RuleViolation(f"the planned end is already {new_end}", field="new_planned_end")
    latest = max((m.due for m in project.milestones), default=project.planned_start)
    if new_end < max(latest, project.planned_start):
        raise RuleViolation(
            f"the planned end {new_end} would be before the start or a milestone due on {latest}",
            field="new_planned_end",
        )


def _in_force(new: Decimal | None, current: Decimal | None) -> Decimal:
    """The baseline cost after a change: the new one if the change moves it."""
    if new is not None:
        return new
    return ZERO if current is None else current
