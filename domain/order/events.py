"""Facts of a sales order's life, named as DOMAIN.md §2 names them."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import ClassVar
from uuid import UUID

import attrs

from domain.order.values import Aspect, OrderLine, SkuQuantity, Status, Verdict
from domain.shared.events import Event


@attrs.frozen(kw_only=True)
class OrderEvent(Event):
    """Base of every order event."""

    aggregate_type: ClassVar[str] = "order"


@attrs.frozen(kw_only=True)
class OrderDrafted(OrderEvent):
    """A sales rep drafted an order. `delivery_due` is the first instant after the promised
    date in the company's time zone: delivery is late from then on."""

    order_id: UUID
    customer_id: str
    customer_name: str
    currency: str
    lines: tuple[OrderLine, ...]
    promised_delivery_date: date
    delivery_due: datetime
    payment_terms: str


@attrs.frozen(kw_only=True)
class OrderAmended(OrderEvent):
    """The draft changed; only the parts given changed. Earlier clause reviews no longer count."""

    lines: tuple[OrderLine, ...] | None = None
    promised_delivery_date: date | None = None
    delivery_due: datetime | None = None
    payment_terms: str | None = None


@attrs.frozen(kw_only=True)
class ContractReviewRequested(OrderEvent):
    pass


@attrs.frozen(kw_only=True)
class ContractClauseReviewed(OrderEvent):
    aspect: Aspect
    verdict: Verdict
    notes: str


@attrs.frozen(kw_only=True)
class ContractApproved(OrderEvent):
    """All three aspects passed review."""


@attrs.frozen(kw_only=True)
class ContractRejected(OrderEvent):
    """An aspect failed review; the order went back to draft."""

    aspect: Aspect


@attrs.frozen(kw_only=True)
class ContractSigned(OrderEvent):
    """The contract was signed by `signatory_id` (the actor). The order's value and the signing
    limit in force for its currency (None: no limit configured) say which authority signed."""

    signatory_id: str
    order_value: Decimal
    signing_limit: Decimal | None


@attrs.frozen(kw_only=True)
class FulfilmentStarted(OrderEvent):
    pass


@attrs.frozen(kw_only=True)
class ShipmentDispatched(OrderEvent):
    lines: tuple[SkuQuantity, ...]
    carrier: str


@attrs.frozen(kw_only=True)
class DeliveryConfirmed(OrderEvent):
    lines: tuple[SkuQuantity, ...]
    condition_ok: bool


@attrs.frozen(kw_only=True)
class OrderDelivered(OrderEvent):
    """Every line has been delivered in full."""


@attrs.frozen(kw_only=True)
class InvoiceIssued(OrderEvent):
    invoice_no: str
    amount: Decimal
    currency: str


@attrs.frozen(kw_only=True)
class PaymentReceived(OrderEvent):
    amount: Decimal
    currency: str


@attrs.frozen(kw_only=True)
class OrderPutOnHold(OrderEvent):
    """The order was held in `held_from`, where it resumes."""

    held_from: Status


@attrs.frozen(kw_only=True)
class OrderResumed(OrderEvent):
    """The hold ended; the order is back in `resumed_to`, where it was held."""

    resumed_to: Status


@attrs.frozen(kw_only=True)
class OrderCancelled(OrderEvent):
    pass


@attrs.frozen(kw_only=True)
class OrderClosed(OrderEvent):
    pass


@attrs.frozen(kw_only=True)
class OrderDeliveryOverdue(OrderEvent):
    """The sweep noticed the order not delivered in full by its promised date."""

    promised_delivery_date: date
    delivery_due: datetime
