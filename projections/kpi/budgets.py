"""Budget KPIs (DOMAIN §7): approved, committed, spent, available, execution rate, variance,
adjustments and overspend flags of the months of a period, by department and by account.

The facts are one row per budget holding its state, folded with the domain's own `evolve`
(each account's approved amounts with adjustments, open commitments and spend, month by month),
so that the domain's `breakdown` gives every month's figures and what is available; beside it
the accounts and months each overspend was flagged against, and one row per change an
approved adjustment made.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import tzinfo
from decimal import Decimal
from typing import Any
from uuid import UUID

import attrs

from domain.budget.availability import MonthFigures, breakdown
from domain.budget.events import BudgetAdjusted, OverspendFlagged
from domain.budget.kind import BUDGET
from domain.budget.state import Budget
from domain.budget.values import SPENDABLE, Status
from domain.shared.events import event_types
from domain.shared.period import Period
from projections.kpi.family import Facts
from projections.kpi.figures import PLACES, money
from projections.log import LogEntry
from projections.plugin import Column, Table, View

ZERO = Decimal("0.00")

#: Only an approved budget has approved amounts, and can be spent against (DOMAIN §5).
APPROVED = frozenset({Status.APPROVED, Status.CLOSED})

BUDGETS = Table(
    name="kpi_budgets",
    columns=(
        Column("budget_id", "uuid", nullable=False),
        Column("department", "text", nullable=False),
        Column("fiscal_year", "integer", nullable=False),
        Column("state", "record", nullable=False, of=Budget, sealed=True),
        #: [account, month] of every overspend flagged, in order.
        Column("overspends", "json", nullable=False),
    ),
    key=("budget_id",),
    indexes=(("department", "fiscal_year"), ("fiscal_year",)),
)

ADJUSTMENT_CHANGES = Table(
    name="kpi_budget_adjustment_changes",
    columns=(
        Column("budget_id", "uuid", nullable=False),
        Column("adjustment_no", "integer", nullable=False),
        Column("account", "text", nullable=False),
        Column("month", "integer", nullable=False),
        Column("department", "text", nullable=False),
        Column("fiscal_year", "integer", nullable=False),
        Column("delta", "decimal", nullable=False),
    ),
    key=("budget_id", "adjustment_no", "account", "month"),
    indexes=(("department", "fiscal_year"), ("fiscal_year",)),
)

KEYS = (
    "budgets_approved",
    "budgets_committed",
    "budgets_spent",
    "budgets_available",
    "budgets_execution_rate_pct",
    "budgets_variance",
    "budgets_adjustment_count",
    "budgets_adjustment_amount",
    "budgets_overspend_flags",
    "budgets_by_account",
)


def _folded(view: View, row: dict[str, Any] | None, entry: LogEntry) -> dict[str, Any]:
    """The budget's facts with one more of its events."""
    event = entry.recorded.event
    state: Budget = BUDGET.evolve(None if row is None else row["state"], event)
    if row is None:
        row = {
            "budget_id": state.id,
            "department": state.department,
            "fiscal_year": state.fiscal_year,
            "overspends": [],
        }
    if isinstance(event, OverspendFlagged):
        row["overspends"] = [*row["overspends"], [event.account, event.month]]
    if isinstance(event, BudgetAdjusted):
        for change in event.changes:
            view.put(
                ADJUSTMENT_CHANGES.name,
                {
                    "budget_id": state.id,
                    "adjustment_no": event.adjustment_no,
                    "account": change.account,
                    "month": change.month,
                    "department": state.department,
                    "fiscal_year": state.fiscal_year,
                    "delta": change.delta,
                },
            )
    return {**row, "state": state}


@attrs.frozen
class BudgetFacts:
    """One row of facts per budget, and one per change of an approved adjustment, for the
    budget KPIs."""

    name: str = "kpi_budgets"
    version: int = 1
    topics: frozenset[str] | None = frozenset(
        name for name, cls in event_types.items() if cls.aggregate_type == BUDGET.name
    )
    tables: tuple[Table, ...] = (BUDGETS, ADJUSTMENT_CHANGES)

    def apply(self, view: View, page: Sequence[LogEntry]) -> None:
        view.load(BUDGETS.name, ((entry.recorded.originator_id,) for entry in page))
        for entry in page:
            row = view.get(BUDGETS.name, [entry.recorded.originator_id])
            view.put(BUDGETS.name, _folded(view, row, entry))


@attrs.frozen(kw_only=True)
class Sums:
    """The figures of some accounts over the months of a period."""

    approved: Decimal = ZERO
    committed: Decimal = ZERO
    spent: Decimal = ZERO
    available: Decimal = ZERO
    adjustment_amount: Decimal = ZERO
    overspend_flags: int = 0

    def __add__(self, other: Sums) -> Sums:
        return Sums(
            approved=self.approved + other.approved,
            committed=self.committed + other.committed,
            spent=self.spent + other.spent,
            available=self.available + other.available,
            adjustment_amount=self.adjustment_amount + other.adjustment_amount,
            overspend_flags=self.overspend_flags + other.overspend_flags,
        )

    @property
    def execution_rate_pct(self) -> float | None:
        """Spent / approved x 100, or None when nothing is approved."""
        if self.approved == 0:
            return None
        return float(round(100 * self.spent / self.approved, PLACES))

    @property
    def variance(self) -> Decimal:
        """Approved - spent."""
        return self.approved - self.spent

    def shown(self) -> dict[str, Any]:
        return {
            "approved": money(self.approved),
            "committed": money(self.committed),
            "spent": money(self.spent),
            "available": money(self.available),
            "execution_rate_pct": self.execution_rate_pct,
            "variance": money(self.variance),
            "adjustment_amount": money(self.adjustment_amount),
            "overspend_flags": self.overspend_flags,
        }


def account_sums(
    months: Sequence[MonthFigures],
    *,
    deltas: Mapping[int, Decimal],
    flags: int,
    period: Period,
) -> Sums:
    """One account of one budget over the period's months, from the domain's figures for each
    month of its year: what is approved, committed and spent in them, the adjustments' net
    change to them, the overspends flagged against them, and what is available in the
    period's last month (DOMAIN §5)."""
    chosen = months[period.first_day.month - 1 : period.last_day.month]
    return Sums(
        approved=sum((month.approved.amount for month in chosen), ZERO),
        committed=sum((month.committed.amount for month in chosen), ZERO),
        spent=sum((month.spent.amount for month in chosen), ZERO),
        available=chosen[-1].available.amount,
        adjustment_amount=sum((deltas.get(month.month, ZERO) for month in chosen), ZERO),
        overspend_flags=flags,
    )


@attrs.frozen
class BudgetKpis:
    """DOMAIN §7 budgets, for the months of the period in budgets of its year; revenue lines,
    targets to earn rather than money to spend, are left out, and a budget not yet approved
    has nothing approved."""

    projection: BudgetFacts = BudgetFacts()
    keys: tuple[str, ...] = KEYS

    def figures(self, facts: Facts, period: Period, zone: tzinfo) -> dict[str, Any]:
        wanted = range(period.first_day.month, period.last_day.month + 1)
        budgets = [row for row in facts[BUDGETS.name] if row["fiscal_year"] == period.year]
        spendable = {
            (row["budget_id"], line.account)
            for row in budgets
            for line in row["state"].lines
            if line.category in SPENDABLE
        }
        deltas: dict[tuple[UUID, str], dict[int, Decimal]] = defaultdict(dict)
        adjustments: set[tuple[UUID, int]] = set()
        for change in facts[ADJUSTMENT_CHANGES.name]:
            key = (change["budget_id"], change["account"])
            if key in spendable and change["month"] in wanted:
                by_month = deltas[key]
                by_month[change["month"]] = by_month.get(change["month"], ZERO) + change["delta"]
                adjustments.add((change["budget_id"], change["adjustment_no"]))
        by_account: dict[str, Sums] = defaultdict(Sums)
        for row in budgets:
            state: Budget = row["state"]
            for line in state.lines:
                if (state.id, line.account) not in spendable:
                    continue
                if state.status not in APPROVED:
                    by_account[line.account] += Sums()
                    continue
                flags = sum(
                    1
                    for account, month in row["overspends"]
                    if account == line.account and month in wanted
                )
                by_account[line.account] += account_sums(
                    breakdown(state, account=line.account),
                    deltas=deltas[state.id, line.account],
                    flags=flags,
                    period=period,
                )
        total = sum(by_account.values(), Sums())
        return {
            "budgets_approved": money(total.approved),
            "budgets_committed": money(total.committed),
            "budgets_spent": money(total.spent),
            "budgets_available": money(total.available),
            "budgets_execution_rate_pct": total.execution_rate_pct,
            "budgets_variance": money(total.variance),
            "budgets_adjustment_count": len(adjustments),
            "budgets_adjustment_amount": money(total.adjustment_amount),
            "budgets_overspend_flags": total.overspend_flags,
            "budgets_by_account": {
                account: by_account[account].shown() for account in sorted(by_account)
            },
        }
