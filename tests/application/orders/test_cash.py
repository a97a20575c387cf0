"""Invoices and payments (DOMAIN §2): invoiced total ≤ the value delivered (delivered quantity x
unit price per SKU), paid total ≤ invoiced total, payments in instalments; an order closes only
delivered in full and paid in full. A breach is `rule_violation` and appends nothing. Both
stores."""

from __future__ import annotations

from uuid import UUID

from infrastructure.opsledger import Opsledger
from tests.application.order_envelopes import (
    Json,
    accept,
    command,
    drive,
    refuse,
    status_of,
    version_of,
)
from tests.clocks import FixedClock


def invoice(order_id: UUID, invoice_no: str, amount: str) -> Json:
    return command("invoice", order_id, payload={"invoice_no": invoice_no, "amount": amount})


def pay(order_id: UUID, amount: str) -> Json:
    return command("record_payment", order_id, payload={"amount": amount})


def deliver(order_id: UUID, sku: str, quantity: int) -> Json:
    lines = [{"sku": sku, "quantity": quantity}]
    return command("confirm_delivery", order_id, payload={"lines": lines, "condition_ok": True})


class TestInvoicedNeverExceedsTheValueDelivered:
    def test_invoices_follow_what_was_delivered(self, ledger: Opsledger, clock: FixedClock) -> None:
        order_id = drive(ledger, clock, to="in_fulfilment")
        refuse(ledger, invoice(order_id, "INV-0", "0.01"), "rule_violation")  # nothing delivered
        accept(ledger, command("ship", order_id))
        accept(ledger, deliver(order_id, "RV-100", 4))  # 4 x 100.00 delivered

        refuse(ledger, invoice(order_id, "INV-1", "400.01"), "rule_violation")
        assert accept(ledger, invoice(order_id, "INV-1", "400.00")).events == ("InvoiceIssued",)
        refuse(ledger, invoice(order_id, "INV-2", "0.01"), "rule_violation")

        accept(ledger, deliver(order_id, "FP-5", 2))  # and 2 x 20.50
        refuse(ledger, invoice(order_id, "INV-2", "41.01"), "rule_violation")
        accept(ledger, invoice(order_id, "INV-2", "41.00"))

        assert str(ledger.state(order_id)[1].state.invoiced_total) == "441.00"


class TestPaymentsInInstalments:
    def test_paid_never_exceeds_invoiced(self, ledger: Opsledger, clock: FixedClock) -> None:
        order_id = drive(ledger, clock, to="delivered")  # version 11
        refuse(ledger, pay(order_id, "0.01"), "rule_violation")  # nothing invoiced
        accept(ledger, invoice(order_id, "INV-1", "1102.50"))
        refuse(ledger, pay(order_id, "1102.51"), "rule_violation")

        versions = []
        for amount in ("500.00", "500.00", "102.50"):
            clock.advance(days=7)
            paid = accept(ledger, pay(order_id, amount))
            assert paid.events == ("PaymentReceived",)
            versions.append(paid.version)
        refuse(ledger, pay(order_id, "0.01"), "rule_violation")

        assert versions == [13, 14, 15]
        assert str(ledger.state(order_id)[1].state.paid_total) == "1102.50"
        closed = accept(ledger, command("close", order_id))
        assert (closed.version, closed.events) == (16, ("OrderClosed",))


class TestAnOrderClosesDeliveredAndPaidInFull:
    def test_not_before(self, ledger: Opsledger, clock: FixedClock) -> None:
        order_id = drive(ledger, clock, to="in_fulfilment")
        refuse(ledger, command("close", order_id), "rule_violation")

        accept(ledger, command("ship", order_id))
        accept(ledger, deliver(order_id, "RV-100", 4))
        accept(ledger, invoice(order_id, "INV-1", "400.00"))
        accept(ledger, pay(order_id, "400.00"))
        # paid for everything delivered, but not delivered in full
        refuse(ledger, command("close", order_id), "rule_violation")

        accept(ledger, deliver(order_id, "RV-100", 6))
        accept(ledger, deliver(order_id, "FP-5", 5))
        assert status_of(ledger, order_id) == "delivered"
        refuse(ledger, command("close", order_id), "rule_violation")  # 400.00 of 1,102.50 paid

        accept(ledger, invoice(order_id, "INV-2", "702.50"))
        accept(ledger, pay(order_id, "702.49"))
        refuse(ledger, command("close", order_id), "rule_violation")  # a cent short

        accept(ledger, pay(order_id, "0.01"))
        version = version_of(ledger, order_id)
        closed = accept(ledger, command("close", order_id))
        assert (closed.version, closed.events) == (version + 1, ("OrderClosed",))
        assert status_of(ledger, order_id) == "closed"

    def test_not_in_draft_nor_signed(self, ledger: Opsledger, clock: FixedClock) -> None:
        draft = drive(ledger, clock, to="draft")
        signed = drive(ledger, clock, to="signed")
        refuse(ledger, command("close", draft), "rule_violation")
        refuse(ledger, command("close", signed), "rule_violation")
