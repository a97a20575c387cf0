"""Decisions from proposal to planning: approve or reject, appoint the manager, build the team."""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from uuid import UUID

from domain.project.decisions.manager import SUBJECT, require_manager
from domain.project.events import (
    ProjectApproved,
    ProjectEvent,
    ProjectManagerAppointed,
    ProjectProposed,
    ProjectRejected,
    TeamMemberAdded,
)
from domain.project.plan import schedule_due
from domain.project.state import Project
from domain.project.values import EMPLOYEE_ROLES, TEAM_OPEN, Status
from domain.shared.actor import Actor, Role
from domain.shared.errors import RuleViolation
from domain.shared.guards import require_role, require_segregated, require_status, require_text
from domain.shared.money import Money


def propose(
    *,
    project_id: UUID,
    name: str,
    department: str,
    goals: str,
    scope: str,
    planned_start: date,
    planned_end: date,
    budget_amount: Money,
    budget_id: UUID | None = None,
    actor: Actor,
    at: datetime,
    zone: tzinfo,
) -> list[ProjectEvent]:
    """Any employee proposes a project: a name, the department it is for, its goals and scope,
    planned dates that end on or after they start, and a budget above zero (in its currency).
    The proposer may not approve or reject their own proposal."""
    require_role(actor, *EMPLOYEE_ROLES, action="propose a project")
    for field, text in (("name", name), ("department", department), ("goals", goals)):
        require_text(text, field)
    require_text(scope, "scope")
    if budget_amount.amount <= 0:
        raise RuleViolation(
            f"the budget must be above zero, not {budget_amount}", field="budget_amount"
        )
    if planned_end < planned_start:
        raise RuleViolation(
            f"the planned end {planned_end} is before the planned start {planned_start}",
            field="planned_end",
        )
    return [
        ProjectProposed(
            occurred_at=at,
            actor=actor,
            project_id=project_id,
            name=name,
            department=department,
            goals=goals,
            scope=scope,
            planned_start=planned_start,
            planned_end=planned_end,
            schedule_due=schedule_due(planned_end, zone=zone),
            budget_amount=budget_amount.amount,
            currency=budget_amount.currency,
            budget_id=budget_id,
        )
    ]


def approve(project: Project, *, actor: Actor, at: datetime) -> list[ProjectEvent]:
    """Management approves a proposed project, never the one who proposed it."""
    _decide_proposal(project, actor=actor, action="approve")
    return [ProjectApproved(occurred_at=at, actor=actor)]


def reject(project: Project, *, actor: Actor, at: datetime) -> list[ProjectEvent]:
    """Management rejects a proposed project with a reason, never the one who proposed it.
    Rejection is final."""
    _decide_proposal(project, actor=actor, action="reject")
    return [ProjectRejected(occurred_at=at, actor=actor)]


def appoint_manager(
    project: Project, *, manager_id: str, actor: Actor, at: datetime
) -> list[ProjectEvent]:
    """Management appoints the project manager of an approved project, who then plans it. A
    manager may be replaced while the project is planned or executed; a replacement during
    planning voids a plan not yet approved, which the new manager submits afresh."""
    require_role(actor, Role.MANAGEMENT, action="appoint a project manager")
    require_status(
        project.status,
        Status.APPROVED,
        *TEAM_OPEN,
        subject=SUBJECT,
        action="appoint a manager of",
    )
    require_text(manager_id, "manager_id")
    if manager_id == project.manager_id:
        raise RuleViolation(f"{manager_id} already manages this project", field="manager_id")
    return [ProjectManagerAppointed(occurred_at=at, actor=actor, manager_id=manager_id)]


def add_member(
    project: Project, *, member_id: str, role: str, actor: Actor, at: datetime
) -> list[ProjectEvent]:
    """The project manager adds a member to the team, once each, with their role on the
    project, while the project is planned or executed."""
    require_manager(project, actor, action="add a team member to a project")
    require_status(project.status, *TEAM_OPEN, subject=SUBJECT, action="add a team member to")
    require_text(member_id, "member_id")
    require_text(role, "role")
    if member_id in project.members:
        raise RuleViolation(
            f"{member_id} is already on the team as {project.members[member_id]}",
            field="member_id",
        )
    return [TeamMemberAdded(occurred_at=at, actor=actor, member_id=member_id, role=role)]


def _decide_proposal(project: Project, *, actor: Actor, action: str) -> None:
    require_role(actor, Role.MANAGEMENT, action=f"{action} a project")
    require_status(project.status, Status.PROPOSED, subject=SUBJECT, action=action)
    require_segregated(actor, project.proposer_id, duty="proposed", subject=SUBJECT, action=action)
