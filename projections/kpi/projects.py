"""Project KPIs (DOMAIN §7): on-time completion, first-pass acceptance, cost control, and the
SPI and CPI of the projects executing at a period's end.

The facts are one row per project: the project's state, folded with the domain's own `evolve`
(it keeps the dated history earned value needs: every baseline and when it took effect, every
progress entry and cost), so that the domain's `earned_value` gives the figures at the end of
any period; and what the state does not keep: when its status changed, when it was first
inspected and with what verdict, and whether its acceptance came before the schedule due then.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import datetime, tzinfo
from decimal import Decimal
from typing import Any

import attrs

from domain.project.earned_value import EarnedValue, earned_value
from domain.project.events import AcceptanceFailed, AcceptancePassed
from domain.project.kind import PROJECT
from domain.project.state import Project
from domain.project.values import Status
from domain.shared.events import event_types
from domain.shared.period import Period
from projections.kpi.family import Facts
from projections.kpi.figures import PLACES, pct
from projections.kpi.instants import instant, stamp
from projections.kpi.periods import in_period
from projections.log import LogEntry
from projections.plugin import Column, Table, View

#: A project keeps its costs under control while its actual cost is at most this many times
#: its baseline cost (DOMAIN §7: AC <= baseline x 1.10).
COST_TOLERANCE = Decimal("1.10")

PROJECTS = Table(
    name="kpi_projects",
    columns=(
        Column("project_id", "uuid", nullable=False),
        Column("department", "text", nullable=False),
        Column("state", "record", nullable=False, of=Project, sealed=True),
        Column("accepted_at", "time"),
        #: Accepted before the schedule due in force then.
        Column("accepted_on_time", "boolean"),
        #: The business time of the first inspection, and whether it passed.
        Column("first_inspected_at", "time"),
        Column("first_inspection_passed", "boolean"),
        #: [at, status] whenever the project's status changed, from its proposal on.
        Column("statuses", "json", nullable=False),
    ),
    key=("project_id",),
    indexes=(("department",),),
)

KEYS = (
    "projects_on_time_completion_pct",
    "projects_first_pass_acceptance_pct",
    "projects_cost_control_pct",
    "projects_spi_mean",
    "projects_cpi_mean",
)


def _folded(row: dict[str, Any] | None, entry: LogEntry) -> dict[str, Any]:
    """The project's facts with one more of its events."""
    event = entry.recorded.event
    state: Project = PROJECT.evolve(None if row is None else row["state"], event)
    if row is None:
        row = {
            "project_id": state.id,
            "department": state.department,
            "accepted_at": None,
            "accepted_on_time": None,
            "first_inspected_at": None,
            "first_inspection_passed": None,
            "statuses": [],
        }
    if not row["statuses"] or row["statuses"][-1][1] != state.status.value:
        row["statuses"] = [*row["statuses"], [stamp(event.occurred_at), state.status.value]]
    if isinstance(event, AcceptancePassed | AcceptanceFailed) and row["first_inspected_at"] is None:
        row["first_inspected_at"] = event.occurred_at
        row["first_inspection_passed"] = isinstance(event, AcceptancePassed)
    if isinstance(event, AcceptancePassed):
        row["accepted_at"] = event.occurred_at
        row["accepted_on_time"] = event.occurred_at < state.schedule_due
    return {**row, "state": state}


@attrs.frozen
class ProjectFacts:
    """One row of facts per project, for the project KPIs."""

    name: str = "kpi_projects"
    version: int = 1
    topics: frozenset[str] | None = frozenset(
        name for name, cls in event_types.items() if cls.aggregate_type == PROJECT.name
    )
    tables: tuple[Table, ...] = (PROJECTS,)

    def apply(self, view: View, page: Sequence[LogEntry]) -> None:
        view.load(PROJECTS.name, ((entry.recorded.originator_id,) for entry in page))
        for entry in page:
            row = view.get(PROJECTS.name, [entry.recorded.originator_id])
            view.put(PROJECTS.name, _folded(row, entry))


def status_before(row: Mapping[str, Any], end: datetime) -> Status | None:
    """The project's status just before `end`; None before it was proposed."""
    status = None
    for at, entered in row["statuses"]:
        if instant(at) >= end:
            break
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
            return earned_value(row["state"], on=period.last_day, zone=zone)

        accepted = in_period(rows, "accepted_at", period, zone)
        inspected = in_period(rows, "first_inspected_at", period, zone)
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
