"""What the summary shows of a record beyond its status: a budget's money, and the facts by
which records of a kind are counted (a risk's level and response, a notice's severity)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from domain.budget.state import Budget
from domain.budget.values import SPENDABLE
from domain.rectification.state import Rectification
from domain.risk.state import Risk
from domain.risk.values import LEVELS

#: The figures of each kind the tables show (the JSON summary has them all).
SHOWN: dict[str, tuple[str, ...]] = {
    "project": ("bac", "pv", "ev", "ac", "spi", "cpi"),
    "budget": ("control", "approved", "committed", "spent", "remaining", "adjusted", "overspends"),
}

NOT_ASSESSED = "not assessed"
LEVEL_IN_FORCE = "level in force at quarter end"
INHERENT_LEVEL = "inherent level"
RESPONSE = "response chosen (the policy's recommendation)"
SEVERITY = "severity"
#: The order tallies are shown in, where there is one.
ORDER: dict[str, tuple[str, ...]] = {
    LEVEL_IN_FORCE: (*(level.value for level in LEVELS), NOT_ASSESSED),
    INHERENT_LEVEL: (*(level.value for level in LEVELS), NOT_ASSESSED),
    SEVERITY: ("low", "medium", "high"),
}


def _amount(value: Decimal) -> str:
    return f"{value:,.2f}"


def budget_money(budget: Budget) -> dict[str, str]:
    """A budget's cost and expense accounts together over its year: approved (adjustments
    included), committed and still open, spent, and what remains of the approved amount;
    how many adjustments were approved and overspends flagged."""
    accounts = [line.account for line in budget.lines if line.category in SPENDABLE]
    approved = sum((sum(budget.approved(a), Decimal(0)) for a in accounts), Decimal(0))
    committed = sum((sum(budget.committed(a), Decimal(0)) for a in accounts), Decimal(0))
    spent = sum((sum(budget.spent(a), Decimal(0)) for a in accounts), Decimal(0))
    return {
        "control": budget.control.value,
        "currency": budget.currency,
        "approved": _amount(approved),
        "committed": _amount(committed),
        "spent": _amount(spent),
        "remaining": _amount(approved - committed - spent),
        "adjusted": str(budget.adjustments_approved),
        "overspends": str(budget.overspends),
    }


def _risk(risk: Risk) -> dict[str, str]:
    response = "none chosen yet"
    if risk.strategy is not None:
        recommended = risk.recommended_strategy
        response = f"{risk.strategy.value} (policy: {recommended.value if recommended else 'none'})"
        if risk.acceptance_pending:
            response += ", awaiting management"
    return {
        LEVEL_IN_FORCE: risk.current_level.value if risk.current_level else NOT_ASSESSED,
        INHERENT_LEVEL: risk.level.value if risk.level else NOT_ASSESSED,
        RESPONSE: response,
    }


def _rectification(rectification: Rectification) -> dict[str, str]:
    return {SEVERITY: rectification.severity.value}


#: For each kind that is counted by more than its status, what to count a record by.
TALLIES: dict[str, Callable[[Any], Mapping[str, str]]] = {
    "risk": _risk,
    "rectification": _rectification,
}


def in_order(tally: str, counts: Mapping[str, int]) -> dict[str, int]:
    """A tally's counts in its natural order where it has one, else the largest first."""
    order = ORDER.get(tally)
    if order is None:
        return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
    return {name: counts[name] for name in order if counts.get(name)}
