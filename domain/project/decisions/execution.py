"""Decisions while a project runs: start, progress, costs, hold, resume and cancel."""

from __future__ import annotations

from datetime import datetime

from domain.project.decisions.manager import MANAGER, SUBJECT, require_manager
from domain.project.events import (
    CostRecorded,
    ProgressRecorded,
    ProjectCancelled,
    ProjectEvent,
    ProjectPutOnHold,
    ProjectResumed,
    ProjectStarted,
)
from domain.project.plan import checked_amount
from domain.project.state import Project
from domain.project.values import CANCELLABLE, COSTS_OPEN, HOLDABLE, Status
from domain.shared.actor import Actor, Role
from domain.shared.errors import RuleViolation
from domain.shared.guards import require_recorded_actor, require_role, require_status, require_text
from domain.shared.money import Money


def start(project: Project, *, actor: Actor, at: datetime) -> list[ProjectEvent]:
    """The project manager starts executing a project whose plan is approved."""
    require_manager(project, actor, action="start a project")
    require_status(project.status, Status.PLAN_APPROVED, subject=SUBJECT, action="start")
    return [ProjectStarted(occurred_at=at, actor=actor)]


def record_progress(
    project: Project, *, milestone: str, percent_complete: int, actor: Actor, at: datetime
) -> list[ProjectEvent]:
    """The project manager records how far a milestone of the approved plan stands, 0 to 100
    percent, while the project is executed. A milestone's progress never decreases."""
    require_manager(project, actor, action="record progress on a project")
    require_status(project.status, Status.EXECUTING, subject=SUBJECT, action="record progress on")
    if milestone not in {m.name for m in project.milestones}:
        raise RuleViolation(f"the plan has no milestone {milestone!r}", field="milestone")
    if (
        isinstance(percent_complete, bool)
        or not isinstance(percent_complete, int)
        or not 0 <= percent_complete <= 100
    ):
        raise RuleViolation(
            f"percent complete is a whole number from 0 to 100, not {percent_complete!r}",
            field="percent_complete",
        )
    already = project.percent_complete(milestone)
    if percent_complete < already:
        raise RuleViolation(
            f"milestone {milestone} already stands at {already}%; progress never decreases",
            field="percent_complete",
            recorded=already,
        )
    return [
        ProgressRecorded(
            occurred_at=at, actor=actor, milestone=milestone, percent_complete=percent_complete
        )
    ]


def record_cost(
    project: Project, *, amount: Money, description: str, actor: Actor, at: datetime
) -> list[ProjectEvent]:
    """The project manager or finance records a cost above zero, in the project's currency,
    from plan approval until the project is closed (while on hold too)."""
    require_recorded_actor(
        actor,
        project.manager_id,
        who=MANAGER,
        action="record a cost of a project",
        or_roles=(Role.FINANCE,),
    )
    require_status(project.status, *COSTS_OPEN, subject=SUBJECT, action="record a cost of")
    require_text(description, "description")
    value = checked_amount(amount, currency=project.currency, field="amount")
    return [
        CostRecorded(
            occurred_at=at,
            actor=actor,
            amount=value,
            currency=project.currency,
            description=description,
        )
    ]


def hold(project: Project, *, actor: Actor, at: datetime) -> list[ProjectEvent]:
    """Management puts an open project on hold, with a reason, at any point before it is
    accepted. Nothing moves it on until it resumes."""
    require_role(actor, Role.MANAGEMENT, action="put a project on hold")
    require_status(project.status, *HOLDABLE, subject=SUBJECT, action="put on hold")
    return [ProjectPutOnHold(occurred_at=at, actor=actor, held_from=project.status)]


def resume(project: Project, *, actor: Actor, at: datetime) -> list[ProjectEvent]:
    """Management resumes a project on hold, with a reason; it is back where it was held."""
    require_role(actor, Role.MANAGEMENT, action="resume a project")
    require_status(project.status, Status.ON_HOLD, subject=SUBJECT, action="resume")
    resumed_to = project.held_from if project.held_from is not None else Status.PROPOSED
    return [ProjectResumed(occurred_at=at, actor=actor, resumed_to=resumed_to)]


def cancel(project: Project, *, actor: Actor, at: datetime) -> list[ProjectEvent]:
    """Management cancels a project, with a reason, at any point before it is accepted (on
    hold too). An accepted project is closed, not cancelled."""
    require_role(actor, Role.MANAGEMENT, action="cancel a project")
    require_status(project.status, *CANCELLABLE, subject=SUBJECT, action="cancel")
    return [ProjectCancelled(occurred_at=at, actor=actor)]
