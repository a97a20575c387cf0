"""Decisions from draft to approval: draft, revise, submit, review by finance, approve."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from domain.budget.events import (
    BudgetApproved,
    BudgetDrafted,
    BudgetDraftRevised,
    BudgetEvent,
    BudgetReturned,
    BudgetReviewed,
    BudgetSubmitted,
)
from domain.budget.lines import checked_lines
from domain.budget.state import Budget
from domain.budget.values import DRAFTING, BudgetLine, Control, Status, Verdict
from domain.shared.actor import Actor, Role
from domain.shared.errors import RuleViolation
from domain.shared.guards import require_role, require_segregated, require_status, require_text
from domain.shared.money import InvalidAmount, Money
from domain.shared.period import FIRST_YEAR, LAST_YEAR

SUBJECT = "budget"
HEAD = Role.DEPARTMENT_HEAD


def draft(
    *,
    budget_id: UUID,
    department: str,
    fiscal_year: int,
    currency: str,
    control: Control,
    lines: Sequence[BudgetLine],
    actor: Actor,
    at: datetime,
) -> list[BudgetEvent]:
    """A department head drafts the budget of a department for a fiscal year, one budget per
    department and year (its id follows from them): the currency, whether what does not fit
    is stopped or only flagged, and at least one line, one per account, with every monthly
    amount zero or more."""
    require_role(actor, HEAD, action="draft a budget")
    require_text(department, "department")
    if isinstance(fiscal_year, bool) or not isinstance(fiscal_year, int):
        raise RuleViolation(f"a fiscal year is a year, not {fiscal_year!r}", field="fiscal_year")
    if not FIRST_YEAR <= fiscal_year <= LAST_YEAR:
        raise RuleViolation(
            f"a fiscal year lies in {FIRST_YEAR} to {LAST_YEAR}, not {fiscal_year}",
            field="fiscal_year",
        )
    try:
        Money.zero(currency)
    except InvalidAmount as error:
        raise RuleViolation(str(error), field="currency") from None
    if not isinstance(control, Control):
        raise RuleViolation(f"control is stop or warn, not {control!r}", field="control")
    return [
        BudgetDrafted(
            occurred_at=at,
            actor=actor,
            budget_id=budget_id,
            department=department,
            fiscal_year=fiscal_year,
            currency=currency,
            control=control,
            lines=checked_lines(lines, currency=currency),
        )
    ]


def revise_draft(
    budget: Budget, *, lines: Sequence[BudgetLine], actor: Actor, at: datetime
) -> list[BudgetEvent]:
    """A department head revises the lines of a budget in draft, or of one finance returned
    (which is back in draft), by the drafting rules; the new lines replace the old."""
    require_role(actor, HEAD, action="revise a budget's draft")
    require_status(budget.status, *DRAFTING, subject=SUBJECT, action="revise")
    return [
        BudgetDraftRevised(
            occurred_at=at, actor=actor, lines=checked_lines(lines, currency=budget.currency)
        )
    ]


def submit(budget: Budget, *, actor: Actor, at: datetime) -> list[BudgetEvent]:
    """A department head submits a budget in draft (a returned one too) to finance for review;
    they are its submitter."""
    require_role(actor, HEAD, action="submit a budget")
    require_status(budget.status, *DRAFTING, subject=SUBJECT, action="submit")
    return [BudgetSubmitted(occurred_at=at, actor=actor)]


def review(
    budget: Budget, *, verdict: Verdict, comments: str, actor: Actor, at: datetime
) -> list[BudgetEvent]:
    """Finance reviews a submitted budget, never the one who submitted it. A pass sends it to
    management; a return sends it back to the department head's draft, and its comments say
    why."""
    require_role(actor, Role.FINANCE, action="review a budget")
    require_status(budget.status, Status.SUBMITTED, subject=SUBJECT, action="review")
    require_segregated(
        actor, budget.submitted_by, duty="submitted", subject=SUBJECT, action="review"
    )
    if verdict is Verdict.RETURN:
        require_text(comments, "comments")
        return [BudgetReturned(occurred_at=at, actor=actor, comments=comments)]
    return [BudgetReviewed(occurred_at=at, actor=actor, comments=comments)]


def approve(budget: Budget, *, actor: Actor, at: datetime) -> list[BudgetEvent]:
    """Management approves a budget finance has passed, never the one who submitted it nor
    the one who reviewed it. From then on its lines are the approved amounts, against which
    funds are committed and spent."""
    require_role(actor, Role.MANAGEMENT, action="approve a budget")
    require_status(budget.status, Status.FINANCE_REVIEWED, subject=SUBJECT, action="approve")
    require_segregated(
        actor, budget.submitted_by, duty="submitted", subject=SUBJECT, action="approve"
    )
    require_segregated(
        actor, budget.reviewed_by, duty="reviewed", subject=SUBJECT, action="approve"
    )
    return [BudgetApproved(occurred_at=at, actor=actor)]
