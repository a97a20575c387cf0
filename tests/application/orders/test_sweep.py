"""The delivery sweep (DOMAIN §1 deadlines, §2 `OrderDeliveryOverdue`): an order signed or
later, not cancelled and not delivered in full by its promised date gets one
`OrderDeliveryOverdue` from the `system` actor, however often the sweep runs; orders not yet
signed, delivered, closed or cancelled never do. The sweep examines only orders due. Both
stores."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

from domain.order.events import OrderDeliveryOverdue
from infrastructure.opsledger import Opsledger
from tests.application.ledger_reading import event_as
from tests.application.order_envelopes import (
    DELIVERY_DUE,
    PAYLOADS,
    accept,
    command,
    drive,
    step,
    version_of,
)
from tests.clocks import FixedClock

#: Every order below promises 20 July 2026: late from 16:00 UTC that day (midnight in Shanghai).
JUST_LATE = DELIVERY_DUE + timedelta(seconds=1)


def overdue(ledger: Opsledger, order_id: UUID) -> list[str]:
    return [
        r.event_type for r in ledger.history(order_id) if r.event_type == "OrderDeliveryOverdue"
    ]


def swept(ledger: Opsledger) -> tuple[int, list[tuple[UUID, str]]]:
    report = ledger.sweep()
    return report.examined, [(b.aggregate_id, b.event_type) for b in report.breaches]


class TestOnceForALateOrder:
    def test_two_sweeps_give_one_overdue(self, ledger: Opsledger, clock: FixedClock) -> None:
        order_id = drive(ledger, clock, to="signed")  # version 7
        clock.current = DELIVERY_DUE - timedelta(seconds=1)
        assert swept(ledger) == (0, [])  # on the promised day itself it is not late

        clock.current = JUST_LATE
        assert swept(ledger) == (1, [(order_id, "OrderDeliveryOverdue")])
        assert swept(ledger) == (0, [])
        clock.advance(days=30)
        assert swept(ledger) == (0, [])

        assert overdue(ledger, order_id) == ["OrderDeliveryOverdue"]
        last = ledger.history(order_id)[-1]
        roles = {role.value for role in last.actor.roles}
        assert (last.originator_version, last.actor.id, roles) == (8, "system", {"system"})
        assert last.occurred_at == JUST_LATE
        event = event_as(last, OrderDeliveryOverdue)
        assert str(event.promised_delivery_date) == "2026-07-20"
        assert ledger.state(order_id)[1].state.status.value == "signed"

    def test_the_order_carries_on_after_it(self, ledger: Opsledger, clock: FixedClock) -> None:
        """A late order is still delivered, and the report is never made twice."""
        order_id = drive(ledger, clock, to="in_fulfilment")
        accept(ledger, step("ship", order_id))
        clock.current = JUST_LATE
        swept(ledger)

        clock.advance(days=2)
        delivered = accept(ledger, step("confirm_delivery", order_id))
        assert delivered.events == ("DeliveryConfirmed", "OrderDelivered")
        clock.advance(days=2)
        assert swept(ledger) == (0, [])
        assert overdue(ledger, order_id) == ["OrderDeliveryOverdue"]


class TestWhichOrdersAreLate:
    def test_signed_or_later_not_delivered_in_full_and_not_cancelled(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        orders = {status: drive(ledger, clock, to=status) for status in (
            "draft", "under_review", "approved", "signed", "in_fulfilment", "on_hold",
            "delivered", "closed", "cancelled",
        )}  # fmt: skip
        # held before signing owes no delivery yet; signed and then cancelled owes none at all
        held_early = drive(ledger, clock, to="approved")
        accept(ledger, command("hold", held_early))
        cancelled_late = drive(ledger, clock, to="signed")
        accept(ledger, command("cancel", cancelled_late))
        # partly delivered is not delivered in full
        partly = drive(ledger, clock, to="in_fulfilment")
        accept(ledger, step("ship", partly))
        one = {"lines": [{"sku": "RV-100", "quantity": 10}], "condition_ok": True}
        accept(ledger, command("confirm_delivery", partly, payload=one))
        # promised for later: not late yet
        later = drive(
            ledger,
            clock,
            to="signed",
            draft={**PAYLOADS["draft"], "promised_delivery_date": "2026-08-31"},
        )
        every = (*orders.values(), held_early, cancelled_late, partly, later)
        versions = {order_id: version_of(ledger, order_id) for order_id in every}

        clock.current = JUST_LATE
        examined, breaches = swept(ledger)

        late = {orders["signed"], orders["in_fulfilment"], orders["on_hold"], partly}
        assert examined == len(late)
        assert sorted(breaches) == sorted((o, "OrderDeliveryOverdue") for o in late)
        assert swept(ledger) == (0, [])
        for order_id, version in versions.items():
            expected = ["OrderDeliveryOverdue"] if order_id in late else []
            assert overdue(ledger, order_id) == expected
            assert version_of(ledger, order_id) == version + len(expected)

        clock.current = datetime(2026, 9, 1, 0, 0, tzinfo=UTC)
        assert swept(ledger) == (1, [(later, "OrderDeliveryOverdue")])

    def test_delivered_late_before_any_sweep(self, ledger: Opsledger, clock: FixedClock) -> None:
        """Delivered after the promised date but before the sweep ran: nothing to report (the
        lateness is in the business timestamps already)."""
        order_id = drive(ledger, clock, to="in_fulfilment")
        accept(ledger, step("ship", order_id))
        clock.current = JUST_LATE + timedelta(days=1)
        accept(ledger, step("confirm_delivery", order_id))

        assert swept(ledger) == (0, [])
        assert overdue(ledger, order_id) == []

    def test_cancelled_after_the_promised_date_before_any_sweep(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        order_id = drive(ledger, clock, to="signed")
        clock.current = JUST_LATE + timedelta(hours=1)
        accept(ledger, command("cancel", order_id))

        assert swept(ledger) == (0, [])
        assert overdue(ledger, order_id) == []
