"""Facts of a project's life, named as DOMAIN.md §4 names them."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import ClassVar
from uuid import UUID

import attrs

from domain.project.values import Milestone, Status
from domain.shared.events import Event


@attrs.frozen(kw_only=True)
class ProjectEvent(Event):
    """Base of every project event."""

    aggregate_type: ClassVar[str] = "project"


@attrs.frozen(kw_only=True)
class ProjectProposed(ProjectEvent):
    """An employee proposed a project; the proposer is the actor. `schedule_due` is the first
    instant after the planned end day in the company's time zone: from then on a project not
    yet accepted is late. The budget is `budget_amount` in `currency`."""

    project_id: UUID
    name: str
    department: str
    goals: str
    scope: str
    planned_start: date
    planned_end: date
    schedule_due: datetime
    budget_amount: Decimal
    currency: str
    budget_id: UUID | None = None


@attrs.frozen(kw_only=True)
class ProjectApproved(ProjectEvent):
    pass


@attrs.frozen(kw_only=True)
class ProjectRejected(ProjectEvent):
    pass


@attrs.frozen(kw_only=True)
class ProjectManagerAppointed(ProjectEvent):
    """`manager_id` manages the project from now on; an approved project starts planning."""

    manager_id: str


@attrs.frozen(kw_only=True)
class TeamMemberAdded(ProjectEvent):
    """`member_id` joined the team in the project role `role` (free text, such as "架构师")."""

    member_id: str
    role: str


@attrs.frozen(kw_only=True)
class PlanSubmitted(ProjectEvent):
    """The project manager submitted a plan; it replaces any plan not yet approved."""

    milestones: tuple[Milestone, ...]
    quality_plan: str
    risk_plan: str
    communication_plan: str
    baseline_cost: Decimal
    currency: str


@attrs.frozen(kw_only=True)
class PlanApproved(ProjectEvent):
    """The plan was approved and its baseline frozen: these milestones, this baseline cost."""

    milestones: tuple[Milestone, ...]
    baseline_cost: Decimal
    currency: str


@attrs.frozen(kw_only=True)
class ProjectStarted(ProjectEvent):
    pass


@attrs.frozen(kw_only=True)
class ProgressRecorded(ProjectEvent):
    """`milestone` (named as in the plan) stands at `percent_complete`, 0 to 100."""

    milestone: str
    percent_complete: int


@attrs.frozen(kw_only=True)
class CostRecorded(ProjectEvent):
    amount: Decimal
    currency: str
    description: str


@attrs.frozen(kw_only=True)
class ChangeRequested(ProjectEvent):
    """The project manager asked to move the baseline (the reason is on the envelope): a new
    planned end (and when the schedule is then due), a new baseline cost, or both. It replaces
    any change request not yet approved."""

    new_planned_end: date | None = None
    new_schedule_due: datetime | None = None
    new_baseline_cost: Decimal | None = None
    currency: str


@attrs.frozen(kw_only=True)
class BaselineChanged(ProjectEvent):
    """Management approved the change requested by `requested_by`: from now on the baseline is
    this planned end (schedule due at `schedule_due`) and this baseline cost."""

    planned_end: date
    schedule_due: datetime
    baseline_cost: Decimal
    currency: str
    requested_by: str


@attrs.frozen(kw_only=True)
class ProjectPutOnHold(ProjectEvent):
    """The project was held in `held_from`, where it resumes."""

    held_from: Status


@attrs.frozen(kw_only=True)
class ProjectResumed(ProjectEvent):
    """The hold ended; the project is back in `resumed_to`, where it was held."""

    resumed_to: Status


@attrs.frozen(kw_only=True)
class ProjectCancelled(ProjectEvent):
    pass


@attrs.frozen(kw_only=True)
class AcceptanceRequested(ProjectEvent):
    """Every milestone stands at 100%; the project manager asked for acceptance."""


@attrs.frozen(kw_only=True)
class AcceptancePassed(ProjectEvent):
    """A quality inspector accepted the project; `defects` notes any minor ones found."""

    defects: str


@attrs.frozen(kw_only=True)
class AcceptanceFailed(ProjectEvent):
    """A quality inspector failed the project for `defects`; it went back to executing."""

    defects: str


@attrs.frozen(kw_only=True)
class ClosingReportSubmitted(ProjectEvent):
    """The closing report; a later one replaces it until the project is closed."""

    summary: str
    lessons_learned: str


@attrs.frozen(kw_only=True)
class ProjectClosed(ProjectEvent):
    """Management closed the project with its evaluation score, 1 to 5."""

    evaluation_score: int


@attrs.frozen(kw_only=True)
class ProjectScheduleOverdue(ProjectEvent):
    """The sweep noticed the project not accepted by the end of its planned end day."""

    planned_end: date
    schedule_due: datetime
