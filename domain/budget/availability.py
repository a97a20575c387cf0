"""What a budget has available for an account in a month (DOMAIN §5), and how it is made up."""

from __future__ import annotations

import decimal
from collections.abc import Sequence
from decimal import Decimal

import attrs

from domain.budget.state import Budget
from domain.budget.values import MONTHS
from domain.shared.money import Money

# Amounts are to the cent and far below 10^20: sixty digits add them exactly.
_SUMS = decimal.Context(prec=60, traps=[decimal.Inexact, decimal.InvalidOperation])


@attrs.frozen(kw_only=True)
class MonthFigures:
    """One month of an account: what is approved for it (approved adjustments included), the
    open commitments and the spend recorded against it; `balance`, approved minus committed
    minus spent over the months from January through this one; and `available`, the smallest
    balance of this month and every later one."""

    month: int
    approved: Money
    committed: Money
    spent: Money
    balance: Money
    available: Money


def balances(
    *, approved: Sequence[Decimal], committed: Sequence[Decimal], spent: Sequence[Decimal]
) -> tuple[Decimal, ...]:
    """For each month k, the approved amounts of months 1..k minus the open commitments and
    the spend against months 1..k."""
    result: list[Decimal] = []
    running = Decimal(0)
    for month_approved, month_committed, month_spent in zip(
        approved, committed, spent, strict=True
    ):
        running = _SUMS.subtract(
            _SUMS.subtract(_SUMS.add(running, month_approved), month_committed), month_spent
        )
        result.append(running)
    return tuple(result)


def available_by_month(
    *, approved: Sequence[Decimal], committed: Sequence[Decimal], spent: Sequence[Decimal]
) -> tuple[Decimal, ...]:
    """For each month m, what is available: the smallest of the balances of months m..12, so
    that money already promised or spent in a later month is never spent twice."""
    result = list(balances(approved=approved, committed=committed, spent=spent))
    for index in reversed(range(len(result) - 1)):
        result[index] = min(result[index], result[index + 1])
    return tuple(result)


def available(budget: Budget, *, account: str, month: int) -> Money:
    """What the budget has available for `account` in `month` (1-12), in its currency: for
    each month k from `month` to December, the approved amounts of January..k (approved
    adjustments included) minus the open commitments and the spend recorded against
    January..k; the smallest of these. An account the budget does not have has nothing."""
    return breakdown(budget, account=account)[_index(month)].available


def breakdown(budget: Budget, *, account: str) -> tuple[MonthFigures, ...]:
    """An account's figures for each month of the fiscal year, January first."""
    approved, committed, spent = (
        budget.approved(account),
        budget.committed(account),
        budget.spent(account),
    )
    balance = balances(approved=approved, committed=committed, spent=spent)
    free = available_by_month(approved=approved, committed=committed, spent=spent)

    def money(amount: Decimal) -> Money:
        return Money(amount, budget.currency)

    return tuple(
        MonthFigures(
            month=month,
            approved=money(approved[index]),
            committed=money(committed[index]),
            spent=money(spent[index]),
            balance=money(balance[index]),
            available=money(free[index]),
        )
        for index, month in enumerate(MONTHS)
    )


def _index(month: int) -> int:
    if isinstance(month, bool) or month not in MONTHS:
        raise ValueError(f"a month is numbered 1 to 12, not {month!r}")
    return month - 1
