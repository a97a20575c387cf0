"""The checks on a budget's lines, on an adjustment's changes and on the money recorded."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from domain.budget.state import Budget
from domain.budget.values import (
    MONTHS,
    SPENDABLE,
    AdjustmentChange,
    AdjustmentKind,
    BudgetLine,
    Category,
)
from domain.shared.errors import RuleViolation
from domain.shared.guards import require_text
from domain.shared.money import InvalidAmount, Money, total


def checked_lines(lines: Sequence[BudgetLine], *, currency: str) -> tuple[BudgetLine, ...]:
    """A budget's lines as the rules allow them: at least one, one line per account, each of
    revenue, cost or expense, and twelve monthly amounts, each zero or more and to the cent.
    Amounts come back to the cent."""
    if not lines:
        raise RuleViolation("a budget has at least one line", field="lines")
    checked: list[BudgetLine] = []
    seen: set[str] = set()
    for index, line in enumerate(lines):
        where = f"lines[{index}]"
        require_text(line.account, f"{where}.account")
        if line.account in seen:
            raise RuleViolation(
                f"account {line.account} is on two lines; a budget has one line per account",
                field=f"{where}.account",
            )
        seen.add(line.account)
        if not isinstance(line.category, Category):
            raise RuleViolation(
                f"a line's category is revenue, cost or expense, not {line.category!r}",
                field=f"{where}.category",
            )
        if len(line.monthly) != len(MONTHS):
            raise RuleViolation(
                f"a line plans each of the {len(MONTHS)} months, not {len(line.monthly)}",
                field=f"{where}.monthly",
            )
        monthly = tuple(
            _planned(amount, currency=currency, field=f"{where}.monthly.{month:02d}")
            for month, amount in zip(MONTHS, line.monthly, strict=True)
        )
        try:
            total(monthly, currency=currency)
        except InvalidAmount as error:
            raise RuleViolation(
                f"the line's total is out of range: {error}", field=f"{where}.monthly"
            ) from None
        checked.append(
            BudgetLine(
                account=line.account,
                category=line.category,
                monthly=tuple(amount.amount for amount in monthly),
            )
        )
    return tuple(checked)


def checked_changes(
    budget: Budget, *, kind: AdjustmentKind, changes: Sequence[AdjustmentChange]
) -> tuple[AdjustmentChange, ...]:
    """An adjustment's changes as the rules allow them: at least one, each to an account of
    the budget in a month 1-12, each account and month once, each delta to the cent and not
    zero. An increase only adds, a decrease only takes away, and a transfer's deltas add up to
    exactly zero. Deltas come back to the cent."""
    if not changes:
        raise RuleViolation("an adjustment makes at least one change", field="changes")
    checked: list[AdjustmentChange] = []
    seen: set[tuple[str, int]] = set()
    for index, change in enumerate(changes):
        where = f"changes[{index}]"
        require_line(budget, change.account, field=f"{where}.account")
        month = checked_month(change.month, field=f"{where}.month")
        if (change.account, month) in seen:
            raise RuleViolation(
                f"account {change.account} in month {month:02d} is changed twice; "
                "an adjustment changes each account and month once",
                field=f"{where}.month",
            )
        seen.add((change.account, month))
        delta = _money(change.delta, currency=budget.currency, field=f"{where}.delta")
        if delta.is_zero or _wrong_way(kind, delta):
            raise RuleViolation(
                f"an adjustment's delta is {_WAY[kind]}, not {delta}", field=f"{where}.delta"
            )
        checked.append(AdjustmentChange(account=change.account, month=month, delta=delta.amount))
    if kind is AdjustmentKind.TRANSFER:
        moved = total((Money(c.delta, budget.currency) for c in checked), currency=budget.currency)
        if not moved.is_zero:
            raise RuleViolation(
                f"a transfer's deltas add up to exactly zero, not {moved}",
                field="changes",
                sum=str(moved.amount),
            )
    return tuple(checked)


_WAY = {
    AdjustmentKind.INCREASE: "above zero in an increase",
    AdjustmentKind.DECREASE: "below zero in a decrease",
    AdjustmentKind.TRANSFER: "not zero in a transfer",
}


def _wrong_way(kind: AdjustmentKind, delta: Money) -> bool:
    if kind is AdjustmentKind.INCREASE:
        return delta.is_negative
    if kind is AdjustmentKind.DECREASE:
        return not delta.is_negative
    return False


def require_line(budget: Budget, account: str, *, field: str = "account") -> BudgetLine:
    """The budget's line for an account; an account the budget does not have is refused."""
    require_text(account, field)
    line = budget.line(account)
    if line is None:
        raise RuleViolation(f"the budget has no account {account}", field=field, account=account)
    return line


def require_spendable(budget: Budget, account: str) -> None:
    """Funds are committed and spent against the budget's cost and expense lines; a revenue
    line is a target to earn, not money to spend."""
    line = require_line(budget, account)
    if line.category not in SPENDABLE:
        raise RuleViolation(
            f"account {account} is a {line.category} line; funds are committed and spent "
            "against cost and expense lines",
            field="account",
            account=account,
        )


def checked_month(month: int, *, field: str = "month") -> int:
    """A month of the fiscal year: 1 (January) to 12 (December)."""
    if isinstance(month, bool) or not isinstance(month, int) or month not in MONTHS:
        raise RuleViolation(f"a month is numbered 1 to 12, not {month!r}", field=field)
    return month


def checked_amount(amount: Money, *, currency: str, field: str = "amount") -> Money:
    """Money committed or spent: above zero, in the budget's currency."""
    if amount.currency != currency:
        raise RuleViolation(
            f"the amount is in {amount.currency}; this budget is in {currency}", field=field
        )
    if amount.amount <= 0:
        raise RuleViolation(f"{field} must be above zero, not {amount}", field=field)
    return amount


def _planned(amount: Decimal, *, currency: str, field: str) -> Money:
    planned = _money(amount, currency=currency, field=field)
    if planned.is_negative:
        raise RuleViolation(f"a planned amount is zero or more, not {planned}", field=field)
    return planned


def _money(amount: Decimal, *, currency: str, field: str) -> Money:
    try:
        return Money(amount, currency)
    except InvalidAmount as error:
        raise RuleViolation(str(error), field=field) from None
