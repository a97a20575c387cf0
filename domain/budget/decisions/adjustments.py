"""Decisions on adjustments of an approved budget: request, review by finance, approve, reject."""

from __future__ import annotations

import decimal
from collections.abc import Sequence
from datetime import datetime

from domain.budget.availability import available_by_month
from domain.budget.decisions.compiling import SUBJECT
from domain.budget.events import (
    AdjustmentRejected,
    AdjustmentRequested,
    AdjustmentReviewed,
    BudgetAdjusted,
    BudgetEvent,
)
from domain.budget.lines import checked_changes
from domain.budget.state import Budget
from domain.budget.values import (
    MONTHS,
    AdjustmentChange,
    AdjustmentKind,
    PendingAdjustment,
    Status,
    Verdict,
)
from domain.shared.actor import Actor, Role
from domain.shared.errors import RuleViolation
from domain.shared.guards import require_role, require_segregated, require_status

ADJUSTMENT = "adjustment"

# Amounts are to the cent and far below 10^20: sixty digits add them exactly.
_SUMS = decimal.Context(prec=60, traps=[decimal.Inexact, decimal.InvalidOperation])


def request_adjustment(
    budget: Budget,
    *,
    kind: AdjustmentKind,
    changes: Sequence[AdjustmentChange],
    actor: Actor,
    at: datetime,
) -> list[BudgetEvent]:
    """A department head requests, with a reason, an adjustment of an approved budget's
    amounts: an increase, a decrease, or a transfer whose changes add up to exactly zero. One
    adjustment is decided before the next is requested. No month's approved amount may fall
    below zero, and no account may be left with less than zero available in any month (an
    adjustment never spends money already committed or spent)."""
    require_role(actor, Role.DEPARTMENT_HEAD, action="request an adjustment of a budget")
    require_status(
        budget.status, Status.APPROVED, subject=SUBJECT, action="request an adjustment of"
    )
    pending = budget.pending_adjustment
    if pending is not None:
        raise RuleViolation(
            f"adjustment {pending.number} of this budget awaits its decision; one adjustment is "
            "decided before the next is requested",
            adjustment_no=pending.number,
        )
    checked = checked_changes(budget, kind=kind, changes=changes)
    _require_nothing_overspent(budget, checked)
    return [
        AdjustmentRequested(
            occurred_at=at,
            actor=actor,
            adjustment_no=budget.adjustments_requested + 1,
            kind=kind,
            changes=checked,
            currency=budget.currency,
        )
    ]


def review_adjustment(
    budget: Budget, *, verdict: Verdict, actor: Actor, at: datetime
) -> list[BudgetEvent]:
    """Finance reviews the adjustment requested, never the one who requested it: a pass sends
    it to management; a return sends it back to its requester and ends it (they may request
    another)."""
    require_role(actor, Role.FINANCE, action="review an adjustment of a budget")
    require_status(
        budget.status, Status.APPROVED, subject=SUBJECT, action="review an adjustment of"
    )
    pending = _pending(budget)
    if pending.reviewed_by is not None:
        raise RuleViolation(
            f"adjustment {pending.number} was reviewed already and awaits management",
            adjustment_no=pending.number,
        )
    require_segregated(
        actor, pending.requested_by, duty="requested", subject=ADJUSTMENT, action="review"
    )
    return [
        AdjustmentReviewed(
            occurred_at=at, actor=actor, adjustment_no=pending.number, verdict=verdict
        )
    ]


def approve_adjustment(budget: Budget, *, actor: Actor, at: datetime) -> list[BudgetEvent]:
    """Management approves, with a reason, the adjustment finance passed, never the one who
    requested it nor the one who reviewed it. It must still leave no account with less than
    zero available in any month. From its business time on, the approved amounts are the
    adjusted ones."""
    pending, reviewer = _decided_by_management(budget, actor=actor, action="approve")
    _require_nothing_overspent(budget, pending.changes)
    return [
        BudgetAdjusted(
            occurred_at=at,
            actor=actor,
            adjustment_no=pending.number,
            kind=pending.kind,
            changes=pending.changes,
            currency=budget.currency,
            requested_by=pending.requested_by,
            reviewed_by=reviewer,
        )
    ]


def reject_adjustment(budget: Budget, *, actor: Actor, at: datetime) -> list[BudgetEvent]:
    """Management rejects, with a reason, the adjustment finance passed, never the one who
    requested it nor the one who reviewed it. The approved amounts stay as they are."""
    pending, _ = _decided_by_management(budget, actor=actor, action="reject")
    return [AdjustmentRejected(occurred_at=at, actor=actor, adjustment_no=pending.number)]


def _require_nothing_overspent(budget: Budget, changes: Sequence[AdjustmentChange]) -> None:
    """An adjustment leaves no month's approved amount below zero, and no account with less
    than zero available in any month where it lowers what is available. (An account already
    overspent under `warn` control does not hold up adjustments that do not make it worse.)"""
    for account in dict.fromkeys(change.account for change in changes):
        approved = list(budget.approved(account))
        for change in changes:
            if change.account == account:
                index = change.month - 1
                approved[index] = _SUMS.add(approved[index], change.delta)
        for month, amount in zip(MONTHS, approved, strict=True):
            if amount < 0:
                raise RuleViolation(
                    f"the approved amount of account {account} in month {month:02d} would be "
                    f"{amount} {budget.currency}, below zero",
                    field="changes",
                    account=account,
                    month=month,
                    approved=str(amount),
                )
        committed, spent = budget.committed(account), budget.spent(account)
        before = available_by_month(
            approved=budget.approved(account), committed=committed, spent=spent
        )
        after = available_by_month(approved=approved, committed=committed, spent=spent)
        # The latest such month is where committed and spent outrun what is approved.
        for month, was, would_be in reversed(list(zip(MONTHS, before, after, strict=True))):
            if would_be < 0 and would_be < was:
                raise RuleViolation(
                    f"account {account} would have {would_be} {budget.currency} available in "
                    f"month {month:02d}: less than what is committed and spent",
                    field="changes",
                    account=account,
                    month=month,
                    available=str(would_be),
                )


def _pending(budget: Budget) -> PendingAdjustment:
    pending = budget.pending_adjustment
    if pending is None:
        raise RuleViolation("no adjustment of this budget awaits a decision")
    return pending


def _decided_by_management(
    budget: Budget, *, actor: Actor, action: str
) -> tuple[PendingAdjustment, str]:
    """Management decides an adjustment only once finance has passed it, and never decides
    one they requested or reviewed. The adjustment, and who passed it."""
    require_role(actor, Role.MANAGEMENT, action=f"{action} an adjustment of a budget")
    require_status(
        budget.status, Status.APPROVED, subject=SUBJECT, action=f"{action} an adjustment of"
    )
    pending = _pending(budget)
    reviewer = pending.reviewed_by
    if reviewer is None:
        raise RuleViolation(
            f"adjustment {pending.number} is reviewed by finance before management decides it",
            adjustment_no=pending.number,
        )
    require_segregated(
        actor, pending.requested_by, duty="requested", subject=ADJUSTMENT, action=action
    )
    require_segregated(actor, reviewer, duty="reviewed", subject=ADJUSTMENT, action=action)
    return pending, reviewer
