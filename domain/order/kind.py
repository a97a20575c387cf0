"""The order as a kind of record."""

from __future__ import annotations

from domain.order import deadlines
from domain.order.events import OrderDrafted
from domain.order.state import Order, evolve
from domain.shared.kind import Kind

ORDER = Kind(
    name="order",
    evolve=evolve,
    created_by=(OrderDrafted,),
    state_class=Order,
    overdue=lambda order, now, noticed_at: deadlines.overdue(order, now),
    next_deadline=deadlines.next_deadline,
)
