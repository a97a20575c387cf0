"""Decisions that control an approved budget: funds committed and spend recorded, if they fit."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from domain.budget.availability import available
from domain.budget.decisions.compiling import SUBJECT
from domain.budget.events import BudgetEvent, FundsCommitted, OverspendFlagged, SpendRecorded
from domain.budget.lines import checked_amount, checked_month, require_spendable
from domain.budget.state import Budget
from domain.budget.values import Commitment, Control, Status
from domain.shared.actor import Actor, Role
from domain.shared.errors import BudgetExceeded, RuleViolation
from domain.shared.guards import require_role, require_status, require_text
from domain.shared.money import Money


def commit_funds(
    budget: Budget,
    *,
    account: str,
    month: int,
    amount: Money,
    reference: str,
    actor: Actor,
    at: datetime,
) -> list[BudgetEvent]:
    """A department head or project manager promises money of an approved budget: against a
    cost or expense account of the budget, in a month 1-12, an amount above zero, under a
    reference no open commitment has. It fits when the amount is no more than what is
    available for the account in that month; what does not fit is refused under `stop`
    control (`budget_exceeded`) and recorded and flagged as an overspend under `warn`."""
    require_role(
        actor, Role.DEPARTMENT_HEAD, Role.PROJECT_MANAGER, action="commit funds of a budget"
    )
    require_status(budget.status, Status.APPROVED, subject=SUBJECT, action="commit funds of")
    require_spendable(budget, account)
    month = checked_month(month)
    amount = checked_amount(amount, currency=budget.currency)
    require_text(reference, "reference")
    if budget.commitment(reference) is not None:
        raise RuleViolation(
            f"commitment {reference} is open already; an open commitment's reference names it "
            "alone",
            field="reference",
        )
    committed = FundsCommitted(
        occurred_at=at,
        actor=actor,
        account=account,
        month=month,
        amount=amount.amount,
        currency=budget.currency,
        reference=reference,
    )
    return [committed, *_unless_it_fits(budget, committed, requested=amount)]


def record_spend(
    budget: Budget,
    *,
    account: str,
    month: int,
    amount: Money,
    reference: str,
    commitment_ref: str | None = None,
    actor: Actor,
    at: datetime,
) -> list[BudgetEvent]:
    """Finance records money spent of an approved budget: against a cost or expense account,
    in a month 1-12, an amount above zero, under a reference. A spend naming an open
    commitment of the same account, made for its month or an earlier one, first releases up
    to its amount of that commitment, and only the rest must fit in what is available for the
    account in the spend's month; what does not fit is refused under `stop` control
    (`budget_exceeded`) and recorded and flagged as an overspend under `warn`."""
    require_role(actor, Role.FINANCE, action="record spend against a budget")
    require_status(budget.status, Status.APPROVED, subject=SUBJECT, action="record spend against")
    require_spendable(budget, account)
    month = checked_month(month)
    amount = checked_amount(amount, currency=budget.currency)
    require_text(reference, "reference")
    released = Money.zero(budget.currency)
    if commitment_ref is not None:
        commitment = _settled(budget, commitment_ref, account=account, month=month)
        released = min(amount, Money(commitment.amount, budget.currency))
    spend = SpendRecorded(
        occurred_at=at,
        actor=actor,
        account=account,
        month=month,
        amount=amount.amount,
        currency=budget.currency,
        reference=reference,
        commitment_ref=commitment_ref,
        released=released.amount,
    )
    # Released money was promised for the commitment's month, no later than the spend's: for
    # every month from the spend's on, only the rest changes what is left.
    return [
        spend,
        *_unless_it_fits(
            budget,
            spend,
            requested=amount - released,
            amount=str(amount.amount),
            released=str(released.amount),
        ),
    ]


def _settled(budget: Budget, reference: str, *, account: str, month: int) -> Commitment:
    """The open commitment a spend settles: of the spend's account, for its month or an
    earlier one."""
    require_text(reference, "commitment_ref")
    commitment = budget.commitment(reference)
    if commitment is None:
        raise RuleViolation(
            f"no commitment {reference} is open on this budget", field="commitment_ref"
        )
    if commitment.account != account:
        raise RuleViolation(
            f"commitment {reference} is against account {commitment.account}, not {account}",
            field="commitment_ref",
        )
    if commitment.month > month:
        raise RuleViolation(
            f"commitment {reference} is for month {commitment.month:02d}; a spend settles it in "
            f"that month or later, not in month {month:02d}",
            field="month",
        )
    return commitment


def _unless_it_fits(
    budget: Budget,
    fact: FundsCommitted | SpendRecorded,
    *,
    requested: Money,
    **more: Any,
) -> list[BudgetEvent]:
    """Nothing more when `requested` fits in what is available for the fact's account and
    month (nothing at all always fits). Otherwise the figures are the refusal's under `stop`
    control, and an overspend flagged after the fact under `warn`."""
    free = available(budget, account=fact.account, month=fact.month)
    if requested.is_zero or requested <= free:
        return []
    if budget.control is Control.STOP:
        raise BudgetExceeded(
            f"{requested} does not fit: account {fact.account} has {free} available in month "
            f"{fact.month:02d}",
            field="amount",
            account=fact.account,
            month=fact.month,
            available=str(free.amount),
            requested=str(requested.amount),
            currency=budget.currency,
            reference=fact.reference,
            **more,
        )
    return [
        OverspendFlagged(
            occurred_at=fact.occurred_at,
            actor=fact.actor,
            account=fact.account,
            month=fact.month,
            available=free.amount,
            requested=requested.amount,
            currency=budget.currency,
            reference=fact.reference,
        )
    ]
