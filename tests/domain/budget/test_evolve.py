"""`evolve` folds every budget event ever stored, in any order and with any values, and never
refuses; the budget then holds the facts the events state, and its availability is computed."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import hypothesis
import pytest
from hypothesis import strategies as st

from domain.budget.availability import breakdown
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
from domain.budget.state import evolve
from domain.budget.values import (
    AdjustmentChange,
    AdjustmentKind,
    BudgetLine,
    Category,
    Control,
    Status,
    Verdict,
)
from domain.shared.events import event_types
from tests.domain.budget.fixtures import (
    ACCOUNTANT,
    APPROVED,
    BOSS,
    CONTROLLER,
    HEAD,
    PM,
    T0,
    TRAVEL,
    given,
    history,
    spent,
    submitted,
    then,
)

instants = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31), timezones=st.just(UTC)
)
actors = st.sampled_from([HEAD, ACCOUNTANT, BOSS, PM, CONTROLLER])
texts = st.text(max_size=8)
accounts = st.sampled_from(["6601", "6602", "", "未知"])
references = st.sampled_from(["PO-1", "PO-2", "INV-1", ""])
months = st.integers(-2, 14)
#: Any Decimal a stored event might hold, the absurd included.
decimals = st.decimals(allow_nan=True, allow_infinity=True) | st.sampled_from(
    [Decimal("sNaN"), Decimal("9E+999999"), Decimal("-0.001")]
)
#: Mostly amounts a decision would record (whole cents), sometimes anything at all.
amounts = st.integers(-(10**12), 10**12).map(lambda cents: Decimal(cents).scaleb(-2)) | decimals
lines = st.lists(
    st.builds(
        BudgetLine,
        account=accounts,
        category=st.sampled_from(Category),
        monthly=st.lists(amounts, max_size=13).map(tuple),
    ),
    max_size=3,
).map(tuple)
changes = st.lists(
    st.builds(AdjustmentChange, account=accounts, month=months, delta=amounts), max_size=3
).map(tuple)


def built(
    event_type: type[BudgetEvent], **fields: st.SearchStrategy[object]
) -> st.SearchStrategy[BudgetEvent]:
    return st.builds(event_type, occurred_at=instants, actor=actors, **fields)


drafts = built(
    BudgetDrafted,
    budget_id=st.uuids(),
    department=texts,
    fiscal_year=st.integers(-5, 10_000),
    currency=st.sampled_from(["CNY", "USD", "", "xx"]),
    control=st.sampled_from(Control),
    lines=lines,
)
money_fields = {"account": accounts, "month": months, "amount": amounts, "currency": texts}

#: A strategy for every budget event type, with any field values a stored event may hold.
EVENTS: dict[type[BudgetEvent], st.SearchStrategy[BudgetEvent]] = {
    BudgetDrafted: drafts,
    BudgetDraftRevised: built(BudgetDraftRevised, lines=lines),
    BudgetSubmitted: built(BudgetSubmitted),
    BudgetReviewed: built(BudgetReviewed, comments=texts),
    BudgetReturned: built(BudgetReturned, comments=texts),
    BudgetApproved: built(BudgetApproved),
    FundsCommitted: built(FundsCommitted, reference=references, **money_fields),
    SpendRecorded: built(
        SpendRecorded,
        reference=references,
        commitment_ref=st.none() | references,
        released=amounts,
        **money_fields,
    ),
    OverspendFlagged: built(
        OverspendFlagged,
        account=accounts,
        month=months,
        available=amounts,
        requested=amounts,
        currency=texts,
        reference=references,
    ),
    AdjustmentRequested: built(
        AdjustmentRequested,
        adjustment_no=st.integers(-1, 5),
        kind=st.sampled_from(AdjustmentKind),
        changes=changes,
        currency=texts,
    ),
    AdjustmentReviewed: built(
        AdjustmentReviewed, adjustment_no=st.integers(-1, 5), verdict=st.sampled_from(Verdict)
    ),
    BudgetAdjusted: built(
        BudgetAdjusted,
        adjustment_no=st.integers(-1, 5),
        kind=st.sampled_from(AdjustmentKind),
        changes=changes,
        currency=texts,
        requested_by=texts,
        reviewed_by=texts,
    ),
    AdjustmentRejected: built(AdjustmentRejected, adjustment_no=st.integers(-1, 5)),
    BudgetClosed: built(BudgetClosed),
}
any_event: st.SearchStrategy[BudgetEvent] = st.one_of(*EVENTS.values())

#: The status each status-setting event leaves the budget in, by DOMAIN §5's states.
SETS_STATUS: dict[type[BudgetEvent], Status] = {
    BudgetDrafted: Status.DRAFT,
    BudgetDraftRevised: Status.DRAFT,
    BudgetSubmitted: Status.SUBMITTED,
    BudgetReviewed: Status.FINANCE_REVIEWED,
    BudgetReturned: Status.RETURNED,
    BudgetApproved: Status.APPROVED,
    BudgetClosed: Status.CLOSED,
}


def test_every_budget_event_type_is_generated() -> None:
    registered = {c for c in event_types.values() if c.aggregate_type == "budget"}
    assert set(EVENTS) == registered - {BudgetEvent}


def test_a_history_starts_with_a_draft() -> None:
    with pytest.raises(ValueError, match="cannot start a budget's history"):
        evolve(None, submitted()(T0))


def _in_cents(amount: Decimal) -> bool:
    """An amount a decision could have recorded: finite, below 10^20, to the cent."""
    return (
        amount.is_finite() and abs(amount) < 10**20 and amount == amount.quantize(Decimal("0.01"))
    )


class TestEvolveNeverRefusesAnyStoredHistory:
    """Whatever events were stored after a BudgetDrafted, in whatever order, `evolve` folds
    them; status, spend, flags and open commitments are what the events say, and in a real
    currency the availability of every account is computed without an error."""

    @hypothesis.settings(max_examples=300, deadline=None)
    @hypothesis.given(first=drafts, rest=st.lists(any_event, max_size=40))
    def test_any_sequence_folds(self, first: BudgetEvent, rest: list[BudgetEvent]) -> None:
        events = [first, *rest]
        budget = given(events)

        start = max(i for i, e in enumerate(events) if isinstance(e, BudgetDrafted))
        since = events[start:]
        status = Status.DRAFT
        for event in since:
            status = SETS_STATUS.get(type(event), status)
        assert budget.status is status
        assert budget.last_event_at == max(e.occurred_at for e in since)
        assert budget.overspends == sum(isinstance(e, OverspendFlagged) for e in since)
        assert budget.adjustments_requested == sum(
            isinstance(e, AdjustmentRequested) for e in since
        )
        assert all(c.amount > 0 and 1 <= c.month <= 12 for c in budget.commitments)

        spends = [e for e in since if isinstance(e, SpendRecorded) and 1 <= e.month <= 12]
        if all(_in_cents(e.amount) for e in spends):
            hypothesis.event("spend all in cents")
            for account in {e.account for e in spends}:
                assert sum(budget.spent(account)) == sum(
                    (e.amount for e in spends if e.account == account), Decimal(0)
                )

        if budget.currency in ("CNY", "USD"):  # Money has no figures in any other "currency"
            for account in {*budget.accounts, "6601"}:
                assert len(breakdown(budget, account=account)) == 12


def test_the_state_does_not_grow_with_what_is_spent() -> None:
    """A budget keeps monthly totals and open commitments, never a list of every spend, so a
    snapshot of one with thousands of spends is as small as one with a single spend."""
    past = history(APPROVED)
    once = given(then(past, spent(TRAVEL, 1, "1.00", "INV-1")))
    many = given(then(past, *(spent(TRAVEL, 1, "1.00", f"INV-{n}") for n in range(2_000))))
    assert many.spent(TRAVEL)[0] == Decimal("2000.00")
    assert len(repr(many)) <= len(repr(once)) + 10
