"""Facts of a budget's life, named as DOMAIN.md §5 names them."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar
from uuid import UUID

import attrs

from domain.budget.values import AdjustmentChange, AdjustmentKind, BudgetLine, Control, Verdict
from domain.shared.events import Event


@attrs.frozen(kw_only=True)
class BudgetEvent(Event):
    """Base of every budget event."""

    aggregate_type: ClassVar[str] = "budget"


@attrs.frozen(kw_only=True)
class BudgetDrafted(BudgetEvent):
    """A department head drafted the budget of `department` for `fiscal_year`: its lines, in
    `currency`, under `control`. The drafter is the actor."""

    budget_id: UUID
    department: str
    fiscal_year: int
    currency: str
    control: Control
    lines: tuple[BudgetLine, ...]


@attrs.frozen(kw_only=True)
class BudgetDraftRevised(BudgetEvent):
    """The draft's lines are these from now on; a returned budget is a draft again."""

    lines: tuple[BudgetLine, ...]


@attrs.frozen(kw_only=True)
class BudgetSubmitted(BudgetEvent):
    """The department head (the actor, its submitter) sent the budget to finance for review."""


@attrs.frozen(kw_only=True)
class BudgetReviewed(BudgetEvent):
    """Finance (the actor, its reviewer) passed the budget on to management."""

    comments: str


@attrs.frozen(kw_only=True)
class BudgetReturned(BudgetEvent):
    """Finance returned the budget to the department head, saying why in `comments`."""

    comments: str


@attrs.frozen(kw_only=True)
class BudgetApproved(BudgetEvent):
    """Management approved the budget: its lines are the approved amounts from now on."""


@attrs.frozen(kw_only=True)
class FundsCommitted(BudgetEvent):
    """`amount` is promised against `account` in `month` (1-12) under `reference`, until the
    spend that names it releases it."""

    account: str
    month: int
    amount: Decimal
    currency: str
    reference: str


@attrs.frozen(kw_only=True)
class SpendRecorded(BudgetEvent):
    """`amount` was spent against `account` in `month` (1-12) under `reference`. When it
    names the open commitment `commitment_ref`, `released` of that commitment is released."""

    account: str
    month: int
    amount: Decimal
    currency: str
    reference: str
    commitment_ref: str | None = None
    released: Decimal = Decimal("0.00")


@attrs.frozen(kw_only=True)
class OverspendFlagged(BudgetEvent):
    """Under `warn` control, the commitment or spend `reference` just recorded did not fit:
    `requested` was more than the `available` amount of `account` in `month`."""

    account: str
    month: int
    available: Decimal
    requested: Decimal
    currency: str
    reference: str


@attrs.frozen(kw_only=True)
class AdjustmentRequested(BudgetEvent):
    """The department head (the actor) requested adjustment number `adjustment_no` of the
    approved amounts, with a reason on the envelope."""

    adjustment_no: int
    kind: AdjustmentKind
    changes: tuple[AdjustmentChange, ...]
    currency: str


@attrs.frozen(kw_only=True)
class AdjustmentReviewed(BudgetEvent):
    """Finance (the actor) reviewed adjustment `adjustment_no`: passed on to management, or
    returned to its requester, which ends it."""

    adjustment_no: int
    verdict: Verdict


@attrs.frozen(kw_only=True)
class BudgetAdjusted(BudgetEvent):
    """Management approved adjustment `adjustment_no`, requested by `requested_by` and passed
    by `reviewed_by`: from now on each change's delta is added to its approved amount."""

    adjustment_no: int
    kind: AdjustmentKind
    changes: tuple[AdjustmentChange, ...]
    currency: str
    requested_by: str
    reviewed_by: str


@attrs.frozen(kw_only=True)
class AdjustmentRejected(BudgetEvent):
    """Management rejected adjustment `adjustment_no`, with a reason on the envelope."""

    adjustment_no: int


@attrs.frozen(kw_only=True)
class BudgetClosed(BudgetEvent):
    """A finance manager closed the budget after its fiscal year; nothing more is recorded."""
