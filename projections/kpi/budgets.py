"""Budget KPIs (DOMAIN §7): approved, committed, spent, available, execution rate, variance,
adjustments and overspend flags of the months of a period, by department and by account.

The facts are one row per budget, account and month (what is approved, committed and still
open, and spent against it, and the overspends flagged there), one row per change an approved
adjustment made, and one row per budget holding its lines until approval and its open
commitments (so that a spend releases the commitment it names, wherever that was made).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import tzinfo
from decimal import Decimal
from typing import Any
from uuid import UUID

import attrs

from domain.budget.availability import available_by_month
from domain.budget.events import (
    BudgetAdjusted,
    BudgetApproved,
    BudgetDrafted,
    BudgetDraftRevised,
    BudgetEvent,
    FundsCommitted,
    OverspendFlagged,
    SpendRecorded,
)
from domain.budget.values import MONTHS, SPENDABLE, BudgetLine, Category
from domain.shared.period import Period
from projections.kpi.family import Facts
from projections.kpi.figures import PLACES, money
from projections.kpi.instants import amount
from projections.log import LogEntry
from projections.plugin import Column, Table, View

ZERO = Decimal("0.00")

BUDGETS = Table(
    name="kpi_budgets",
    columns=(
        Column("budget_id", "uuid", nullable=False),
        Column("department", "text", nullable=False),
        Column("fiscal_year", "integer", nullable=False),
        Column("currency", "text", nullable=False),
        Column("approved", "boolean", nullable=False),
        #: [account, category, [twelve amounts]] of the lines as last drafted or revised.
        Column("lines", "json", nullable=False),
        #: [reference, account, month, amount still open] of the open commitments, in order.
        Column("commitments", "json", nullable=False),
    ),
    key=("budget_id",),
    indexes=(("department",),),
)

BUDGET_MONTHS = Table(
    name="kpi_budget_months",
    columns=(
        Column("budget_id", "uuid", nullable=False),
        Column("account", "text", nullable=False),
        Column("month", "integer", nullable=False),
        Column("department", "text", nullable=False),
        Column("fiscal_year", "integer", nullable=False),
        Column("category", "text", nullable=False),
        #: Approved amount (adjustments included); nothing until the budget is approved.
        Column("approved", "decimal", nullable=False),
        #: Commitments still open, and spend recorded, against this account and month.
        Column("committed", "decimal", nullable=False),
        Column("spent", "decimal", nullable=False),
        Column("overspend_flags", "integer", nullable=False),
    ),
    key=("budget_id", "account", "month"),
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

_TOPICS = (
    BudgetDrafted,
    BudgetDraftRevised,
    BudgetApproved,
    BudgetAdjusted,
    FundsCommitted,
    SpendRecorded,
    OverspendFlagged,
)


def _lines(lines: Iterable[BudgetLine]) -> list[list[Any]]:
    return [
        [line.account, line.category.value, [str(month) for month in line.monthly]]
        for line in lines
    ]


class _Books:
    """One budget's rows in a projection's view, while a page is applied."""

    def __init__(self, view: View, header: dict[str, Any]) -> None:
        self.view = view
        self.header = header

    def month(self, account: str, month: int) -> dict[str, Any]:
        key = [self.header["budget_id"], account, month]
        row = self.view.get(BUDGET_MONTHS.name, key)
        if row is not None:
            return row
        category = next(
            (kind for name, kind, _ in self.header["lines"] if name == account),
            Category.EXPENSE.value,
        )
        return {
            "budget_id": self.header["budget_id"],
            "account": account,
            "month": month,
            "department": self.header["department"],
            "fiscal_year": self.header["fiscal_year"],
            "category": category,
            "approved": ZERO,
            "committed": ZERO,
            "spent": ZERO,
            "overspend_flags": 0,
        }

    def add(self, account: str, month: int, **amounts: Any) -> None:
        """Add to the figures of one account and month."""
        row = self.month(account, month)
        for name, more in amounts.items():
            row[name] += more
        self.view.put(BUDGET_MONTHS.name, row)

    def planned(self, lines: list[list[Any]]) -> None:
        """The lines are the plan from now on: every account of theirs has its twelve months
        (nothing approved yet); an account dropped from the draft is gone."""
        budget_id = self.header["budget_id"]
        wanted = {name for name, _, _ in lines}
        for row in self.view.rows(BUDGET_MONTHS.name, budget_id=budget_id):
            if row["account"] not in wanted:
                self.view.delete(BUDGET_MONTHS.name, [budget_id, row["account"], row["month"]])
        self.header["lines"] = lines
        for name, category, _ in lines:
            for month in MONTHS:
                row = self.month(name, month)
                self.view.put(BUDGET_MONTHS.name, {**row, "category": category})

    def approved(self) -> None:
        """The lines' amounts are the approved amounts from now on."""
        self.header["approved"] = True
        for name, _, monthly in self.header["lines"]:
            for month, planned in zip(MONTHS, monthly, strict=False):
                self.add(name, month, approved=amount(planned))

    def committed(self, event: FundsCommitted) -> None:
        self.add(event.account, event.month, committed=event.amount)
        opened = [event.reference, event.account, event.month, str(event.amount)]
        self.header["commitments"] = [*self.header["commitments"], opened]

    def spent(self, event: SpendRecorded) -> None:
        """The spend is added to its account and month; the open commitment it names is
        released by what the event says it released, never by more than is still open."""
        self.add(event.account, event.month, spent=event.amount)
        commitments = list(self.header["commitments"])
        for index, (reference, account, month, still_open) in enumerate(commitments):
            if event.commitment_ref is not None and reference == event.commitment_ref:
                released = min(event.released, amount(still_open))
                self.add(account, month, committed=-released)
                rest = amount(still_open) - released
                if rest > 0:
                    commitments[index] = [reference, account, month, str(rest)]
                else:
                    del commitments[index]
                break
        self.header["commitments"] = commitments

    def adjusted(self, event: BudgetAdjusted) -> None:
        for change in event.changes:
            self.add(change.account, change.month, approved=change.delta)
            self.view.put(
                ADJUSTMENT_CHANGES.name,
                {
                    "budget_id": self.header["budget_id"],
                    "adjustment_no": event.adjustment_no,
                    "account": change.account,
                    "month": change.month,
                    "department": self.header["department"],
                    "fiscal_year": self.header["fiscal_year"],
                    "delta": change.delta,
                },
            )


@attrs.frozen
class BudgetFacts:
    """Rows of facts per budget, account and month, for the budget KPIs."""

    name: str = "kpi_budgets"
    version: int = 1
    topics: frozenset[str] | None = frozenset(kind.type_name() for kind in _TOPICS)
    tables: tuple[Table, ...] = (BUDGETS, BUDGET_MONTHS, ADJUSTMENT_CHANGES)

    def apply(self, view: View, page: Sequence[LogEntry]) -> None:
        for entry in page:
            event = entry.recorded.event
            if isinstance(event, BudgetDrafted):
                header: dict[str, Any] | None = {
                    "budget_id": event.budget_id,
                    "department": event.department,
                    "fiscal_year": event.fiscal_year,
                    "currency": event.currency,
                    "approved": False,
                    "lines": [],
                    "commitments": [],
                }
            else:
                header = view.get(BUDGETS.name, [entry.recorded.originator_id])
            if header is None or not isinstance(event, BudgetEvent):
                continue
            books = _Books(view, header)
            match event:
                case BudgetDrafted() | BudgetDraftRevised():
                    books.planned(_lines(event.lines))
                case BudgetApproved():
                    books.approved()
                case FundsCommitted():
                    books.committed(event)
                case SpendRecorded():
                    books.spent(event)
                case BudgetAdjusted():
                    books.adjusted(event)
                case OverspendFlagged():
                    books.add(event.account, event.month, overspend_flags=1)
            view.put(BUDGETS.name, books.header)


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
    months: Mapping[int, Mapping[str, Any]], deltas: Mapping[int, Decimal], period: Period
) -> Sums:
    """One account of one budget over the period's months: what is approved, committed and
    spent in them, the adjustments' net change to them, and what is available in the period's
    last month (DOMAIN §5, computed by the domain from all twelve months)."""
    wanted = range(period.first_day.month, period.last_day.month + 1)

    def twelve(name: str) -> list[Decimal]:
        return [months[m][name] if m in months else ZERO for m in MONTHS]

    free = available_by_month(
        approved=twelve("approved"), committed=twelve("committed"), spent=twelve("spent")
    )
    chosen = [months[m] for m in wanted if m in months]
    return Sums(
        approved=sum((row["approved"] for row in chosen), ZERO),
        committed=sum((row["committed"] for row in chosen), ZERO),
        spent=sum((row["spent"] for row in chosen), ZERO),
        available=free[period.last_day.month - 1],
        adjustment_amount=sum((deltas.get(m, ZERO) for m in wanted), ZERO),
        overspend_flags=sum(row["overspend_flags"] for row in chosen),
    )


@attrs.frozen
class BudgetKpis:
    """DOMAIN §7 budgets, for the months of the period in budgets of its year; revenue lines,
    targets to earn rather than money to spend, are left out."""

    projection: BudgetFacts = BudgetFacts()
    keys: tuple[str, ...] = KEYS

    def figures(self, facts: Facts, period: Period, zone: tzinfo) -> dict[str, Any]:
        wanted = range(period.first_day.month, period.last_day.month + 1)
        spendable = {category.value for category in SPENDABLE}
        accounts: dict[tuple[UUID, str], dict[int, Mapping[str, Any]]] = defaultdict(dict)
        for row in facts[BUDGET_MONTHS.name]:
            if row["fiscal_year"] == period.year and row["category"] in spendable:
                accounts[row["budget_id"], row["account"]][row["month"]] = row
        deltas: dict[tuple[UUID, str], dict[int, Decimal]] = defaultdict(dict)
        adjustments: set[tuple[UUID, int]] = set()
        for change in facts[ADJUSTMENT_CHANGES.name]:
            key = (change["budget_id"], change["account"])
            if key in accounts and change["month"] in wanted:
                by_month = deltas[key]
                by_month[change["month"]] = by_month.get(change["month"], ZERO) + change["delta"]
                adjustments.add((change["budget_id"], change["adjustment_no"]))
        by_account: dict[str, Sums] = defaultdict(Sums)
        for (budget_id, account), months in accounts.items():
            by_account[account] += account_sums(months, deltas[budget_id, account], period)
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
