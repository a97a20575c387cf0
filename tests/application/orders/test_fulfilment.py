"""Fulfilment per SKU (DOMAIN §2): shipped ≤ ordered, delivered ≤ shipped, in as many parts as
need be; `OrderDelivered` follows the delivery that completes the last line, and only it. A
breach is `rule_violation` and appends nothing. Both stores."""

from __future__ import annotations

from uuid import UUID

import pytest

from infrastructure.opsledger import Opsledger
from tests.application.order_envelopes import Json, accept, command, drive, refuse, status_of
from tests.clocks import FixedClock


def ship(order_id: UUID, *pairs: tuple[str, int]) -> Json:
    lines = [{"sku": sku, "quantity": quantity} for sku, quantity in pairs]
    return command("ship", order_id, payload={"lines": lines, "carrier": "顺丰速运"})


def deliver(order_id: UUID, *pairs: tuple[str, int], condition_ok: bool = True) -> Json:
    lines = [{"sku": sku, "quantity": quantity} for sku, quantity in pairs]
    return command(
        "confirm_delivery", order_id, payload={"lines": lines, "condition_ok": condition_ok}
    )


@pytest.fixture
def order_id(ledger: Opsledger, clock: FixedClock) -> UUID:
    """An order in fulfilment (version 8) for 10 x RV-100 and 5 x FP-5."""
    return drive(ledger, clock, to="in_fulfilment")


class TestShippedNeverExceedsOrdered:
    def test_per_sku_over_every_shipment(self, ledger: Opsledger, order_id: UUID) -> None:
        refuse(ledger, ship(order_id, ("RV-100", 11)), "rule_violation")
        assert accept(ledger, ship(order_id, ("RV-100", 6))).version == 9
        refuse(ledger, ship(order_id, ("RV-100", 5)), "rule_violation")
        # the same SKU twice in one shipment counts as its sum
        refuse(ledger, ship(order_id, ("RV-100", 2), ("RV-100", 3)), "rule_violation")
        refuse(ledger, ship(order_id, ("FP-5", 5), ("RV-100", 5)), "rule_violation")
        assert accept(ledger, ship(order_id, ("RV-100", 4), ("FP-5", 5))).version == 10
        refuse(ledger, ship(order_id, ("FP-5", 1)), "rule_violation")

        order = ledger.state(order_id)[1].state
        assert dict(order.shipped) == {"RV-100": 10, "FP-5": 5}
        assert status_of(ledger, order_id) == "in_fulfilment"

    def test_a_sku_not_on_the_order(self, ledger: Opsledger, order_id: UUID) -> None:
        """Nothing of it was ordered, so none of it may be shipped."""
        refuse(ledger, ship(order_id, ("XX-1", 1)), "rule_violation")


class TestDeliveredNeverExceedsShipped:
    def test_per_sku_over_every_delivery(self, ledger: Opsledger, order_id: UUID) -> None:
        accept(ledger, ship(order_id, ("RV-100", 6)))

        refuse(ledger, deliver(order_id, ("FP-5", 1)), "rule_violation")  # none shipped
        refuse(ledger, deliver(order_id, ("RV-100", 7)), "rule_violation")
        delivered = accept(ledger, deliver(order_id, ("RV-100", 6)))
        assert (delivered.version, delivered.events) == (10, ("DeliveryConfirmed",))
        refuse(ledger, deliver(order_id, ("RV-100", 1)), "rule_violation")

        assert dict(ledger.state(order_id)[1].state.delivered) == {"RV-100": 6}


class TestOrderDeliveredOnlyWhenEveryLineIsInFull:
    def test_partial_shipments_and_deliveries(
        self, ledger: Opsledger, clock: FixedClock, order_id: UUID
    ) -> None:
        sent: list[tuple[Json, int, tuple[str, ...], str]] = [
            (ship(order_id, ("RV-100", 3)), 9, ("ShipmentDispatched",), "in_fulfilment"),
            (deliver(order_id, ("RV-100", 3)), 10, ("DeliveryConfirmed",), "in_fulfilment"),
            (
                ship(order_id, ("RV-100", 7), ("FP-5", 5)),
                11,
                ("ShipmentDispatched",),
                "in_fulfilment",
            ),
            # every RV-100 is delivered, but not yet every FP-5
            (deliver(order_id, ("RV-100", 7)), 12, ("DeliveryConfirmed",), "in_fulfilment"),
            (deliver(order_id, ("FP-5", 2)), 13, ("DeliveryConfirmed",), "in_fulfilment"),
            (
                deliver(order_id, ("FP-5", 3)),
                15,
                ("DeliveryConfirmed", "OrderDelivered"),
                "delivered",
            ),
        ]
        for body, version, events, status in sent:
            clock.advance(hours=1)
            result = accept(ledger, body)
            assert (result.version, result.events, status_of(ledger, order_id)) == (
                version,
                events,
                status,
            )

        history = [r.event_type for r in ledger.history(order_id)]
        assert history.count("OrderDelivered") == 1
        assert history[-1] == "OrderDelivered"

    def test_everything_at_once(self, ledger: Opsledger, order_id: UUID) -> None:
        accept(ledger, ship(order_id, ("RV-100", 10), ("FP-5", 5)))
        result = accept(ledger, deliver(order_id, ("FP-5", 5), ("RV-100", 10)))
        assert (result.version, result.events) == (11, ("DeliveryConfirmed", "OrderDelivered"))
