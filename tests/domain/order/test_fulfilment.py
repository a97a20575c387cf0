"""Fulfilment per SKU (DOMAIN §2 `order.start_fulfilment`, `order.ship`, `confirm_delivery`)."""

from __future__ import annotations

import pytest

from domain.order import decisions
from domain.order.events import (
    DeliveryConfirmed,
    FulfilmentStarted,
    OrderDelivered,
    OrderEvent,
    ShipmentDispatched,
)
from domain.order.values import SkuQuantity, Status
from domain.shared.errors import InvalidTransition, RuleViolation
from tests.domain.order.fixtures import (
    ALL_OF_IT,
    CARRIER,
    DELIVERED,
    IN_FULFILMENT,
    OPS,
    SHIPPED_IN_FULL,
    SIGNED,
    delivery_confirmed,
    given,
    history,
    next_moment,
    shipped,
    then,
)

RV, FP = "RV-100", "FP-5"  # 10 ordered, 5 ordered


def qty(sku: str, quantity: int) -> SkuQuantity:
    return SkuQuantity(sku=sku, quantity=quantity)


def ship(past: list[OrderEvent], *lines: SkuQuantity, carrier: str = CARRIER) -> list[OrderEvent]:
    return decisions.ship(
        given(past), lines=lines, carrier=carrier, actor=OPS, at=next_moment(past)
    )


def deliver(past: list[OrderEvent], *lines: SkuQuantity, ok: bool = True) -> list[OrderEvent]:
    return decisions.confirm_delivery(
        given(past), lines=lines, condition_ok=ok, actor=OPS, at=next_moment(past)
    )


class TestStartFulfilment:
    """Operations starts fulfilling a signed order."""

    def test_a_signed_order_goes_into_fulfilment(self) -> None:
        past = history(SIGNED)
        events = decisions.start_fulfilment(given(past), actor=OPS, at=next_moment(past))
        assert events == [FulfilmentStarted(occurred_at=next_moment(past), actor=OPS)]
        assert given([*past, *events]).status is Status.IN_FULFILMENT


class TestShip:
    """Shipments go out in parts; per SKU, shipped never exceeds ordered."""

    def test_a_partial_shipment_is_recorded(self) -> None:
        past = history(IN_FULFILMENT)
        events = ship(past, qty(RV, 4))
        assert events == [
            ShipmentDispatched(
                occurred_at=next_moment(past), actor=OPS, lines=(qty(RV, 4),), carrier=CARRIER
            )
        ]
        order = given([*past, *events])
        assert order.shipped == {RV: 4}
        assert order.status is Status.IN_FULFILMENT

    def test_shipments_add_up_to_exactly_what_was_ordered(self) -> None:
        past = then(history(IN_FULFILMENT), shipped(qty(RV, 4)), shipped(qty(RV, 5), qty(FP, 5)))
        assert [type(e) for e in ship(past, qty(RV, 1))] == [ShipmentDispatched]

    def test_one_more_than_ordered_is_refused(self) -> None:
        past = then(history(IN_FULFILMENT), shipped(qty(RV, 4)))
        with pytest.raises(RuleViolation) as refused:
            ship(past, qty(FP, 1), qty(RV, 7))
        assert refused.value.details == {"field": "lines[1].quantity", "sku": RV}
        assert "11 in all would be more than the 10 ordered" in refused.value.message

    def test_the_same_sku_twice_in_one_shipment_counts_once_in_all(self) -> None:
        past = history(IN_FULFILMENT)
        events = ship(past, qty(RV, 3), qty(FP, 1), qty(RV, 2))
        assert isinstance(events[0], ShipmentDispatched)
        assert events[0].lines == (qty(RV, 5), qty(FP, 1))
        with pytest.raises(RuleViolation) as refused:
            ship(past, qty(RV, 6), qty(RV, 5))
        assert refused.value.details == {"field": "lines[1].quantity", "sku": RV}

    def test_a_sku_not_on_the_order_is_refused(self) -> None:
        with pytest.raises(RuleViolation) as refused:
            ship(history(IN_FULFILMENT), qty("XX-1", 1))
        assert refused.value.details == {"field": "lines[0].sku"}

    @pytest.mark.parametrize("quantity", [0, -2])
    def test_a_quantity_is_above_zero(self, quantity: int) -> None:
        with pytest.raises(RuleViolation) as refused:
            ship(history(IN_FULFILMENT), qty(RV, quantity))
        assert refused.value.details == {"field": "lines[0].quantity"}

    def test_a_shipment_ships_something(self) -> None:
        with pytest.raises(RuleViolation) as refused:
            ship(history(IN_FULFILMENT))
        assert refused.value.details == {"field": "lines"}

    def test_the_carrier_is_named(self) -> None:
        with pytest.raises(RuleViolation) as refused:
            ship(history(IN_FULFILMENT), qty(RV, 1), carrier=" ")
        assert refused.value.details == {"field": "carrier"}


class TestConfirmDelivery:
    """Per SKU, delivered never exceeds shipped; delivered in full makes the order delivered."""

    def test_a_partial_delivery_is_recorded(self) -> None:
        past = then(history(IN_FULFILMENT), shipped(qty(RV, 4)))
        events = deliver(past, qty(RV, 3))
        assert events == [
            DeliveryConfirmed(
                occurred_at=next_moment(past), actor=OPS, lines=(qty(RV, 3),), condition_ok=True
            )
        ]
        order = given([*past, *events])
        assert (order.shipped, order.delivered) == ({RV: 4}, {RV: 3})
        assert order.status is Status.IN_FULFILMENT

    def test_more_than_shipped_is_refused(self) -> None:
        past = then(history(IN_FULFILMENT), shipped(qty(RV, 4)), delivery_confirmed(qty(RV, 3)))
        with pytest.raises(RuleViolation) as refused:
            deliver(past, qty(RV, 2))
        assert refused.value.details == {"field": "lines[0].quantity", "sku": RV}
        assert "5 in all would be more than the 4 shipped" in refused.value.message

    def test_a_sku_on_the_order_but_not_yet_shipped_is_refused(self) -> None:
        past = then(history(IN_FULFILMENT), shipped(qty(RV, 4)))
        with pytest.raises(RuleViolation) as refused:
            deliver(past, qty(FP, 1))
        assert refused.value.details == {"field": "lines[0].quantity", "sku": FP}

    def test_the_last_line_in_full_delivers_the_order(self) -> None:
        past = then(
            history(IN_FULFILMENT),
            shipped(qty(RV, 10)),
            delivery_confirmed(qty(RV, 10)),
            shipped(qty(FP, 5)),
            delivery_confirmed(qty(FP, 2)),
        )
        events = deliver(past, qty(FP, 3))
        at = next_moment(past)
        assert events == [
            DeliveryConfirmed(occurred_at=at, actor=OPS, lines=(qty(FP, 3),), condition_ok=True),
            OrderDelivered(occurred_at=at, actor=OPS),
        ]
        order = given([*past, *events])
        assert order.status is Status.DELIVERED
        assert order.delivered_at == at

    def test_everything_at_once_delivers_the_order(self) -> None:
        events = deliver(history(SHIPPED_IN_FULL), *ALL_OF_IT)
        assert [type(e) for e in events] == [DeliveryConfirmed, OrderDelivered]

    def test_all_but_one_unit_does_not(self) -> None:
        events = deliver(history(SHIPPED_IN_FULL), qty(RV, 10), qty(FP, 4))
        assert [type(e) for e in events] == [DeliveryConfirmed]

    def test_goods_in_poor_condition_are_delivered_and_the_condition_recorded(self) -> None:
        past = history(SHIPPED_IN_FULL)
        events = deliver(past, *ALL_OF_IT, ok=False)
        assert [type(e) for e in events] == [DeliveryConfirmed, OrderDelivered]
        assert isinstance(events[0], DeliveryConfirmed)
        assert events[0].condition_ok is False
        assert given([*past, *events]).deliveries_with_issues == 1

    def test_nothing_more_is_delivered_once_the_order_is_delivered(self) -> None:
        past = history(DELIVERED)
        with pytest.raises(InvalidTransition):
            deliver(past, qty(RV, 1))
