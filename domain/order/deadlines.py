"""The order delivery sweep: an order owed past its promised date is reported overdue once."""

from __future__ import annotations

from datetime import datetime

from domain.order.events import OrderDeliveryOverdue, OrderEvent
from domain.order.state import Order
from domain.order.values import DELIVERY_OWED, Status
from domain.shared.actor import SYSTEM_ACTOR


def is_delivery_owed(order: Order) -> bool:
    """Signed or later and not yet delivered in full, cancelled or closed; an order on hold
    still owes its delivery if it was held after signing."""
    if order.status is Status.ON_HOLD:
        return order.held_from in DELIVERY_OWED
    return order.status in DELIVERY_OWED


def next_deadline(order: Order) -> datetime | None:
    """When the sweep next needs to look at this order: its delivery deadline while delivery is
    owed and not yet reported late; None otherwise."""
    if order.overdue_reported or not is_delivery_owed(order):
        return None
    return order.delivery_due


def overdue(order: Order, now: datetime) -> list[OrderEvent]:
    """An order not delivered in full by its promised date (signed or later, not cancelled) is
    reported overdue by the system, once per order. The report is dated `now`, and never
    before the order's latest event."""
    due = next_deadline(order)
    if due is None or now < due:
        return []
    return [
        OrderDeliveryOverdue(
            occurred_at=max(now, order.last_event_at),
            actor=SYSTEM_ACTOR,
            promised_delivery_date=order.promised_delivery_date,
            delivery_due=order.delivery_due,
        )
    ]
