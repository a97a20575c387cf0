"""The decision that ends a budget: closed by a finance manager once its fiscal year is over."""

from __future__ import annotations

from datetime import date, datetime, tzinfo

from domain.budget.decisions.compiling import SUBJECT
from domain.budget.events import BudgetClosed, BudgetEvent
from domain.budget.state import Budget
from domain.budget.values import Status
from domain.shared.actor import Actor, Role
from domain.shared.errors import RuleViolation
from domain.shared.guards import require_role, require_status
from domain.shared.period import start_of_day


def year_end(budget: Budget, *, zone: tzinfo) -> datetime:
    """When a budget's fiscal year is over: the first instant after 31 December in the
    company's time zone."""
    return start_of_day(date(budget.fiscal_year + 1, 1, 1), zone)


def close(budget: Budget, *, actor: Actor, at: datetime, zone: tzinfo) -> list[BudgetEvent]:
    """A finance manager closes an approved budget once its fiscal year has ended (at the end
    of 31 December in the company's time zone) and no adjustment awaits a decision. After
    that nothing more is recorded against it: open commitments lapse."""
    require_role(actor, Role.FINANCE_MANAGER, action="close a budget")
    require_status(budget.status, Status.APPROVED, subject=SUBJECT, action="close")
    ends = year_end(budget, zone=zone)
    if at < ends:
        raise RuleViolation(
            f"the budget for {budget.fiscal_year} is closed after its fiscal year ends, at "
            f"{ends.isoformat()}",
            year_ends_at=ends.isoformat(),
        )
    pending = budget.pending_adjustment
    if pending is not None:
        raise RuleViolation(
            f"adjustment {pending.number} awaits its decision; it is decided before the budget "
            "is closed",
            adjustment_no=pending.number,
        )
    return [BudgetClosed(occurred_at=at, actor=actor)]
