"""The delivery deadline sweep (DOMAIN §2 `OrderDeliveryOverdue`): once, only while owed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from domain.order.deadlines import is_delivery_owed, next_deadline, overdue
from domain.order.events import OrderDeliveryOverdue, OrderEvent
from domain.order.values import SkuQuantity, Status
from tests.domain.order.fixtures import (
    DELIVERED,
    IN_FULFILMENT,
    PROMISED,
    SIGNED,
    SYSTEM,
    cancelled,
    delivery_confirmed,
    given,
    held,
    history,
    history_to,
    shipped,
    then,
)

#: The promised date is 20 July; its last Shanghai instant is just before 16:00 UTC that day.
DUE = datetime(2026, 7, 20, 16, 0, tzinfo=UTC)
JUST_BEFORE = DUE - timedelta(microseconds=1)
AFTER = DUE + timedelta(days=3)


def swept(events: list[OrderEvent], now: datetime) -> list[OrderEvent]:
    return overdue(given(events), now)


class TestWhenDeliveryIsLate:
    """Late means not delivered in full by the end of the promised day, Shanghai time."""

    @pytest.mark.parametrize("status", [Status.SIGNED, Status.IN_FULFILMENT])
    def test_an_owed_order_is_overdue_from_midnight_after_the_promised_day(
        self, status: Status
    ) -> None:
        past = history_to(status)
        assert swept(past, JUST_BEFORE) == []
        assert swept(past, DUE) == [
            OrderDeliveryOverdue(
                occurred_at=DUE, actor=SYSTEM, promised_delivery_date=PROMISED, delivery_due=DUE
            )
        ]

    def test_a_partly_delivered_order_is_still_owed(self) -> None:
        part = SkuQuantity(sku="RV-100", quantity=10)
        past = then(history(IN_FULFILMENT), shipped(part), delivery_confirmed(part))
        assert [type(e) for e in swept(past, AFTER)] == [OrderDeliveryOverdue]

    def test_the_breach_is_never_dated_before_the_orders_latest_event(self) -> None:
        late_shipment = then(history(IN_FULFILMENT), shipped())
        late_shipment[-1] = shipped()(AFTER + timedelta(minutes=3))  # entered a little ahead
        events = swept(late_shipment, AFTER)
        assert events[0].occurred_at == AFTER + timedelta(minutes=3)


class TestOncePerOrder:
    """Two sweeps in a row give one breach."""

    def test_a_reported_order_is_not_reported_again(self) -> None:
        past = history(SIGNED)
        first = swept(past, AFTER)
        assert len(first) == 1
        assert swept([*past, *first], AFTER + timedelta(days=30)) == []


class TestNotOwed:
    """Before signing, once delivered, cancelled or closed, no delivery is owed."""

    @pytest.mark.parametrize(
        "status",
        [
            Status.DRAFT,
            Status.UNDER_REVIEW,
            Status.APPROVED,
            Status.DELIVERED,
            Status.CLOSED,
            Status.CANCELLED,
        ],
    )
    def test_never_overdue(self, status: Status) -> None:
        past = history_to(status)
        assert not is_delivery_owed(given(past))
        assert swept(past, AFTER + timedelta(days=365)) == []

    def test_delivered_on_time_is_never_overdue(self) -> None:
        assert swept(history(DELIVERED), AFTER) == []

    def test_cancelled_after_signing_is_never_overdue(self) -> None:
        assert swept(then(history(SIGNED), cancelled), AFTER) == []


class TestOnHold:
    """A hold does not move the promised date: held after signing, the delivery is still owed."""

    def test_held_after_signing_is_overdue(self) -> None:
        past = then(history(SIGNED), held(Status.SIGNED))
        assert [type(e) for e in swept(past, AFTER)] == [OrderDeliveryOverdue]

    def test_held_before_signing_is_not(self) -> None:
        past = then(history_to(Status.APPROVED), held(Status.APPROVED))
        assert swept(past, AFTER) == []


class TestNextDeadline:
    """The sweep looks at an order again only while a delivery deadline runs for it."""

    @pytest.mark.parametrize("status", [Status.SIGNED, Status.IN_FULFILMENT])
    def test_owed_orders_have_their_delivery_deadline(self, status: Status) -> None:
        assert next_deadline(given(history_to(status))) == DUE

    @pytest.mark.parametrize(
        "status", [Status.DRAFT, Status.APPROVED, Status.DELIVERED, Status.CLOSED, Status.CANCELLED]
    )
    def test_orders_owing_nothing_have_none(self, status: Status) -> None:
        assert next_deadline(given(history_to(status))) is None

    def test_a_reported_order_has_none(self) -> None:
        past = history(SIGNED)
        assert next_deadline(given([*past, *swept(past, AFTER)])) is None
