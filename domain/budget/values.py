"""Values of budgets: statuses, control, categories, verdicts, lines, adjustments, commitments."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal

import attrs

#: The months of a fiscal year, January first: a month is its number, 1 to 12.
MONTHS = range(1, 13)

ZERO = Decimal("0.00")

#: Twelve months of nothing.
NOTHING = (ZERO,) * len(MONTHS)


class Status(enum.StrEnum):
    """Where a budget stands: compiled, reviewed by finance, approved by management, closed.
    A budget finance returns is back with its department head, who drafts it again."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    FINANCE_REVIEWED = "finance_reviewed"
    APPROVED = "approved"
    CLOSED = "closed"
    RETURNED = "returned"


#: The states in which the department head compiles the budget: a new draft, or one returned.
DRAFTING = frozenset({Status.DRAFT, Status.RETURNED})


class Control(enum.StrEnum):
    """What happens to a commitment or spend that does not fit: refused, or recorded and
    flagged as an overspend."""

    STOP = "stop"
    WARN = "warn"


class Category(enum.StrEnum):
    """What a budget line plans: revenue to earn, or cost and expense to spend."""

    REVENUE = "revenue"
    COST = "cost"
    EXPENSE = "expense"


#: The categories funds are committed and spent against; a revenue line is a target to earn.
SPENDABLE = frozenset({Category.COST, Category.EXPENSE})


class Verdict(enum.StrEnum):
    """Finance's verdict on a budget or an adjustment: it passes on to management, or it is
    returned to the department head who compiled or requested it."""

    PASS = "pass"
    RETURN = "return"


class AdjustmentKind(enum.StrEnum):
    """An adjustment adds to approved amounts, takes from them, or moves money between
    accounts or months."""

    INCREASE = "increase"
    DECREASE = "decrease"
    TRANSFER = "transfer"


def natural_key(department: str, fiscal_year: int) -> str:
    """What names a budget: its department and fiscal year, one budget for each."""
    return f"{fiscal_year}:{department}"


@attrs.frozen(kw_only=True)
class BudgetLine:
    """One account of a budget: its category and the amount planned for each month, twelve
    amounts from January to December (in the budget's currency). As stored in events it is a
    record of facts: decisions check it, nothing else."""

    account: str
    category: Category
    monthly: tuple[Decimal, ...]

    @classmethod
    def from_months(
        cls, *, account: str, category: Category, months: Mapping[int, Decimal]
    ) -> BudgetLine:
        """A line from the amounts of the months it names (1 to 12); other months plan nothing."""
        unknown = sorted(set(months) - set(MONTHS))
        if unknown:
            raise ValueError(f"a month is numbered 1 to 12, not {unknown[0]}")
        return cls(
            account=account,
            category=category,
            monthly=tuple(months.get(month, ZERO) for month in MONTHS),
        )


@attrs.frozen(kw_only=True)
class AdjustmentChange:
    """One change an adjustment makes: `delta` added to the approved amount of `account` in
    `month` (negative to take away), in the budget's currency."""

    account: str
    month: int
    delta: Decimal


@attrs.frozen(kw_only=True)
class PendingAdjustment:
    """An adjustment awaiting its decision: its number on this budget, what it changes, who
    requested it and when, and who passed it in review (None until finance has)."""

    number: int
    kind: AdjustmentKind
    changes: tuple[AdjustmentChange, ...]
    requested_by: str
    requested_at: datetime
    reviewed_by: str | None = None


@attrs.frozen(kw_only=True)
class Commitment:
    """Money promised and not yet spent: `amount` is what is still open of the commitment
    `reference` against `account` in `month`."""

    reference: str
    account: str
    month: int
    amount: Decimal


@attrs.frozen(kw_only=True)
class Account:
    """The figures of one account, month by month, January first: the amounts its line plans
    (approved once the budget is), approved adjustments included, and the spend recorded."""

    approved: tuple[Decimal, ...] = NOTHING
    spent: tuple[Decimal, ...] = NOTHING
