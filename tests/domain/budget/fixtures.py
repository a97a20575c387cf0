"""Builders for budget tests: actors, events on a timeline, canonical histories, every command."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from uuid import UUID
from zoneinfo import ZoneInfo

from domain.budget import decisions
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
    SpendRecorded,
)
from domain.budget.state import Budget, evolve
from domain.budget.values import (
    MONTHS,
    AdjustmentChange,
    AdjustmentKind,
    BudgetLine,
    Category,
    Control,
    Status,
    Verdict,
)
from domain.shared.actor import Actor, Role
from domain.shared.money import Money

D = Decimal
SHANGHAI = ZoneInfo("Asia/Shanghai")
#: Business time of the first event of every history: 09:30 in Shanghai on 5 January 2026.
T0 = datetime(2026, 1, 5, 1, 30, tzinfo=UTC)
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)
#: The fiscal year 2026 ends at midnight Shanghai time: 16:00 UTC on 31 December.
YEAR_END = datetime(2026, 12, 31, 16, 0, tzinfo=UTC)

BUDGET_ID = UUID("5b0e8c1a-2f3d-4e6b-9c7a-8d1e2f3a4b5c")
DEPARTMENT = "运营部 (operations)"
FISCAL_YEAR = 2026
TRAVEL, SERVERS, SALES = "6601 差旅费 (travel)", "6602 服务器 (servers)", "6001 销售收入 (sales)"

#: Travel 10,000.00 every month; servers 50,000.00 in March and in September; sales revenue
#: 200,000.00 every month.
LINES = (
    BudgetLine.from_months(
        account=TRAVEL, category=Category.EXPENSE, months=dict.fromkeys(MONTHS, D("10000.00"))
    ),
    BudgetLine.from_months(
        account=SERVERS, category=Category.COST, months={3: D("50000.00"), 9: D("50000.00")}
    ),
    BudgetLine.from_months(
        account=SALES, category=Category.REVENUE, months=dict.fromkeys(MONTHS, D("200000.00"))
    ),
)
#: The revision: travel down to 8,000.00 a month, servers as before, no sales line.
REVISED = (
    BudgetLine.from_months(
        account=TRAVEL, category=Category.EXPENSE, months=dict.fromkeys(MONTHS, D("8000.00"))
    ),
    LINES[1],
)
#: Move 1,000.00 of December's travel to September's servers.
TRANSFER = (
    AdjustmentChange(account=TRAVEL, month=12, delta=D("-1000.00")),
    AdjustmentChange(account=SERVERS, month=9, delta=D("1000.00")),
)


def cny(text: str) -> Money:
    return Money.parse(text, "CNY")


def actor(actor_id: str, *roles: Role, department: str = "") -> Actor:
    """An actor with the given id, roles and department."""
    return Actor(id=actor_id, roles=roles, department=department)


HEAD = actor("u-head-ops", Role.DEPARTMENT_HEAD, department="operations")
OTHER_HEAD = actor("u-head-ops-2", Role.DEPARTMENT_HEAD, department="operations")
ACCOUNTANT = actor("u-fin-1", Role.FINANCE, department="finance")
OTHER_ACCOUNTANT = actor("u-fin-2", Role.FINANCE, department="finance")
BOSS = actor("u-ceo", Role.MANAGEMENT, department="management")
OTHER_BOSS = actor("u-coo", Role.MANAGEMENT, department="management")
PM = actor("u-pm-1", Role.PROJECT_MANAGER, department="pmo")
CONTROLLER = actor("u-fm-1", Role.FINANCE_MANAGER, department="finance")

# --- events, each at a business time `at` and by the actor who would normally cause it ---------

Step = Callable[[datetime], BudgetEvent]


def drafted(
    control: Control = Control.STOP, lines: tuple[BudgetLine, ...] = LINES, *, by: Actor = HEAD
) -> Step:
    return lambda at: BudgetDrafted(
        occurred_at=at,
        actor=by,
        budget_id=BUDGET_ID,
        department=DEPARTMENT,
        fiscal_year=FISCAL_YEAR,
        currency="CNY",
        control=control,
        lines=lines,
    )


def revised(lines: tuple[BudgetLine, ...] = REVISED) -> Step:
    return lambda at: BudgetDraftRevised(occurred_at=at, actor=HEAD, lines=lines)


def submitted(by: Actor = HEAD) -> Step:
    return lambda at: BudgetSubmitted(occurred_at=at, actor=by)


def reviewed(by: Actor = ACCOUNTANT) -> Step:
    return lambda at: BudgetReviewed(occurred_at=at, actor=by, comments="")


def returned(by: Actor = ACCOUNTANT) -> Step:
    return lambda at: BudgetReturned(occurred_at=at, actor=by, comments="差旅偏高 (travel high)")


def approved(by: Actor = BOSS) -> Step:
    return lambda at: BudgetApproved(occurred_at=at, actor=by)


def committed(account: str, month: int, amount: str, reference: str) -> Step:
    return lambda at: FundsCommitted(
        occurred_at=at,
        actor=HEAD,
        account=account,
        month=month,
        amount=D(amount),
        currency="CNY",
        reference=reference,
    )


def spent(
    account: str,
    month: int,
    amount: str,
    reference: str,
    *,
    commitment_ref: str | None = None,
    released: str = "0.00",
) -> Step:
    return lambda at: SpendRecorded(
        occurred_at=at,
        actor=ACCOUNTANT,
        account=account,
        month=month,
        amount=D(amount),
        currency="CNY",
        reference=reference,
        commitment_ref=commitment_ref,
        released=D(released),
    )


def adjustment_requested(
    changes: tuple[AdjustmentChange, ...] = TRANSFER,
    kind: AdjustmentKind = AdjustmentKind.TRANSFER,
    *,
    number: int = 1,
    by: Actor = HEAD,
) -> Step:
    return lambda at: AdjustmentRequested(
        occurred_at=at, actor=by, adjustment_no=number, kind=kind, changes=changes, currency="CNY"
    )


def adjustment_reviewed(
    verdict: Verdict = Verdict.PASS, *, number: int = 1, by: Actor = ACCOUNTANT
) -> Step:
    return lambda at: AdjustmentReviewed(
        occurred_at=at, actor=by, adjustment_no=number, verdict=verdict
    )


def adjusted(
    changes: tuple[AdjustmentChange, ...] = TRANSFER,
    kind: AdjustmentKind = AdjustmentKind.TRANSFER,
    *,
    number: int = 1,
) -> Step:
    return lambda at: BudgetAdjusted(
        occurred_at=at,
        actor=BOSS,
        adjustment_no=number,
        kind=kind,
        changes=changes,
        currency="CNY",
        requested_by=HEAD.id,
        reviewed_by=ACCOUNTANT.id,
    )


def adjustment_rejected(number: int = 1) -> Step:
    return lambda at: AdjustmentRejected(occurred_at=at, actor=BOSS, adjustment_no=number)


def closed(at: datetime) -> BudgetClosed:
    return BudgetClosed(occurred_at=max(at, YEAR_END), actor=CONTROLLER)


# --- histories -----------------------------------------------------------------------------------

DRAFTED: tuple[Step, ...] = (drafted(),)
SUBMITTED = (*DRAFTED, submitted())
REVIEWED = (*SUBMITTED, reviewed())
APPROVED = (*REVIEWED, approved())
RETURNED = (*SUBMITTED, returned())
CLOSED = (*APPROVED, closed)
ADJUSTMENT_PENDING = (*APPROVED, adjustment_requested())
ADJUSTMENT_REVIEWED = (*ADJUSTMENT_PENDING, adjustment_reviewed())
WARN_APPROVED = (drafted(Control.WARN), submitted(), reviewed(), approved())

#: The canonical road to each state.
ROADS: dict[Status, tuple[Step, ...]] = {
    Status.DRAFT: DRAFTED,
    Status.SUBMITTED: SUBMITTED,
    Status.FINANCE_REVIEWED: REVIEWED,
    Status.APPROVED: APPROVED,
    Status.CLOSED: CLOSED,
    Status.RETURNED: RETURNED,
}


def history(steps: Iterable[Step]) -> list[BudgetEvent]:
    """The events of `steps`, one hour apart from T0."""
    return [step(T0 + index * HOUR) for index, step in enumerate(steps)]


def history_to(status: Status) -> list[BudgetEvent]:
    """The canonical events that bring a budget to `status` (see ROADS)."""
    return history(ROADS[status])


def then(events: list[BudgetEvent], *steps: Step) -> list[BudgetEvent]:
    """`events` followed by more events, one hour apart after the last one."""
    last = events[-1].occurred_at
    return [*events, *(step(last + (index + 1) * HOUR) for index, step in enumerate(steps))]


def given(events: Iterable[BudgetEvent]) -> Budget:
    """The budget as its past events made it: every event folded in order with `evolve`."""
    budget: Budget | None = None
    for event in events:
        budget = evolve(budget, event)
    if budget is None:
        raise ValueError("a budget's history starts with BudgetDrafted")
    return budget


def next_moment(events: list[BudgetEvent]) -> datetime:
    """One hour after the last event: when the command under test is sent."""
    return events[-1].occurred_at + HOUR


def decide(
    past: list[BudgetEvent], command: Command, by: Actor
) -> tuple[list[BudgetEvent], list[BudgetEvent]]:
    """`command` sent by `by` one hour after `past`: the events decided, and the new history."""
    events = command(given(past), by, next_moment(past))
    return events, [*past, *events]


# --- every command on a budget with a valid payload, as (budget, actor, at) -> events -----------

Command = Callable[[Budget, Actor, datetime], list[BudgetEvent]]


def commit(account: str, month: int, amount: str, reference: str) -> Command:
    return lambda b, a, t: decisions.commit_funds(
        b, account=account, month=month, amount=cny(amount), reference=reference, actor=a, at=t
    )


def spend(
    account: str, month: int, amount: str, reference: str, commitment_ref: str | None = None
) -> Command:
    return lambda b, a, t: decisions.record_spend(
        b,
        account=account,
        month=month,
        amount=cny(amount),
        reference=reference,
        commitment_ref=commitment_ref,
        actor=a,
        at=t,
    )


def request(
    changes: Sequence[AdjustmentChange] = TRANSFER, kind: AdjustmentKind = AdjustmentKind.TRANSFER
) -> Command:
    return lambda b, a, t: decisions.request_adjustment(
        b, kind=kind, changes=changes, actor=a, at=t
    )


def review(verdict: Verdict = Verdict.PASS, comments: str = "") -> Command:
    return lambda b, a, t: decisions.review(b, verdict=verdict, comments=comments, actor=a, at=t)


def review_adjustment(verdict: Verdict = Verdict.PASS) -> Command:
    return lambda b, a, t: decisions.review_adjustment(b, verdict=verdict, actor=a, at=t)


def revise(lines: Sequence[BudgetLine] = REVISED) -> Command:
    return lambda b, a, t: decisions.revise_draft(b, lines=lines, actor=a, at=t)


COMMANDS: dict[str, Command] = {
    "revise_draft": revise(),
    "submit": lambda b, a, t: decisions.submit(b, actor=a, at=t),
    "review": review(),
    "approve": lambda b, a, t: decisions.approve(b, actor=a, at=t),
    "commit_funds": commit(TRAVEL, 7, "1000.00", "PO-2026-0701"),
    "record_spend": spend(TRAVEL, 7, "500.00", "INV-2026-0701"),
    "request_adjustment": request(),
    "review_adjustment": review_adjustment(),
    "approve_adjustment": lambda b, a, t: decisions.approve_adjustment(b, actor=a, at=t),
    "reject_adjustment": lambda b, a, t: decisions.reject_adjustment(b, actor=a, at=t),
    # Sent once the fiscal year is over, whenever the history before it ended.
    "close": lambda b, a, t: decisions.close(b, actor=a, at=max(t, YEAR_END), zone=SHANGHAI),
}


def draft_as(
    by: Actor,
    at: datetime = T0,
    *,
    department: str = DEPARTMENT,
    fiscal_year: int = FISCAL_YEAR,
    currency: str = "CNY",
    control: Control = Control.STOP,
    lines: Sequence[BudgetLine] = LINES,
) -> list[BudgetEvent]:
    """Draft the standard budget as `by`, with any part replaced."""
    return decisions.draft(
        budget_id=BUDGET_ID,
        department=department,
        fiscal_year=fiscal_year,
        currency=currency,
        control=control,
        lines=lines,
        actor=by,
        at=at,
    )


def line(
    account: str, months: Mapping[int, Decimal], category: Category = Category.EXPENSE
) -> BudgetLine:
    return BudgetLine.from_months(account=account, category=category, months=months)
