"""Budget rule: BUDGET_OVERSPEND (DOMAIN §5, §7): a commitment or spend recorded beyond what was
available under `warn` control (OverspendFlagged), until approved adjustments cover it: they
add to that account, in that month or an earlier one (each such month's approved amount counts
toward every later month's availability), at least the shortfall the flag named."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from domain.budget import events as budget
from projections.compliance.findings import Breach, Rule
from projections.compliance.marks import Facts, Mark, at, mark
from projections.log import LogEntry

KIND = "budget"
RULES = frozenset({Rule.BUDGET_OVERSPEND})


def fold(facts: Facts, entry: LogEntry) -> Facts:
    event = entry.recorded.event
    here = mark(entry)
    match event:
        case budget.BudgetDrafted():
            facts.update(department=event.department, overspends=[], ended=None)
        case budget.OverspendFlagged():
            facts["overspends"].append(
                {
                    "flag": here,
                    "account": event.account,
                    "month": event.month,
                    "reference": event.reference,
                    "shortfall": str(event.requested - event.available),
                    "covered": "0",
                    "met": None,
                }
            )
        case budget.BudgetAdjusted():
            for overspend in facts["overspends"]:
                if overspend["met"] is None:
                    _cover(overspend, event, here)
        case budget.BudgetClosed():
            facts["ended"] = here
        case _:
            pass
    return facts


def _cover(overspend: dict[str, Any], event: budget.BudgetAdjusted, here: Mark) -> None:
    added = sum(
        (
            change.delta
            for change in event.changes
            if change.account == overspend["account"] and change.month <= overspend["month"]
        ),
        Decimal(0),
    )
    covered = Decimal(overspend["covered"]) + added
    overspend["covered"] = str(covered)
    if covered >= Decimal(overspend["shortfall"]):
        overspend["met"] = here


def breaches(facts: Facts, latest: Mark) -> list[Breach]:
    return [
        Breach(
            rule=Rule.BUDGET_OVERSPEND,
            occurrence=str(overspend["flag"]["pos"]),
            severity="high",
            opened_at=at(overspend["flag"]),
            closed=overspend["met"],
            detail=f"{overspend['reference']}: {overspend['shortfall']} beyond what was "
            f"available on {overspend['account']} in month {overspend['month']:02d}",
        )
        for overspend in facts["overspends"]
    ]


def ended(facts: Facts) -> Mark | None:
    return facts.get("ended")


def department(facts: Facts) -> str | None:
    return facts.get("department")
