"""An order as its events have made it, and `evolve`, which folds one more event into it."""

from __future__ import annotations

import decimal
from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import TypeVar
from uuid import UUID

import attrs

from domain.order.events import (
    ContractApproved,
    ContractClauseReviewed,
    ContractRejected,
    ContractReviewRequested,
    ContractSigned,
    DeliveryConfirmed,
    FulfilmentStarted,
    InvoiceIssued,
    OrderAmended,
    OrderCancelled,
    OrderClosed,
    OrderDelivered,
    OrderDeliveryOverdue,
    OrderDrafted,
    OrderEvent,
    OrderPutOnHold,
    OrderResumed,
    PaymentReceived,
    ShipmentDispatched,
)
from domain.order.values import Aspect, OrderLine, SkuQuantity, Status, Verdict
from domain.shared.money import Money, total

T = TypeVar("T")

ZERO = Decimal("0.00")

# Sums of stored amounts never raise: a value no decision would accept adds nothing.
_LENIENT = decimal.Context(prec=60, traps=[])


@attrs.frozen(kw_only=True)
class Order:
    """The state of one sales order, rebuilt from its events."""

    id: UUID
    customer_id: str
    customer_name: str
    currency: str
    lines: tuple[OrderLine, ...]
    promised_delivery_date: date
    #: The first instant after the promised date in the company's time zone.
    delivery_due: datetime
    payment_terms: str
    #: The order's sales rep: who drafted it.
    sales_rep_id: str
    drafted_at: datetime
    #: The business time of the latest event: nothing that follows is dated before it.
    last_event_at: datetime
    status: Status = Status.DRAFT
    held_from: Status | None = None
    #: Aspects passed in the current review round; a fail ends the round at once.
    passed_aspects: frozenset[Aspect] = frozenset()
    amendments: int = 0
    rejections: int = 0
    signatory_id: str | None = None
    signed_at: datetime | None = None
    shipped: Mapping[str, int] = attrs.field(factory=dict)
    delivered: Mapping[str, int] = attrs.field(factory=dict)
    shipments: int = 0
    deliveries_with_issues: int = 0
    delivered_at: datetime | None = None
    invoiced_total: Decimal = ZERO
    paid_total: Decimal = ZERO
    invoice_numbers: frozenset[str] = frozenset()
    overdue_reported: bool = False
    finished_at: datetime | None = None

    def ordered(self, sku: str) -> int:
        """How many of a SKU the order is for."""
        return sum(line.quantity for line in self.lines if line.sku == sku)

    @property
    def value(self) -> Money:
        """Order value: the sum over its lines of quantity times unit price."""
        return self._priced(lambda line: line.quantity)

    @property
    def delivered_value(self) -> Money:
        """The value of what was delivered: delivered quantity times unit price, per SKU."""
        return self._priced(lambda line: self.delivered.get(line.sku, 0))

    @property
    def invoiced(self) -> Money:
        return Money(self.invoiced_total, self.currency)

    @property
    def paid(self) -> Money:
        return Money(self.paid_total, self.currency)

    @property
    def is_delivered_in_full(self) -> bool:
        """Every line delivered in full."""
        return all(self.delivered.get(line.sku, 0) >= line.quantity for line in self.lines)

    def _priced(self, quantity: Callable[[OrderLine], int]) -> Money:
        return total(
            (Money(line.unit_price, self.currency).times(quantity(line)) for line in self.lines),
            currency=self.currency,
        )


def evolve(order: Order | None, event: OrderEvent) -> Order:
    """Fold one stored event into the order. Accepts every event ever stored; never refuses."""
    if isinstance(event, OrderDrafted):
        return Order(
            id=event.order_id,
            customer_id=event.customer_id,
            customer_name=event.customer_name,
            currency=event.currency,
            lines=event.lines,
            promised_delivery_date=event.promised_delivery_date,
            delivery_due=event.delivery_due,
            payment_terms=event.payment_terms,
            sales_rep_id=event.actor.id,
            drafted_at=event.occurred_at,
            last_event_at=event.occurred_at,
        )
    if order is None:
        raise ValueError(f"{type(event).__name__} cannot start an order's history")
    return _evolve_existing(
        attrs.evolve(order, last_event_at=max(order.last_event_at, event.occurred_at)), event
    )


def _evolve_existing(o: Order, event: OrderEvent) -> Order:
    match event:
        case OrderAmended():
            return attrs.evolve(
                o,
                status=Status.DRAFT,
                passed_aspects=frozenset(),
                amendments=o.amendments + 1,
                lines=_given(event.lines, o.lines),
                promised_delivery_date=_given(
                    event.promised_delivery_date, o.promised_delivery_date
                ),
                delivery_due=_given(event.delivery_due, o.delivery_due),
                payment_terms=_given(event.payment_terms, o.payment_terms),
            )
        case ContractReviewRequested():
            return attrs.evolve(o, status=Status.UNDER_REVIEW, passed_aspects=frozenset())
        case ContractClauseReviewed(verdict=Verdict.PASS):
            return attrs.evolve(o, passed_aspects=o.passed_aspects | {event.aspect})
        case ContractApproved():
            return attrs.evolve(o, status=Status.APPROVED)
        case ContractRejected():
            return attrs.evolve(
                o, status=Status.DRAFT, passed_aspects=frozenset(), rejections=o.rejections + 1
            )
        case ContractSigned():
            return attrs.evolve(
                o,
                status=Status.SIGNED,
                signatory_id=event.signatory_id,
                signed_at=event.occurred_at,
            )
        case FulfilmentStarted():
            return attrs.evolve(o, status=Status.IN_FULFILMENT)
        case ShipmentDispatched():
            return attrs.evolve(
                o, shipped=_added(o.shipped, event.lines), shipments=o.shipments + 1
            )
        case DeliveryConfirmed():
            issues = o.deliveries_with_issues + (0 if event.condition_ok else 1)
            return attrs.evolve(
                o, delivered=_added(o.delivered, event.lines), deliveries_with_issues=issues
            )
        case OrderDelivered():
            return attrs.evolve(o, status=Status.DELIVERED, delivered_at=event.occurred_at)
        case InvoiceIssued():
            return attrs.evolve(
                o,
                invoiced_total=_plus(o.invoiced_total, event.amount),
                invoice_numbers=o.invoice_numbers | {event.invoice_no},
            )
        case PaymentReceived():
            return attrs.evolve(o, paid_total=_plus(o.paid_total, event.amount))
        case OrderPutOnHold():
            return attrs.evolve(o, status=Status.ON_HOLD, held_from=event.held_from)
        case OrderResumed():
            return attrs.evolve(o, status=event.resumed_to, held_from=None)
        case OrderCancelled():
            return attrs.evolve(
                o, status=Status.CANCELLED, held_from=None, finished_at=event.occurred_at
            )
        case OrderClosed():
            return attrs.evolve(o, status=Status.CLOSED, finished_at=event.occurred_at)
        case OrderDeliveryOverdue():
            return attrs.evolve(o, overdue_reported=True)
    return o


def _given(new: T | None, old: T) -> T:
    return old if new is None else new


def _added(counts: Mapping[str, int], lines: tuple[SkuQuantity, ...]) -> dict[str, int]:
    result = dict(counts)
    for line in lines:
        result[line.sku] = result.get(line.sku, 0) + line.quantity
    return result


def _plus(amount: Decimal, more: Decimal) -> Decimal:
    result = _LENIENT.add(amount, more) if more.is_finite() else amount
    return result if result.is_finite() else amount
