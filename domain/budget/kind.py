"""The budget as a kind of record."""

from __future__ import annotations

from domain.budget.availability import breakdown
from domain.budget.events import BudgetDrafted
from domain.budget.state import Budget, evolve
from domain.budget.values import Status
from domain.shared.kind import Kind
from domain.shared.money import Money


def availability(budget: Budget) -> dict[str, dict[str, Money]]:
    """What each account has available in each month (DOMAIN §5), as the state stands: only an
    approved budget can be spent against, so before approval nothing is available."""
    if budget.status not in (Status.APPROVED, Status.CLOSED):
        return {}
    return {
        account: {f"{row.month:02d}": row.available for row in breakdown(budget, account=account)}
        for account in sorted(budget.accounts)
    }


BUDGET = Kind(
    name="budget",
    evolve=evolve,
    created_by=(BudgetDrafted,),
    state_class=Budget,
    figures=lambda budget, at, zone: {"available": availability(budget)},
)
