"""Project KPIs (DOMAIN §7): on-time completion, first-pass acceptance, cost control, and the
SPI and CPI of the projects executing at a period's end.

The facts are one row per project: its acceptance, its first inspection's verdict, and the
dated history earned value needs (the approved milestones, every baseline and when it took
effect, every progress entry and cost, and when the project entered and left execution), so
that earned value can be computed at the end of any period with the domain's own
`earned_value`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date, datetime, tzinfo
from decimal import Decimal
from typing import Any

import attrs

from domain.project.earned_value import EarnedValue, earned_value
from domain.project.events import (
    AcceptanceFailed,
    AcceptancePassed,
    AcceptanceRequested,
    BaselineChanged,
    CostRecorded,
    PlanApproved,
    ProgressRecorded,
    ProjectCancelled,
    ProjectClosed,
    ProjectEvent,
    ProjectProposed,
    ProjectPutOnHold,
    ProjectResumed,
    ProjectStarted,
)
from domain.project.state import Project
from domain.project.values import Baseline, CostEntry, Milestone, Plan, ProgressEntry, Status
from domain.shared.period import Period
from projections.kpi.family import Facts
from projections.kpi.figures import PLACES, pct
from projections.kpi.instants import amount, instant, stamp
from projections.log import LogEntry
from projections.plugin import Column, Table, View

#: A project keeps its costs under control while its actual cost is at most this many times
#: its baseline cost (DOMAIN §7: AC ≤ baseline x 1.10).
COST_TOLERANCE = Decimal("1.10")

PROJECTS = Table(
    name="kpi_projects",
    columns=(
        Column("project_id", "uuid", nullable=False),
        Column("department", "text", nullable=False),
        Column("currency", "text", nullable=False),
        Column("proposed_at", "time", nullable=False),
        Column("planned_start", "date", nullable=False),
        #: The planned end in force, and the first instant after it in the company's zone.
        Column("planned_end", "date", nullable=False),
        Column("schedule_due", "time", nullable=False),
        Column("accepted_at", "time"),
        #: Accepted before the schedule due in force then.
        Column("accepted_on_time", "boolean"),
        #: The business time of the first inspection, and whether it passed.
        Column("first_inspected_at", "time"),
        Column("first_inspection_passed", "boolean"),
        #: [name, due, weight] of the approved plan's milestones.
        Column("milestones", "json", nullable=False),
        #: [effective_at, cost, planned_end] of every baseline in the order it took effect.
        Column("baselines", "json", nullable=False),
        #: [at, milestone, percent complete] of every progress entry.
        Column("progress", "json", nullable=False),
        #: [at, amount] of every cost recorded.
        Column("costs", "json", nullable=False),
        #: [at, status] whenever the project entered or left execution.
        Column("execution", "json", nullable=False),
    ),
    key=("project_id",),
    indexes=(("department",),),
)

#: The status each of these events leaves a project in (a resumption: where it was held).
_ENTERS: Mapping[type[ProjectEvent], Status] = {
    ProjectStarted: Status.EXECUTING,
    ProjectPutOnHold: Status.ON_HOLD,
    ProjectCancelled: Status.CANCELLED,
    AcceptanceRequested: Status.ACCEPTANCE_REQUESTED,
    AcceptancePassed: Status.ACCEPTED,
    AcceptanceFailed: Status.EXECUTING,
    ProjectClosed: Status.CLOSED,
}

_TOPICS: tuple[type[ProjectEvent], ...] = (
    ProjectProposed,
    PlanApproved,
    BaselineChanged,
    ProgressRecorded,
    CostRecorded,
    ProjectResumed,
    *_ENTERS,
)

KEYS = (
    "projects_on_time_completion_pct",
    "projects_first_pass_acceptance_pct",
    "projects_cost_control_pct",
    "projects_spi_mean",
    "projects_cpi_mean",
)


def _proposed(event: ProjectProposed) -> dict[str, Any]:
    return {
        "project_id": event.project_id,
        "department": event.department,
        "currency": event.currency,
        "proposed_at": event.occurred_at,
        "planned_start": event.planned_start,
        "planned_end": event.planned_end,
        "schedule_due": event.schedule_due,
        "accepted_at": None,
        "accepted_on_time": None,
        "first_inspected_at": None,
        "first_inspection_passed": None,
        "milestones": [],
        "baselines": [],
        "progress": [],
        "costs": [],
        "execution": [],
    }


def _folded(row: dict[str, Any], event: ProjectEvent) -> dict[str, Any]:
    """The project's facts with one more of its events."""
    at = stamp(event.occurred_at)
    match event:
        case PlanApproved():
            row["milestones"] = [
                [m.name, m.due.isoformat(), str(m.weight)] for m in event.milestones
            ]
            baseline = [at, str(event.baseline_cost), row["planned_end"].isoformat()]
            row["baselines"] = [*row["baselines"], baseline]
        case BaselineChanged():
            row["planned_end"] = event.planned_end
            row["schedule_due"] = event.schedule_due
            baseline = [at, str(event.baseline_cost), event.planned_end.isoformat()]
            row["baselines"] = [*row["baselines"], baseline]
        case ProgressRecorded():
            row["progress"] = [*row["progress"], [at, event.milestone, event.percent_complete]]
        case CostRecorded():
            row["costs"] = [*row["costs"], [at, str(event.amount)]]
        case ProjectResumed():
            row["execution"] = [*row["execution"], [at, event.resumed_to.value]]
        case _ if type(event) in _ENTERS:
            row["execution"] = [*row["execution"], [at, _ENTERS[type(event)].value]]
    if isinstance(event, AcceptancePassed | AcceptanceFailed) and row["first_inspected_at"] is None:
        row["first_inspected_at"] = event.occurred_at
        row["first_inspection_passed"] = isinstance(event, AcceptancePassed)
    if isinstance(event, AcceptancePassed):
        row["accepted_at"] = event.occurred_at
        row["accepted_on_time"] = event.occurred_at < row["schedule_due"]
    return row


@attrs.frozen
class ProjectFacts:
    """One row of facts per project, for the project KPIs."""

    name: str = "kpi_projects"
    version: int = 1
    topics: frozenset[str] | None = frozenset(kind.type_name() for kind in _TOPICS)
    tables: tuple[Table, ...] = (PROJECTS,)

    def apply(self, view: View, page: Sequence[LogEntry]) -> None:
        for entry in page:
            event = entry.recorded.event
            if isinstance(event, ProjectProposed):
                view.put(PROJECTS.name, _proposed(event))
                continue
            row = view.get(PROJECTS.name, [entry.recorded.originator_id])
            if row is not None and isinstance(event, ProjectEvent):
                view.put(PROJECTS.name, _folded(row, event))


def project_of(row: Mapping[str, Any]) -> Project:
    """The project as far as its facts tell: enough of it for `earned_value` (its plan's
    milestones, its baselines, its progress and its costs, each with its business time)."""
    milestones = tuple(
        Milestone(name=name, due=date.fromisoformat(due), weight=Decimal(weight))
        for name, due, weight in row["milestones"]
    )
    baselines = tuple(
        Baseline(effective_at=instant(at), cost=amount(cost), planned_end=date.fromisoformat(end))
        for at, cost, end in row["baselines"]
    )
    proposed_at: datetime = row["proposed_at"]
    return Project(
        id=row["project_id"],
        name="",
        department=row["department"],
        goals="",
        scope="",
        planned_start=row["planned_start"],
        planned_end=row["planned_end"],
        schedule_due=row["schedule_due"],
        currency=row["currency"],
        budget_amount=Decimal(0),
        budget_id=None,
        proposer_id="",
        proposed_at=proposed_at,
        last_event_at=proposed_at,
        plan=Plan(
            milestones=milestones,
            quality_plan="",
            risk_plan="",
            communication_plan="",
            baseline_cost=baselines[-1].cost if baselines else Decimal(0),
        ),
        baselines=baselines,
        progress_log=tuple(
            ProgressEntry(at=instant(at), milestone=name, percent_complete=percent)
            for at, name, percent in row["progress"]
        ),
        cost_log=tuple(
            CostEntry(at=instant(at), amount=amount(cost), description="")
            for at, cost in row["costs"]
        ),
    )


def status_before(row: Mapping[str, Any], end: datetime) -> Status | None:
    """Where the project stood in execution just before `end`: the status the last of its
    entries into or out of execution before then left it in; None before it started."""
    status = None
    for at, entered in row["execution"]:
        if instant(at) < end:
            status = Status(entered)
    return status


def within_tolerance(figures: EarnedValue) -> bool:
    """Actual cost at most the baseline cost x 1.10."""
    return figures.ac <= figures.bac * COST_TOLERANCE


def _ratio_mean(ratios: Sequence[Decimal | None]) -> float | None:
    known = [float(ratio) for ratio in ratios if ratio is not None]
    return round(math.fsum(known) / len(known), PLACES) if known else None


@attrs.frozen
class ProjectKpis:
    """DOMAIN §7 projects: a project counts in the period of its acceptance (on-time
    completion, cost control), of its first inspection (first-pass acceptance), or, for SPI
    and CPI, when it is executing at the period's end."""

    projection: ProjectFacts = ProjectFacts()
    keys: tuple[str, ...] = KEYS

    def figures(self, facts: Facts, period: Period, zone: tzinfo) -> dict[str, Any]:
        rows = facts[PROJECTS.name]
        end = period.end(zone)

        def at_end(row: Mapping[str, Any]) -> EarnedValue:
            return earned_value(project_of(row), on=period.last_day, zone=zone)

        accepted = [
            row
            for row in rows
            if row["accepted_at"] is not None and period.contains(row["accepted_at"], zone)
        ]
        inspected = [
            row
            for row in rows
            if row["first_inspected_at"] is not None
            and period.contains(row["first_inspected_at"], zone)
        ]
        executing = [at_end(row) for row in rows if status_before(row, end) is Status.EXECUTING]
        return {
            "projects_on_time_completion_pct": pct(
                sum(1 for row in accepted if row["accepted_on_time"]), len(accepted)
            ),
            "projects_first_pass_acceptance_pct": pct(
                sum(1 for row in inspected if row["first_inspection_passed"]), len(inspected)
            ),
            "projects_cost_control_pct": pct(
                sum(1 for row in accepted if within_tolerance(at_end(row))), len(accepted)
            ),
            "projects_spi_mean": _ratio_mean([figures.spi for figures in executing]),
            "projects_cpi_mean": _ratio_mean([figures.cpi for figures in executing]),
        }
