"""`evolve` folds every order event ever stored, in any order and with any values, and never
refuses; the order then holds the facts the events state."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import hypothesis
import pytest
from hypothesis import strategies as st

from domain.order.events import (
    ContractApproved,
    ContractClauseReviewed,
    ContractRejected,
    ContractReviewRequested,
    ContractSigned,
    DeliveryConfirmed,
    FulfilmentStarted,
    InvoiceIssued,
    OrderAmended,
    OrderCancelled,
    OrderClosed,
    OrderDelivered,
    OrderDeliveryOverdue,
    OrderDrafted,
    OrderEvent,
    OrderPutOnHold,
    OrderResumed,
    PaymentReceived,
    ShipmentDispatched,
)
from domain.order.state import evolve
from domain.order.values import Aspect, OrderLine, SkuQuantity, Status, Verdict
from domain.shared.events import event_types
from tests.domain.order.fixtures import (
    ACCOUNTANT,
    BOSS,
    LAWYER,
    MANAGER,
    OPS,
    REP,
    SYSTEM,
    T0,
    fulfilment_started,
    given,
)

instants = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31), timezones=st.just(UTC)
)
dates = st.dates()
actors = st.sampled_from([REP, MANAGER, BOSS, LAWYER, ACCOUNTANT, OPS, SYSTEM])
texts = st.text(max_size=12)
skus = st.sampled_from(["A", "B", "C", "", "扫地机"])
#: Any Decimal a stored event might hold, the absurd included.
decimals = st.decimals(allow_nan=True, allow_infinity=True) | st.sampled_from(
    [Decimal("sNaN"), Decimal("9E+999999"), Decimal("-0.001")]
)
#: Mostly amounts a decision would record (whole cents), sometimes anything at all.
amounts = st.integers(-(10**12), 10**12).map(lambda cents: Decimal(cents).scaleb(-2)) | decimals
quantities = st.integers(min_value=-(10**6), max_value=10**12)
order_lines = st.builds(
    OrderLine, sku=skus, description=texts, quantity=quantities, unit_price=decimals
)
sku_lines = st.tuples(*[st.builds(SkuQuantity, sku=skus, quantity=quantities)] * 2)
line_tuples = st.lists(order_lines, max_size=3).map(tuple)


def built(
    event_type: type[OrderEvent], **fields: st.SearchStrategy[object]
) -> st.SearchStrategy[OrderEvent]:
    return st.builds(event_type, occurred_at=instants, actor=actors, **fields)


drafts = built(
    OrderDrafted,
    order_id=st.uuids(),
    customer_id=texts,
    customer_name=texts,
    currency=st.sampled_from(["CNY", "USD", "", "xx"]),
    lines=line_tuples,
    promised_delivery_date=dates,
    delivery_due=instants,
    payment_terms=texts,
)

#: A strategy for every order event type, with any field values a stored event may hold.
EVENTS: dict[type[OrderEvent], st.SearchStrategy[OrderEvent]] = {
    OrderDrafted: drafts,
    OrderAmended: built(
        OrderAmended,
        lines=st.none() | line_tuples,
        promised_delivery_date=st.none() | dates,
        delivery_due=st.none() | instants,
        payment_terms=st.none() | texts,
    ),
    ContractReviewRequested: built(ContractReviewRequested),
    ContractClauseReviewed: built(
        ContractClauseReviewed,
        aspect=st.sampled_from(Aspect),
        verdict=st.sampled_from(Verdict),
        notes=texts,
    ),
    ContractApproved: built(ContractApproved),
    ContractRejected: built(ContractRejected, aspect=st.sampled_from(Aspect)),
    ContractSigned: built(
        ContractSigned,
        signatory_id=texts,
        order_value=decimals,
        signing_limit=st.none() | decimals,
    ),
    FulfilmentStarted: built(FulfilmentStarted),
    ShipmentDispatched: built(ShipmentDispatched, lines=sku_lines, carrier=texts),
    DeliveryConfirmed: built(DeliveryConfirmed, lines=sku_lines, condition_ok=st.booleans()),
    OrderDelivered: built(OrderDelivered),
    InvoiceIssued: built(InvoiceIssued, invoice_no=texts, amount=amounts, currency=texts),
    PaymentReceived: built(PaymentReceived, amount=amounts, currency=texts),
    OrderPutOnHold: built(OrderPutOnHold, held_from=st.sampled_from(Status)),
    OrderResumed: built(OrderResumed, resumed_to=st.sampled_from(Status)),
    OrderCancelled: built(OrderCancelled),
    OrderClosed: built(OrderClosed),
    OrderDeliveryOverdue: built(
        OrderDeliveryOverdue, promised_delivery_date=dates, delivery_due=instants
    ),
}
any_event: st.SearchStrategy[OrderEvent] = st.one_of(*EVENTS.values())

#: The status each status-setting event leaves the order in, by DOMAIN §2's states.
SETS_STATUS: dict[type[OrderEvent], Status] = {
    OrderDrafted: Status.DRAFT,
    OrderAmended: Status.DRAFT,
    ContractReviewRequested: Status.UNDER_REVIEW,
    ContractApproved: Status.APPROVED,
    ContractRejected: Status.DRAFT,
    ContractSigned: Status.SIGNED,
    FulfilmentStarted: Status.IN_FULFILMENT,
    OrderDelivered: Status.DELIVERED,
    OrderPutOnHold: Status.ON_HOLD,
    OrderCancelled: Status.CANCELLED,
    OrderClosed: Status.CLOSED,
}


def test_every_order_event_type_is_generated() -> None:
    registered = {c for c in event_types.values() if c.aggregate_type == "order"} - {OrderEvent}
    assert set(EVENTS) == registered


def test_a_history_starts_with_a_draft() -> None:
    with pytest.raises(ValueError, match="cannot start an order's history"):
        evolve(None, fulfilment_started(T0))


class TestEvolveNeverRefusesAnyStoredHistory:
    """Whatever events were stored after an OrderDrafted, in whatever order, `evolve` folds
    them; the order's status, quantities, totals and flags are what the events say."""

    @hypothesis.settings(max_examples=300, deadline=None)
    @hypothesis.given(first=drafts, rest=st.lists(any_event, max_size=40))
    def test_any_sequence_folds(self, first: OrderEvent, rest: list[OrderEvent]) -> None:
        events = [first, *rest]
        order = given(events)

        start = max(i for i, e in enumerate(events) if isinstance(e, OrderDrafted))
        since = events[start:]
        expected_status = Status.DRAFT
        for event in since:
            if isinstance(event, OrderResumed):
                expected_status = event.resumed_to
            elif type(event) in SETS_STATUS:
                expected_status = SETS_STATUS[type(event)]
        assert order.status is expected_status

        shipped: dict[str, int] = {}
        for event in since:
            if isinstance(event, ShipmentDispatched):
                for line in event.lines:
                    shipped[line.sku] = shipped.get(line.sku, 0) + line.quantity
        assert order.shipped == shipped
        assert order.shipments == sum(isinstance(e, ShipmentDispatched) for e in since)
        assert order.overdue_reported == any(isinstance(e, OrderDeliveryOverdue) for e in since)
        assert order.last_event_at == max(e.occurred_at for e in since)
        assert order.invoice_numbers == {
            e.invoice_no for e in since if isinstance(e, InvoiceIssued)
        }
        payments = [e.amount for e in since if isinstance(e, PaymentReceived)]
        if all(_in_cents(amount) for amount in payments):
            hypothesis.event("payments all in cents")
            assert order.paid_total == sum(payments, Decimal("0.00"))
        invoices = [e.amount for e in since if isinstance(e, InvoiceIssued)]
        if all(_in_cents(amount) for amount in invoices):
            assert order.invoiced_total == sum(invoices, Decimal("0.00"))


def _in_cents(amount: Decimal) -> bool:
    """An amount a decision could have recorded: finite, below 10^20, to the cent."""
    return (
        amount.is_finite() and abs(amount) < 10**20 and amount == amount.quantize(Decimal("0.01"))
    )
