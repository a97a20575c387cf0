"""Every order command accepted (DOMAIN §2): given an order in the state the command needs, the
command appends exactly the events DOMAIN names, at the next versions, and the order is in the
status DOMAIN says. Both stores."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

import pytest

from infrastructure.opsledger import Opsledger
from tests.application.order_envelopes import (
    FINANCE,
    REASON,
    SALES_MANAGER,
    SALES_REP,
    Json,
    accept,
    command,
    drive,
    status_of,
    step,
)
from tests.clocks import FixedClock

#: (command, the status it is sent in, steps taken first, its events, version after, status after)
ACCEPTED: list[tuple[str, str | None, tuple[str, ...], tuple[str, ...], int, str]] = [
    ("draft", None, (), ("OrderDrafted",), 1, "draft"),
    ("amend", "draft", (), ("OrderAmended",), 2, "draft"),
    ("amend", "under_review", ("review_legal",), ("OrderAmended",), 4, "draft"),
    ("request_review", "draft", (), ("ContractReviewRequested",), 2, "under_review"),
    ("review_legal", "under_review", (), ("ContractClauseReviewed",), 3, "under_review"),
    (
        "review_risk",
        "under_review",
        ("review_legal", "review_financial"),
        ("ContractClauseReviewed", "ContractApproved"),
        6,
        "approved",
    ),
    ("sign", "approved", (), ("ContractSigned",), 7, "signed"),
    ("start_fulfilment", "signed", (), ("FulfilmentStarted",), 8, "in_fulfilment"),
    ("ship", "in_fulfilment", (), ("ShipmentDispatched",), 9, "in_fulfilment"),
    (
        "confirm_delivery",
        "in_fulfilment",
        ("ship",),
        ("DeliveryConfirmed", "OrderDelivered"),
        11,
        "delivered",
    ),
    ("invoice", "delivered", (), ("InvoiceIssued",), 12, "delivered"),
    ("record_payment", "delivered", ("invoice",), ("PaymentReceived",), 13, "delivered"),
    ("close", "delivered", ("invoice", "record_payment"), ("OrderClosed",), 14, "closed"),
    ("hold", "in_fulfilment", (), ("OrderPutOnHold",), 9, "on_hold"),
    ("resume", "on_hold", (), ("OrderResumed",), 9, "signed"),
    ("cancel", "draft", (), ("OrderCancelled",), 2, "cancelled"),
    ("cancel", "on_hold", (), ("OrderCancelled",), 9, "cancelled"),
]


class TestEachCommandIsAccepted:
    @pytest.mark.parametrize(
        ("name", "status", "first", "events", "version", "after"),
        ACCEPTED,
        ids=[
            f"{row[0]}-in-{row[1]}{'-after-' + '-'.join(row[2]) if row[2] else ''}"
            for row in ACCEPTED
        ],
    )
    def test_events_version_and_status(
        self,
        ledger: Opsledger,
        clock: FixedClock,
        name: str,
        status: str | None,
        first: tuple[str, ...],
        events: tuple[str, ...],
        version: int,
        after: str,
    ) -> None:
        if status is None:
            result = accept(ledger, command(name))
        else:
            order_id = drive(ledger, clock, to=status)
            for earlier in first:
                clock.advance(hours=1)
                accept(ledger, step(earlier, order_id))
            clock.advance(hours=1)
            result = accept(ledger, step(name, order_id))
            assert result.aggregate_id == order_id

        assert (result.version, result.events) == (version, events)
        assert result.aggregate_id is not None
        assert status_of(ledger, result.aggregate_id) == after
        history = ledger.history(result.aggregate_id)
        assert [r.event_type for r in history[-len(events) :]] == list(events)
        assert [r.originator_version for r in history] == list(range(1, version + 1))

    def test_a_draft_may_name_its_order_id(self, ledger: Opsledger) -> None:
        chosen = UUID("0b7a6c1e-2f3d-4e5f-8a9b-0c1d2e3f4a5b")
        result = accept(ledger, command("draft", chosen))
        assert (result.aggregate_id, result.version) == (chosen, 1)


#: A whole order through every command but cancel, with a rejected review, two amendments, a
#: hold, partial shipments and deliveries, and instalments: (command or `review_<aspect>`,
#: sender and payload when not the usual ones, events, status after).
SHIP_4: Json = {"lines": [{"sku": "RV-100", "quantity": 4}], "carrier": "顺丰速运"}
REST: list[Json] = [{"sku": "RV-100", "quantity": 6}, {"sku": "FP-5", "quantity": 5}]
LIFE: list[tuple[str, Json | None, Json | None, tuple[str, ...], str]] = [
    ("draft", None, None, ("OrderDrafted",), "draft"),
    ("amend", None, {"promised_delivery_date": "2026-07-25"}, ("OrderAmended",), "draft"),
    ("request_review", None, None, ("ContractReviewRequested",), "under_review"),
    ("review_clause", FINANCE, {"aspect": "financial", "verdict": "fail", "notes": "付款期太长"},
     ("ContractClauseReviewed", "ContractRejected"), "draft"),
    ("amend", None, None, ("OrderAmended",), "draft"),
    ("request_review", None, None, ("ContractReviewRequested",), "under_review"),
    ("review_legal", None, None, ("ContractClauseReviewed",), "under_review"),
    ("review_financial", None, None, ("ContractClauseReviewed",), "under_review"),
    ("review_risk", None, None, ("ContractClauseReviewed", "ContractApproved"), "approved"),
    ("sign", None, None, ("ContractSigned",), "signed"),
    ("hold", None, None, ("OrderPutOnHold",), "on_hold"),
    ("resume", None, None, ("OrderResumed",), "signed"),
    ("start_fulfilment", None, None, ("FulfilmentStarted",), "in_fulfilment"),
    ("ship", None, SHIP_4, ("ShipmentDispatched",), "in_fulfilment"),
    ("confirm_delivery", None, {"lines": SHIP_4["lines"], "condition_ok": False},
     ("DeliveryConfirmed",), "in_fulfilment"),
    ("invoice", None, {"invoice_no": "INV-1", "amount": "400.00"}, ("InvoiceIssued",),
     "in_fulfilment"),
    ("record_payment", None, {"amount": "400.00"}, ("PaymentReceived",), "in_fulfilment"),
    ("ship", None, {"lines": REST, "carrier": "德邦"}, ("ShipmentDispatched",), "in_fulfilment"),
    ("confirm_delivery", None, {"lines": REST, "condition_ok": True},
     ("DeliveryConfirmed", "OrderDelivered"), "delivered"),
    ("invoice", None, {"invoice_no": "INV-2", "amount": "702.50"}, ("InvoiceIssued",),
     "delivered"),
    ("record_payment", None, {"amount": "702.50"}, ("PaymentReceived",), "delivered"),
    ("close", None, None, ("OrderClosed",), "closed"),
]  # fmt: skip


def life_command(
    order_id: UUID | None, name: str, actor: Json | None, payload: Json | None
) -> Json:
    if name.startswith("review_") and name != "review_clause":
        assert order_id is not None
        return step(name, order_id)
    return command(name, order_id, actor=actor, payload=payload)


class TestAnOrdersWholeLife:
    """draft → … → closed through every command but cancel: versions 1..25 without gaps,
    each event as DOMAIN §2 names it, each status as it says, also as of any business time."""

    def test_each_command_gives_its_events_versions_and_status(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        order_id: UUID | None = None
        version = 0
        sent: list[Json] = []
        halfway: list[tuple[datetime, str]] = []
        for name, actor, payload, events, status in LIFE:
            clock.advance(hours=2)
            body = life_command(order_id, name, actor, payload)
            sent.append(body)
            result = accept(ledger, body)
            order_id = result.aggregate_id
            assert order_id is not None
            version += len(events)
            assert (result.version, result.events) == (version, events), name
            assert status_of(ledger, order_id) == status, name
            halfway.append((clock.now() + timedelta(hours=1), status))

        assert order_id is not None
        assert version == 25
        history = ledger.history(order_id)
        assert [r.event_type for r in history] == [e for *_, events, _ in LIFE for e in events]
        assert [r.originator_version for r in history] == list(range(1, 26))
        assert {r.aggregate_type for r in history} == {"order"}

        # each event records who sent the command, which command, and its reason
        by_command = {UUID(body["command_id"]): body for body in sent}
        for recorded in history:
            body = by_command[recorded.command_id]
            assert recorded.actor.id == body["actor"]["id"]
            assert recorded.reason == body.get("reason")
            assert recorded.correlation_id == recorded.command_id
        assert {
            r.reason for r in history if r.event_type in ("OrderAmended", "OrderPutOnHold")
        } == {REASON}

        order = ledger.state(order_id)[1].state
        assert order.sales_rep_id == SALES_REP["id"]
        assert order.signatory_id == SALES_MANAGER["id"]
        assert (order.amendments, order.rejections) == (2, 1)
        assert str(order.promised_delivery_date) == "2026-07-25"
        assert (str(order.invoiced_total), str(order.paid_total)) == ("1102.50", "1102.50")
        assert dict(order.shipped) == dict(order.delivered) == {"RV-100": 10, "FP-5": 5}
        assert order.deliveries_with_issues == 1

        # halfway between two commands the order is as the first of them left it
        as_of = [(at, ledger.state(order_id, as_of=at)[1].state.status.value) for at, _ in halfway]
        assert as_of == halfway
