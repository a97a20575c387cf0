"""A budget as its events have made it, and `evolve`, which folds one more event into it."""

from __future__ import annotations

import decimal
from collections.abc import Iterable, Mapping
from datetime import datetime
from decimal import Decimal
from uuid import UUID

import attrs

from domain.budget.events import (
    AdjustmentRejected,
    AdjustmentRequested,
    AdjustmentReviewed,
    BudgetAdjusted,
    BudgetApproved,
    BudgetClosed,
    BudgetDrafted,
    BudgetDraftRevised,
    BudgetEvent,
    BudgetReturned,
    BudgetReviewed,
    BudgetSubmitted,
    FundsCommitted,
    OverspendFlagged,
    SpendRecorded,
)
from domain.budget.values import (
    MONTHS,
    NOTHING,
    ZERO,
    Account,
    AdjustmentChange,
    BudgetLine,
    Commitment,
    Control,
    PendingAdjustment,
    Status,
    Verdict,
)
from domain.shared.money import CENT, LIMIT

# Sums of stored amounts never raise: a value no decision would accept adds nothing.
_LENIENT = decimal.Context(prec=60, traps=[])


@attrs.frozen(kw_only=True)
class Budget:
    """The state of one department's budget for one fiscal year, rebuilt from its events.

    It keeps what the rules need and no more, so that it stays small however much is spent:
    each account's approved amounts and spend month by month, and the commitments still open.
    The budget as it stood at any instant is the fold of its events up to that instant (the
    log is in business-time order), so figures "as of" a time need no history here.
    """

    id: UUID
    department: str
    fiscal_year: int
    currency: str
    control: Control
    #: The lines as last drafted or revised: the plan that was submitted and approved.
    lines: tuple[BudgetLine, ...]
    #: Who drafted the budget, and when.
    drafted_by: str
    drafted_at: datetime
    #: The business time of the latest event: nothing that follows is dated before it.
    last_event_at: datetime
    status: Status = Status.DRAFT
    #: Who submitted it last, and who passed that submission in review (None until then).
    submitted_by: str | None = None
    reviewed_by: str | None = None
    approved_by: str | None = None
    approved_at: datetime | None = None
    #: How many times finance returned it.
    returns: int = 0
    #: Each account's figures: the lines' amounts, approved adjustments included, and spend.
    accounts: Mapping[str, Account] = attrs.field(factory=dict)
    #: The commitments still open, in the order they were made.
    commitments: tuple[Commitment, ...] = ()
    pending_adjustment: PendingAdjustment | None = None
    adjustments_requested: int = 0
    adjustments_approved: int = 0
    adjustments_rejected: int = 0
    adjustments_returned: int = 0
    overspends: int = 0
    closed_at: datetime | None = None

    def line(self, account: str) -> BudgetLine | None:
        """The budget's line for an account; None when the budget has no such account."""
        return next((line for line in self.lines if line.account == account), None)

    def commitment(self, reference: str) -> Commitment | None:
        """The open commitment made under `reference`; None when none is open."""
        return next((c for c in self.commitments if c.reference == reference), None)

    def approved(self, account: str) -> tuple[Decimal, ...]:
        """An account's approved amount in each month, approved adjustments included."""
        return self.accounts.get(account, Account()).approved

    def spent(self, account: str) -> tuple[Decimal, ...]:
        """The spend recorded against an account in each month."""
        return self.accounts.get(account, Account()).spent

    def committed(self, account: str) -> tuple[Decimal, ...]:
        """The open commitments against an account in each month."""
        result = NOTHING
        for commitment in self.commitments:
            if commitment.account == account:
                result = _added(result, commitment.month, commitment.amount)
        return result


def evolve(budget: Budget | None, event: BudgetEvent) -> Budget:
    """Fold one stored event into the budget. Accepts every event ever stored; never refuses."""
    if isinstance(event, BudgetDrafted):
        return Budget(
            id=event.budget_id,
            department=event.department,
            fiscal_year=event.fiscal_year,
            currency=event.currency,
            control=event.control,
            lines=event.lines,
            drafted_by=event.actor.id,
            drafted_at=event.occurred_at,
            last_event_at=event.occurred_at,
            accounts=_planned({}, event.lines),
        )
    if budget is None:
        raise ValueError(f"{type(event).__name__} cannot start a budget's history")
    return _evolve_existing(
        attrs.evolve(budget, last_event_at=max(budget.last_event_at, event.occurred_at)), event
    )


def _evolve_existing(b: Budget, event: BudgetEvent) -> Budget:
    match event:
        case BudgetDraftRevised():
            return attrs.evolve(
                b,
                status=Status.DRAFT,
                lines=event.lines,
                accounts=_planned(b.accounts, event.lines),
            )
        case BudgetSubmitted():
            return attrs.evolve(
                b, status=Status.SUBMITTED, submitted_by=event.actor.id, reviewed_by=None
            )
        case BudgetReviewed():
            return attrs.evolve(b, status=Status.FINANCE_REVIEWED, reviewed_by=event.actor.id)
        case BudgetReturned():
            return attrs.evolve(b, status=Status.RETURNED, reviewed_by=None, returns=b.returns + 1)
        case BudgetApproved():
            return attrs.evolve(
                b, status=Status.APPROVED, approved_by=event.actor.id, approved_at=event.occurred_at
            )
        case FundsCommitted():
            return _committed(b, event)
        case SpendRecorded():
            return _spent(b, event)
        case OverspendFlagged():
            return attrs.evolve(b, overspends=b.overspends + 1)
        case AdjustmentRequested():
            pending = PendingAdjustment(
                number=event.adjustment_no,
                kind=event.kind,
                changes=event.changes,
                requested_by=event.actor.id,
                requested_at=event.occurred_at,
            )
            return attrs.evolve(
                b, pending_adjustment=pending, adjustments_requested=b.adjustments_requested + 1
            )
        case AdjustmentReviewed():
            return _adjustment_reviewed(b, event)
        case BudgetAdjusted():
            return attrs.evolve(
                b,
                accounts=_adjusted(b.accounts, event.changes),
                pending_adjustment=None,
                adjustments_approved=b.adjustments_approved + 1,
            )
        case AdjustmentRejected():
            return attrs.evolve(
                b, pending_adjustment=None, adjustments_rejected=b.adjustments_rejected + 1
            )
        case BudgetClosed():
            return attrs.evolve(b, status=Status.CLOSED, closed_at=event.occurred_at)
    return b


def _adjustment_reviewed(b: Budget, event: AdjustmentReviewed) -> Budget:
    """A pass records the reviewer on the pending adjustment; a return ends it."""
    pending = b.pending_adjustment
    if pending is None:
        return b
    if event.verdict is Verdict.PASS:
        return attrs.evolve(b, pending_adjustment=attrs.evolve(pending, reviewed_by=event.actor.id))
    return attrs.evolve(b, pending_adjustment=None, adjustments_returned=b.adjustments_returned + 1)


def _committed(b: Budget, event: FundsCommitted) -> Budget:
    amount = _amount(event.amount)
    if event.month not in MONTHS or amount <= 0:
        return b
    commitment = Commitment(
        reference=event.reference, account=event.account, month=event.month, amount=amount
    )
    return attrs.evolve(b, commitments=(*b.commitments, commitment))


def _spent(b: Budget, event: SpendRecorded) -> Budget:
    """The spend is added to its account and month; the commitment it names is released by
    what the event says it released, never by more than is still open."""
    accounts = dict(b.accounts)
    if event.month in MONTHS:
        account = accounts.get(event.account, Account())
        spent = _added(account.spent, event.month, _amount(event.amount))
        accounts[event.account] = attrs.evolve(account, spent=spent)
    commitments = b.commitments
    released = _amount(event.released)
    for index, commitment in enumerate(commitments):
        if event.commitment_ref is not None and commitment.reference == event.commitment_ref:
            still_open = _LENIENT.subtract(commitment.amount, min(released, commitment.amount))
            rest = () if still_open <= 0 else (attrs.evolve(commitment, amount=still_open),)
            commitments = (*commitments[:index], *rest, *commitments[index + 1 :])
            break
    return attrs.evolve(b, accounts=accounts, commitments=commitments)


def _planned(accounts: Mapping[str, Account], lines: Iterable[BudgetLine]) -> dict[str, Account]:
    """The accounts once the lines are the plan: each line's monthly amounts are approved for
    its account; spend already recorded stays where it is."""
    result = {name: Account(spent=a.spent) for name, a in accounts.items() if a.spent != NOTHING}
    for line in lines:
        monthly = tuple(_amount(a) for a in line.monthly[: len(MONTHS)])
        monthly += NOTHING[len(monthly) :]
        result[line.account] = Account(
            approved=monthly, spent=result.get(line.account, Account()).spent
        )
    return result


def _adjusted(
    accounts: Mapping[str, Account], changes: Iterable[AdjustmentChange]
) -> dict[str, Account]:
    """The accounts once each change's delta is added to its approved amount."""
    result = dict(accounts)
    for change in changes:
        if change.month in MONTHS:
            account = result.get(change.account, Account())
            approved = _added(account.approved, change.month, _amount(change.delta))
            result[change.account] = attrs.evolve(account, approved=approved)
    return result


def _added(monthly: tuple[Decimal, ...], month: int, amount: Decimal) -> tuple[Decimal, ...]:
    index = month - 1
    total = _LENIENT.add(monthly[index], amount)
    return (*monthly[:index], total if total.is_finite() else monthly[index], *monthly[index + 1 :])


def _amount(value: object) -> Decimal:
    """A stored amount as the figures count it: an amount to the cent, or nothing at all for
    a value no decision would have recorded."""
    if not isinstance(value, Decimal) or not value.is_finite() or value.copy_abs() >= LIMIT:
        return ZERO
    cents = value.quantize(CENT, context=_LENIENT)
    return cents if cents == value else ZERO
