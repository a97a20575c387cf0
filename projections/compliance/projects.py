"""Project rules (DOMAIN §4, §7): PROJECT_SCHEDULE, an approved project not accepted by the end
of its planned end day, until accepted (or cancelled); PROJECT_COST, actual cost above the
baseline x 1.10, until an approved baseline change brings the baseline up to cover it."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from domain.project import events as project
from projections.compliance.findings import Breach, Rule
from projections.compliance.lateness import first_missed, shown
from projections.compliance.marks import Facts, Mark, at, iso, mark
from projections.log import LogEntry

KIND = "project"
RULES = frozenset({Rule.PROJECT_SCHEDULE, Rule.PROJECT_COST})

#: Actual cost may exceed the baseline by this share before it breaches cost control.
COST_TOLERANCE = Decimal("1.10")


def fold(facts: Facts, entry: LogEntry) -> Facts:
    event = entry.recorded.event
    here = mark(entry)
    match event:
        case project.ProjectProposed():
            facts.update(
                deadlines=[[here["at"], iso(event.schedule_due)]],
                department=event.department,
                approved=None,
                met=None,
                ended=None,
                baseline=None,
                actual="0",
                overruns=[],
            )
        case project.ProjectApproved():
            facts["approved"] = here
        case project.AcceptancePassed():
            facts["met"] = facts["met"] or here
        case project.ProjectCancelled():
            facts["met"] = facts["met"] or here
            facts["ended"] = here
        case project.ProjectRejected() | project.ProjectClosed():
            facts["ended"] = here
        case project.PlanApproved():
            _baseline(facts, event.baseline_cost, here, closes=False)
        case project.BaselineChanged():
            facts["deadlines"].append([here["at"], iso(event.schedule_due)])
            _baseline(facts, event.baseline_cost, here, closes=True)
        case project.CostRecorded():
            facts["actual"] = str(Decimal(facts["actual"]) + event.amount)
            _check_cost(facts, here)
        case _:
            pass
    return facts


def _baseline(facts: Facts, baseline: Decimal, here: Mark, *, closes: bool) -> None:
    facts["baseline"] = str(baseline)
    overruns: list[dict[str, Any]] = facts["overruns"]
    if closes and overruns and overruns[-1]["closed"] is None and not _over(facts):
        overruns[-1]["closed"] = here
    _check_cost(facts, here)


def _over(facts: Facts) -> bool:
    if facts["baseline"] is None:
        return False
    return Decimal(facts["actual"]) > Decimal(facts["baseline"]) * COST_TOLERANCE


def _check_cost(facts: Facts, here: Mark) -> None:
    overruns: list[dict[str, Any]] = facts["overruns"]
    if _over(facts) and (not overruns or overruns[-1]["closed"] is not None):
        overruns.append(
            {
                "opened": here,
                "closed": None,
                "actual": facts["actual"],
                "baseline": facts["baseline"],
            }
        )


def breaches(facts: Facts, latest: Mark) -> list[Breach]:
    found = [
        Breach(
            rule=Rule.PROJECT_COST,
            occurrence=str(number),
            severity="high",
            opened_at=at(overrun["opened"]),
            closed=overrun["closed"],
            detail=f"actual cost {overrun['actual']} above baseline {overrun['baseline']} x 1.10",
        )
        for number, overrun in enumerate(facts["overruns"], start=1)
    ]
    approved: Mark | None = facts["approved"]
    if approved is None:
        return found  # nothing is owed before the project is approved
    deadlines = [
        (datetime.fromisoformat(effective), datetime.fromisoformat(due))
        for effective, due in facts["deadlines"]
    ]
    begins = first_missed(deadlines, owed_from=at(approved), strict=False)
    met: Mark | None = facts["met"]
    if shown(begins=begins, met=met, latest=latest, strict=False):
        found.append(
            Breach(
                rule=Rule.PROJECT_SCHEDULE,
                severity="medium",
                opened_at=begins,
                closed=met,
                detail=f"not accepted by its planned end, late from {iso(begins)}",
            )
        )
    return found


def ended(facts: Facts) -> Mark | None:
    return facts.get("ended")


def department(facts: Facts) -> str | None:
    return facts.get("department")
