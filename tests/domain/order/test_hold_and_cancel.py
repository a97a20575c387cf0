"""Holding, resuming and cancelling an order (DOMAIN §2 `order.hold`, `resume`, `cancel`)."""

from __future__ import annotations

import pytest

from domain.order import decisions
from domain.order.events import OrderCancelled, OrderEvent, OrderPutOnHold, OrderResumed
from domain.order.values import SkuQuantity, Status
from domain.shared.errors import InvalidTransition, RuleViolation
from tests.domain.order.fixtures import (
    IN_FULFILMENT,
    MANAGER,
    OPS,
    given,
    history,
    history_to,
    next_moment,
    shipped,
    then,
)

BEFORE_DELIVERY = [
    Status.DRAFT,
    Status.UNDER_REVIEW,
    Status.APPROVED,
    Status.SIGNED,
    Status.IN_FULFILMENT,
]


def hold(past: list[OrderEvent]) -> list[OrderEvent]:
    return decisions.hold(given(past), actor=MANAGER, at=next_moment(past))


def resume(past: list[OrderEvent]) -> list[OrderEvent]:
    return decisions.resume(given(past), actor=MANAGER, at=next_moment(past))


def cancel(past: list[OrderEvent]) -> list[OrderEvent]:
    return decisions.cancel(given(past), actor=MANAGER, at=next_moment(past))


class TestHoldAndResume:
    """An order before delivery is put on hold and resumes exactly where it was."""

    @pytest.mark.parametrize("status", BEFORE_DELIVERY)
    def test_round_trip_returns_to_the_same_state(self, status: Status) -> None:
        past = history_to(status)
        on_hold = [*past, *hold(past)]
        assert hold(past) == [
            OrderPutOnHold(occurred_at=next_moment(past), actor=MANAGER, held_from=status)
        ]
        assert given(on_hold).status is Status.ON_HOLD
        events = resume(on_hold)
        assert events == [
            OrderResumed(occurred_at=next_moment(on_hold), actor=MANAGER, resumed_to=status)
        ]
        assert given([*on_hold, *events]).status is status

    def test_nothing_but_resume_moves_an_order_on_hold_forward(self) -> None:
        past = [*history_to(Status.SIGNED), *hold(history_to(Status.SIGNED))]
        with pytest.raises(InvalidTransition):
            decisions.start_fulfilment(given(past), actor=OPS, at=next_moment(past))

    def test_an_order_on_hold_is_not_held_again(self) -> None:
        with pytest.raises(InvalidTransition):
            hold(history_to(Status.ON_HOLD))

    @pytest.mark.parametrize("status", [Status.DELIVERED, Status.CLOSED, Status.CANCELLED])
    def test_not_once_delivered_or_finished(self, status: Status) -> None:
        with pytest.raises(InvalidTransition):
            hold(history_to(status))

    def test_held_quantities_and_reviews_survive_the_hold(self) -> None:
        past = then(history(IN_FULFILMENT), shipped(SkuQuantity(sku="RV-100", quantity=2)))
        round_trip = [*past, *hold(past)]
        round_trip = [*round_trip, *resume(round_trip)]
        assert given(round_trip).shipped == {"RV-100": 2}


class TestCancel:
    """An order is cancelled at any point before its first shipment, never after."""

    @pytest.mark.parametrize("status", [*BEFORE_DELIVERY, Status.ON_HOLD])
    def test_before_any_shipment(self, status: Status) -> None:
        past = history_to(status)
        events = cancel(past)
        assert events == [OrderCancelled(occurred_at=next_moment(past), actor=MANAGER)]
        order = given([*past, *events])
        assert order.status is Status.CANCELLED
        assert order.finished_at == next_moment(past)

    def test_never_after_the_first_shipment(self) -> None:
        past = then(history(IN_FULFILMENT), shipped(SkuQuantity(sku="FP-5", quantity=1)))
        with pytest.raises(RuleViolation) as refused:
            cancel(past)
        assert refused.value.code == "rule_violation"
        assert refused.value.details == {"shipments": 1}

    def test_nor_while_on_hold_after_a_shipment(self) -> None:
        past = then(history(IN_FULFILMENT), shipped(SkuQuantity(sku="FP-5", quantity=1)))
        with pytest.raises(RuleViolation):
            cancel([*past, *hold(past)])

    @pytest.mark.parametrize("status", [Status.DELIVERED, Status.CLOSED, Status.CANCELLED])
    def test_a_delivered_or_finished_order_is_not_cancelled(self, status: Status) -> None:
        with pytest.raises(InvalidTransition):
            cancel(history_to(status))
