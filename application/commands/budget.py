"""Budget commands of DOMAIN §5: typed payloads, who sends them, and their decisions."""

from __future__ import annotations

from decimal import Decimal

import attrs

from application.commands.payloads import NoPayload, fields_of, given, in_currency
from application.commands.readers import (
    amount,
    choice,
    currency,
    integer,
    month,
    month_map,
    records,
    text,
)
from application.commands.spec import CommandSpec, Context, declaring, who
from application.kinds import AggregateKind
from domain.budget import decisions
from domain.budget.events import BudgetEvent
from domain.budget.kind import BUDGET as BUDGET_KIND
from domain.budget.state import Budget
from domain.budget.values import (
    AdjustmentChange,
    AdjustmentKind,
    BudgetLine,
    Category,
    Control,
    Verdict,
    natural_key,
)
from domain.shared.actor import Role

HEAD = Role.DEPARTMENT_HEAD
FINANCE = Role.FINANCE
MANAGEMENT = Role.MANAGEMENT


@attrs.frozen(kw_only=True)
class LineSent:
    """A budget line as sent: the months it names, `{"07": "1000.00"}`."""

    account: str
    category: Category
    monthly: dict[int, Decimal]

    def line(self) -> BudgetLine:
        return BudgetLine.from_months(
            account=self.account, category=self.category, months=self.monthly
        )


LINES = records(
    LineSent, at_least=1, account=text, category=choice(Category), monthly=month_map(amount())
)
CHANGES = records(
    AdjustmentChange, at_least=1, account=text, month=month, delta=amount(signed=True)
)


@attrs.frozen(kw_only=True)
class DraftBudget:
    department: str = given(text)
    fiscal_year: int = given(integer(low=1900, high=9998))
    currency: str = given(currency, default="CNY")
    control: Control = given(choice(Control))
    lines: tuple[LineSent, ...] = given(LINES)


@attrs.frozen(kw_only=True)
class ReviseDraft:
    lines: tuple[LineSent, ...] = given(LINES)


@attrs.frozen(kw_only=True)
class ReviewBudget:
    verdict: Verdict = given(choice(Verdict))
    comments: str = given(text, default="")


@attrs.frozen(kw_only=True)
class CommitFunds:
    account: str = given(text)
    month: int = given(month)
    amount: Decimal = given(amount(positive=True))
    reference: str = given(text)


@attrs.frozen(kw_only=True)
class RecordSpend:
    account: str = given(text)
    month: int = given(month)
    amount: Decimal = given(amount(positive=True))
    reference: str = given(text)
    commitment_ref: str | None = given(text, default=None)


@attrs.frozen(kw_only=True)
class RequestAdjustment:
    kind: AdjustmentKind = given(choice(AdjustmentKind))
    changes: tuple[AdjustmentChange, ...] = given(CHANGES)


@attrs.frozen(kw_only=True)
class ReviewAdjustment:
    verdict: Verdict = given(choice(Verdict))


def _draft(_: None, ctx: Context, p: DraftBudget) -> list[BudgetEvent]:
    return decisions.draft(
        budget_id=ctx.aggregate_id,
        department=p.department,
        fiscal_year=p.fiscal_year,
        currency=p.currency,
        control=p.control,
        lines=[line.line() for line in p.lines],
        actor=ctx.actor,
        at=ctx.at,
    )


def _commit(budget: Budget, ctx: Context, p: CommitFunds) -> list[BudgetEvent]:
    fields = fields_of(p)
    fields["amount"] = in_currency(budget, p.amount)
    return decisions.commit_funds(budget, actor=ctx.actor, at=ctx.at, **fields)


def _spend(budget: Budget, ctx: Context, p: RecordSpend) -> list[BudgetEvent]:
    fields = fields_of(p)
    fields["amount"] = in_currency(budget, p.amount)
    return decisions.record_spend(budget, actor=ctx.actor, at=ctx.at, **fields)


_spec = declaring("budget")

COMMANDS: tuple[CommandSpec, ...] = (
    _spec(
        "draft",
        who(HEAD),
        DraftBudget,
        creates=True,
        natural_key=lambda p: natural_key(p.department, p.fiscal_year),
        decide=_draft,
    ),
    _spec(
        "revise_draft",
        who(HEAD),
        ReviseDraft,
        decide=lambda b, ctx, p: decisions.revise_draft(
            b, actor=ctx.actor, at=ctx.at, lines=[line.line() for line in p.lines]
        ),
    ),
    _spec(
        "submit",
        who(HEAD),
        NoPayload,
        decide=lambda b, ctx, p: decisions.submit(b, actor=ctx.actor, at=ctx.at),
    ),
    _spec(
        "review",
        who(FINANCE),
        ReviewBudget,
        decide=lambda b, ctx, p: decisions.review(b, actor=ctx.actor, at=ctx.at, **fields_of(p)),
    ),
    _spec(
        "approve",
        who(MANAGEMENT),
        NoPayload,
        decide=lambda b, ctx, p: decisions.approve(b, actor=ctx.actor, at=ctx.at),
    ),
    _spec("commit_funds", who(HEAD, Role.PROJECT_MANAGER), CommitFunds, decide=_commit),
    _spec("record_spend", who(FINANCE), RecordSpend, decide=_spend),
    _spec(
        "request_adjustment",
        who(HEAD),
        RequestAdjustment,
        reason_required=True,
        decide=lambda b, ctx, p: decisions.request_adjustment(
            b, actor=ctx.actor, at=ctx.at, **fields_of(p)
        ),
    ),
    _spec(
        "review_adjustment",
        who(FINANCE),
        ReviewAdjustment,
        decide=lambda b, ctx, p: decisions.review_adjustment(
            b, actor=ctx.actor, at=ctx.at, **fields_of(p)
        ),
    ),
    _spec(
        "approve_adjustment",
        who(MANAGEMENT),
        NoPayload,
        reason_required=True,
        decide=lambda b, ctx, p: decisions.approve_adjustment(b, actor=ctx.actor, at=ctx.at),
    ),
    _spec(
        "reject_adjustment",
        who(MANAGEMENT),
        NoPayload,
        reason_required=True,
        decide=lambda b, ctx, p: decisions.reject_adjustment(b, actor=ctx.actor, at=ctx.at),
    ),
    _spec(
        "close",
        who(Role.FINANCE_MANAGER),
        NoPayload,
        decide=lambda b, ctx, p: decisions.close(
            b, actor=ctx.actor, at=ctx.at, zone=ctx.policies.zone
        ),
    ),
)

BUDGET = AggregateKind.of(BUDGET_KIND, COMMANDS)
