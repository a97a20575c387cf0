"""Values of projects: statuses, milestones, and the dated records earned value is computed from."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

import attrs

from domain.shared.actor import Role


class Status(enum.StrEnum):
    """Where a project stands: initiation, plan, execution, acceptance, closing."""

    PROPOSED = "proposed"
    APPROVED = "approved"
    PLANNING = "planning"
    PLAN_APPROVED = "plan_approved"
    EXECUTING = "executing"
    ACCEPTANCE_REQUESTED = "acceptance_requested"
    ACCEPTED = "accepted"
    CLOSED = "closed"
    REJECTED = "rejected"
    ON_HOLD = "on_hold"
    CANCELLED = "cancelled"

    @property
    def is_finished(self) -> bool:
        """Closed, rejected and cancelled projects take no more commands."""
        return self in (Status.CLOSED, Status.REJECTED, Status.CANCELLED)


#: The states a project may be put on hold in, and resumed to: open, and not yet accepted.
HOLDABLE = frozenset(
    {
        Status.PROPOSED,
        Status.APPROVED,
        Status.PLANNING,
        Status.PLAN_APPROVED,
        Status.EXECUTING,
        Status.ACCEPTANCE_REQUESTED,
    }
)

#: The states a project may be cancelled in: open and not yet accepted, on hold included.
CANCELLABLE = HOLDABLE | {Status.ON_HOLD}

#: The states in which the project is approved and owes acceptance by its planned end.
SCHEDULE_OWED = frozenset(
    {
        Status.APPROVED,
        Status.PLANNING,
        Status.PLAN_APPROVED,
        Status.EXECUTING,
        Status.ACCEPTANCE_REQUESTED,
    }
)

#: The states in which the team is built: from planning through execution.
TEAM_OPEN = frozenset({Status.PLANNING, Status.PLAN_APPROVED, Status.EXECUTING})

#: The states with an approved baseline that a change request may move.
BASELINED = frozenset({Status.PLAN_APPROVED, Status.EXECUTING, Status.ACCEPTANCE_REQUESTED})

#: The states in which costs are recorded: from plan approval until closing, on hold too (a
#: cost incurred is a fact whatever the project's state).
COSTS_OPEN = BASELINED | {Status.ACCEPTED, Status.ON_HOLD}

#: Who may approve a project's plan (DOMAIN §4 `project.approve_plan`).
PLAN_APPROVERS = (Role.MANAGEMENT, Role.DEPARTMENT_HEAD)

#: "Any employee": every role but the read-only auditor and the sweeping system.
EMPLOYEE_ROLES = tuple(role for role in Role if role not in (Role.AUDITOR, Role.SYSTEM))

#: A milestone weight is a share of the whole with at most this many decimal places.
WEIGHT_PLACES = 6

#: An evaluation score runs from 1 to 5.
LOWEST_SCORE, HIGHEST_SCORE = 1, 5


@attrs.frozen(kw_only=True)
class Milestone:
    """A milestone of the plan: its name, the day it is due, and its weight, the share of the
    whole project it stands for (the weights of a plan add up to exactly 1). As stored in
    events it is a record of facts: decisions check it, nothing else."""

    name: str
    due: date
    weight: Decimal


@attrs.frozen(kw_only=True)
class Plan:
    """A plan as submitted: its milestones, its three written parts and its baseline cost (in
    the project's currency)."""

    milestones: tuple[Milestone, ...]
    quality_plan: str
    risk_plan: str
    communication_plan: str
    baseline_cost: Decimal


@attrs.frozen(kw_only=True)
class ChangeRequest:
    """A change of the baseline awaiting management's approval: a new planned end (and when the
    schedule is then due), a new baseline cost, or both; who asked and when."""

    new_planned_end: date | None
    new_schedule_due: datetime | None
    new_baseline_cost: Decimal | None
    requested_by: str
    requested_at: datetime


@attrs.frozen(kw_only=True)
class Baseline:
    """A baseline in force from `effective_at` (business time) until the next one: the cost to
    complete (BAC) and the planned end."""

    effective_at: datetime
    cost: Decimal
    planned_end: date


@attrs.frozen(kw_only=True)
class ProgressEntry:
    """Progress on one milestone as recorded at a business time."""

    at: datetime
    milestone: str
    percent_complete: int


@attrs.frozen(kw_only=True)
class CostEntry:
    """A cost recorded at a business time, in the project's currency."""

    at: datetime
    amount: Decimal
    description: str
