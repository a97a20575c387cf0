"""Invoicing, payment and closing (DOMAIN §2 `order.invoice`, `record_payment`, `close`)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from domain.order import decisions
from domain.order.events import InvoiceIssued, OrderClosed, OrderEvent, PaymentReceived
from domain.order.values import SkuQuantity, Status
from domain.shared.errors import InvalidTransition, RuleViolation
from domain.shared.money import Money
from tests.domain.order.fixtures import (
    ACCOUNTANT,
    DELIVERED,
    IN_FULFILMENT,
    INVOICED_IN_FULL,
    PAID_IN_FULL,
    cny,
    delivery_confirmed,
    given,
    held,
    history,
    history_to,
    invoiced,
    next_moment,
    paid,
    shipped,
    then,
)

RV, FP = "RV-100", "FP-5"  # 10 at 100.00, 5 at 20.50


def invoice(past: list[OrderEvent], amount: Money, *, number: str = "INV-7") -> list[OrderEvent]:
    return decisions.invoice(
        given(past), invoice_no=number, amount=amount, actor=ACCOUNTANT, at=next_moment(past)
    )


def pay(past: list[OrderEvent], amount: Money) -> list[OrderEvent]:
    return decisions.record_payment(
        given(past), amount=amount, actor=ACCOUNTANT, at=next_moment(past)
    )


def close(past: list[OrderEvent]) -> list[OrderEvent]:
    return decisions.close(given(past), actor=ACCOUNTANT, at=next_moment(past))


#: In fulfilment with 3 vacuums and 2 filter packs delivered: 341.00 CNY of value delivered.
PARTLY_DELIVERED = then(
    history(IN_FULFILMENT),
    shipped(SkuQuantity(sku=RV, quantity=4), SkuQuantity(sku=FP, quantity=2)),
    delivery_confirmed(SkuQuantity(sku=RV, quantity=3), SkuQuantity(sku=FP, quantity=2)),
)


class TestInvoice:
    """The invoiced total never exceeds the value delivered: delivered quantity times unit price."""

    def test_an_invoice_is_recorded(self) -> None:
        events = invoice(PARTLY_DELIVERED, cny("300.00"))
        assert events == [
            InvoiceIssued(
                occurred_at=next_moment(PARTLY_DELIVERED),
                actor=ACCOUNTANT,
                invoice_no="INV-7",
                amount=Decimal("300.00"),
                currency="CNY",
            )
        ]
        assert given([*PARTLY_DELIVERED, *events]).invoiced == cny("300.00")

    def test_up_to_the_value_delivered(self) -> None:
        assert given(PARTLY_DELIVERED).delivered_value == cny("341.00")
        assert invoice(PARTLY_DELIVERED, cny("341.00"))
        with pytest.raises(RuleViolation) as refused:
            invoice(PARTLY_DELIVERED, cny("341.01"))
        assert refused.value.details == {
            "field": "amount",
            "invoiced_total": "341.01",
            "delivered_value": "341.00",
        }

    def test_earlier_invoices_count(self) -> None:
        past = then(PARTLY_DELIVERED, invoiced("300.00", "INV-1"))
        assert invoice(past, cny("41.00"))
        with pytest.raises(RuleViolation):
            invoice(past, cny("41.01"))

    def test_shipped_but_undelivered_goods_are_not_invoiced(self) -> None:
        past = then(history(IN_FULFILMENT), shipped())
        with pytest.raises(RuleViolation):
            invoice(past, cny("0.01"))

    def test_a_delivered_order_is_invoiced_up_to_its_value(self) -> None:
        assert invoice(history(DELIVERED), cny("1102.50"))
        with pytest.raises(RuleViolation):
            invoice(history(DELIVERED), cny("1102.51"))

    def test_each_invoice_number_once(self) -> None:
        past = then(PARTLY_DELIVERED, invoiced("100.00", "INV-1"))
        with pytest.raises(RuleViolation) as refused:
            invoice(past, cny("1.00"), number="INV-1")
        assert refused.value.details == {"field": "invoice_no"}

    def test_the_invoice_number_says_something(self) -> None:
        with pytest.raises(RuleViolation) as refused:
            invoice(PARTLY_DELIVERED, cny("1.00"), number=" ")
        assert refused.value.details == {"field": "invoice_no"}

    @pytest.mark.parametrize("amount", ["0", "-5.00"])
    def test_the_amount_is_above_zero(self, amount: str) -> None:
        with pytest.raises(RuleViolation) as refused:
            invoice(PARTLY_DELIVERED, cny(amount))
        assert refused.value.details == {"field": "amount"}

    def test_the_amount_is_in_the_orders_currency(self) -> None:
        with pytest.raises(RuleViolation) as refused:
            invoice(PARTLY_DELIVERED, Money.parse("10.00", "USD"))
        assert refused.value.details == {"field": "amount"}


class TestRecordPayment:
    """Payments come in instalments; the paid total never exceeds the invoiced total."""

    def test_a_payment_is_recorded(self) -> None:
        past = history(INVOICED_IN_FULL)
        events = pay(past, cny("500.00"))
        assert events == [
            PaymentReceived(
                occurred_at=next_moment(past),
                actor=ACCOUNTANT,
                amount=Decimal("500.00"),
                currency="CNY",
            )
        ]

    def test_instalments_add_up_to_the_invoiced_total_and_no_further(self) -> None:
        past = then(history(INVOICED_IN_FULL), paid("500.00"), paid("600.00"))
        assert given(past).paid == cny("1100.00")
        assert pay(past, cny("2.50"))
        with pytest.raises(RuleViolation) as refused:
            pay(past, cny("2.51"))
        assert refused.value.details == {
            "field": "amount",
            "paid_total": "1102.51",
            "invoiced_total": "1102.50",
        }

    def test_nothing_is_paid_before_it_is_invoiced(self) -> None:
        with pytest.raises(RuleViolation):
            pay(history(DELIVERED), cny("0.01"))

    def test_money_received_while_on_hold_is_recorded(self) -> None:
        past = then(PARTLY_DELIVERED, invoiced("300.00"), held(Status.IN_FULFILMENT))
        assert given(past).status is Status.ON_HOLD
        assert [type(e) for e in pay(past, cny("300.00"))] == [PaymentReceived]

    @pytest.mark.parametrize("amount", ["0.00", "-1.00"])
    def test_the_amount_is_above_zero(self, amount: str) -> None:
        with pytest.raises(RuleViolation) as refused:
            pay(history(INVOICED_IN_FULL), cny(amount))
        assert refused.value.details == {"field": "amount"}

    def test_the_amount_is_in_the_orders_currency(self) -> None:
        with pytest.raises(RuleViolation) as refused:
            pay(history(INVOICED_IN_FULL), Money.parse("1.00", "EUR"))
        assert refused.value.details == {"field": "amount"}


class TestClose:
    """An order is closed only when delivered in full and paid in full."""

    def test_a_delivered_and_paid_order_is_closed(self) -> None:
        past = history(PAID_IN_FULL)
        events = close(past)
        assert events == [OrderClosed(occurred_at=next_moment(past), actor=ACCOUNTANT)]
        assert given([*past, *events]).status is Status.CLOSED

    def test_paid_in_instalments_counts(self) -> None:
        past = then(history(INVOICED_IN_FULL), paid("0.50"), paid("1102.00"))
        assert [type(e) for e in close(past)] == [OrderClosed]

    def test_one_cent_short_is_refused(self) -> None:
        past = then(history(INVOICED_IN_FULL), paid("1102.49"))
        with pytest.raises(RuleViolation) as refused:
            close(past)
        assert refused.value.details == {"paid_total": "1102.49", "order_value": "1102.50"}

    def test_delivered_but_unpaid_is_refused(self) -> None:
        with pytest.raises(RuleViolation):
            close(history(DELIVERED))

    @pytest.mark.parametrize(
        "status",
        [s for s in Status if s not in (Status.DELIVERED, Status.CLOSED, Status.CANCELLED)],
    )
    def test_an_order_not_yet_delivered_is_refused_by_the_rule(self, status: Status) -> None:
        with pytest.raises(RuleViolation) as refused:
            close(history_to(status))
        assert refused.value.details == {"status": status.value}

    def test_paid_for_what_was_delivered_is_not_enough_before_delivery_in_full(self) -> None:
        past = then(PARTLY_DELIVERED, invoiced("341.00"), paid("341.00"))
        with pytest.raises(RuleViolation):
            close(past)

    @pytest.mark.parametrize("status", [Status.CLOSED, Status.CANCELLED])
    def test_a_finished_order_is_not_closed_again(self, status: Status) -> None:
        with pytest.raises(InvalidTransition):
            close(history_to(status))
