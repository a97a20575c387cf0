"""Rectification rule: RECTIFICATION_OVERDUE (DOMAIN §6a, §7): a notice not verified by the end
of its due date, until verified. An extension granted before the due date passed moves it; one
granted after leaves the breach where it began (the notice was overdue all the same)."""

from __future__ import annotations

from datetime import datetime

from domain.rectification import events as rectification
from projections.compliance.findings import Breach, Rule
from projections.compliance.lateness import first_missed, shown
from projections.compliance.marks import Facts, Mark, iso, mark
from projections.log import LogEntry

KIND = "rectification"
RULES = frozenset({Rule.RECTIFICATION_OVERDUE})


def fold(facts: Facts, entry: LogEntry) -> Facts:
    event = entry.recorded.event
    here = mark(entry)
    match event:
        case rectification.RectificationIssued():
            facts.update(
                deadlines=[[here["at"], iso(event.deadline)]],
                due_on=event.due_on.isoformat(),
                severity=event.severity.value,
                department=event.department,
                met=None,
                ended=None,
            )
        case rectification.RectificationDeadlineExtended():
            facts["deadlines"].append([here["at"], iso(event.new_deadline)])
            facts["due_on"] = event.new_due_on.isoformat()
        case rectification.RectificationVerified() if facts.get("met") is None:
            facts["met"] = here
        case rectification.RectificationClosed():
            facts["ended"] = here
        case _:
            pass
    return facts


def breaches(facts: Facts, latest: Mark) -> list[Breach]:
    deadlines = [
        (datetime.fromisoformat(effective), datetime.fromisoformat(due))
        for effective, due in facts["deadlines"]
    ]
    begins = first_missed(deadlines, owed_from=deadlines[0][0], strict=False)
    met: Mark | None = facts["met"]
    if not shown(begins=begins, met=met, latest=latest, strict=False):
        return []
    return [
        Breach(
            rule=Rule.RECTIFICATION_OVERDUE,
            severity=facts["severity"],
            opened_at=begins,
            closed=met,
            detail=f"not verified by its due date, overdue from {iso(begins)}",
        )
    ]


def ended(facts: Facts) -> Mark | None:
    return facts.get("ended")


def department(facts: Facts) -> str | None:
    return facts.get("department")
