"""Decisions on sales orders: who may do what, when, and which events follow (DOMAIN §2)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta, tzinfo
from uuid import UUID

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
    OrderDrafted,
    OrderEvent,
    OrderPutOnHold,
    OrderResumed,
    PaymentReceived,
    ShipmentDispatched,
)
from domain.order.lines import checked_lines, checked_quantities
from domain.order.state import Order
from domain.order.values import (
    DEFAULT_SIGNING_LIMITS,
    HOLDABLE,
    REVIEWER_ROLE,
    Aspect,
    OrderLine,
    SigningLimits,
    SkuQuantity,
    Status,
    Verdict,
)
from domain.shared.actor import Actor, Role
from domain.shared.errors import InvalidTransition, RuleViolation
from domain.shared.guards import require_role, require_segregated, require_status, require_text
from domain.shared.money import InvalidAmount, Money
from domain.shared.period import local_date, start_of_day

SUBJECT = "order"
REP = Role.SALES_REP
MANAGER = Role.SALES_MANAGER


def draft(
    *,
    order_id: UUID,
    customer_id: str,
    customer_name: str,
    lines: Sequence[OrderLine],
    currency: str,
    promised_delivery_date: date,
    payment_terms: str,
    actor: Actor,
    at: datetime,
    zone: tzinfo,
) -> list[OrderEvent]:
    """A sales rep drafts an order: at least one line, every quantity above zero, every unit
    price zero or more, and a delivery date promised after the day it is drafted (in the
    company's time zone). The drafter is the order's sales rep."""
    require_role(actor, REP, action="draft an order")
    require_text(customer_id, "customer_id")
    require_text(customer_name, "customer_name")
    require_text(payment_terms, "payment_terms")
    try:
        Money.zero(currency)
    except InvalidAmount as error:
        raise RuleViolation(str(error), field="currency") from None
    return [
        OrderDrafted(
            occurred_at=at,
            actor=actor,
            order_id=order_id,
            customer_id=customer_id,
            customer_name=customer_name,
            currency=currency,
            lines=checked_lines(lines, currency=currency),
            promised_delivery_date=promised_delivery_date,
            delivery_due=_delivery_due(promised_delivery_date, at=at, zone=zone),
            payment_terms=payment_terms,
        )
    ]


def amend(
    order: Order,
    *,
    lines: Sequence[OrderLine] | None = None,
    promised_delivery_date: date | None = None,
    payment_terms: str | None = None,
    actor: Actor,
    at: datetime,
    zone: tzinfo,
) -> list[OrderEvent]:
    """A sales rep amends an order in draft or under review, with a reason. The order returns
    to draft and every earlier clause review is void: the contract is reviewed afresh. The
    parts given obey the drafting rules; an amendment that changes nothing is refused."""
    require_role(actor, REP, action="amend an order")
    require_status(order.status, Status.DRAFT, Status.UNDER_REVIEW, subject=SUBJECT, action="amend")
    if lines is None and promised_delivery_date is None and payment_terms is None:
        raise RuleViolation(
            "an amendment changes the lines, the promised delivery date or the payment terms"
        )
    if payment_terms is not None:
        require_text(payment_terms, "payment_terms")
    return [
        OrderAmended(
            occurred_at=at,
            actor=actor,
            lines=None if lines is None else checked_lines(lines, currency=order.currency),
            promised_delivery_date=promised_delivery_date,
            delivery_due=None
            if promised_delivery_date is None
            else _delivery_due(promised_delivery_date, at=at, zone=zone),
            payment_terms=payment_terms,
        )
    ]


def request_review(order: Order, *, actor: Actor, at: datetime) -> list[OrderEvent]:
    """A sales rep sends a draft order's contract for review."""
    require_role(actor, REP, action="request review of an order's contract")
    require_status(order.status, Status.DRAFT, subject=SUBJECT, action="request review of")
    return [ContractReviewRequested(occurred_at=at, actor=actor)]


def review_clause(
    order: Order, *, aspect: Aspect, verdict: Verdict, notes: str, actor: Actor, at: datetime
) -> list[OrderEvent]:
    """Each aspect of a contract under review is judged by its own role: legal by legal,
    financial by finance, risk by a risk officer, and never by the order's sales rep. An aspect
    is judged once a round; a fail says why. When all three have passed, the contract is
    approved; a fail rejects it at once and the order goes back to draft."""
    require_role(actor, REVIEWER_ROLE[aspect], action=f"review the {aspect} aspect of a contract")
    require_status(order.status, Status.UNDER_REVIEW, subject=SUBJECT, action="review a clause of")
    require_segregated(actor, order.sales_rep_id, duty="drafted", subject=SUBJECT, action="review")
    if aspect in order.passed_aspects:
        raise RuleViolation(
            f"the {aspect} aspect of this contract has already passed review",
            field="aspect",
            aspect=aspect.value,
        )
    if verdict is Verdict.FAIL:
        require_text(notes, "notes")
    events: list[OrderEvent] = [
        ContractClauseReviewed(
            occurred_at=at, actor=actor, aspect=aspect, verdict=verdict, notes=notes
        )
    ]
    if verdict is Verdict.FAIL:
        events.append(ContractRejected(occurred_at=at, actor=actor, aspect=aspect))
    elif order.passed_aspects | {aspect} == frozenset(Aspect):
        events.append(ContractApproved(occurred_at=at, actor=actor))
    return events


def sign(
    order: Order,
    *,
    signatory_id: str,
    actor: Actor,
    at: datetime,
    signing_limits: SigningLimits = DEFAULT_SIGNING_LIMITS,
) -> list[OrderEvent]:
    """An approved contract is signed by the actor, who is the signatory: a sales manager up to
    the signing limit of the order's currency, management at any value. Above the limit, or in
    a currency with no limit configured, only management signs. The order's sales rep never
    signs their own order."""
    require_role(actor, MANAGER, Role.MANAGEMENT, action="sign a contract")
    require_status(order.status, Status.APPROVED, subject=SUBJECT, action="sign")
    if signatory_id != actor.id:
        raise RuleViolation(
            "the signatory is whoever signs: signatory_id must be the actor's own id",
            field="signatory_id",
        )
    value = order.value
    limit = signing_limits.get(order.currency)
    if limit is None:
        require_role(actor, Role.MANAGEMENT, action=f"sign a contract in {order.currency}")
    elif value > limit:
        require_role(
            actor, Role.MANAGEMENT, action=f"sign a contract above the signing limit of {limit}"
        )
    require_segregated(actor, order.sales_rep_id, duty="drafted", subject=SUBJECT, action="sign")
    return [
        ContractSigned(
            occurred_at=at,
            actor=actor,
            signatory_id=signatory_id,
            order_value=value.amount,
            signing_limit=None if limit is None else limit.amount,
        )
    ]


def start_fulfilment(order: Order, *, actor: Actor, at: datetime) -> list[OrderEvent]:
    """Operations starts fulfilling a signed order."""
    require_role(actor, Role.OPERATIONS, action="start fulfilment of an order")
    require_status(order.status, Status.SIGNED, subject=SUBJECT, action="start fulfilment of")
    return [FulfilmentStarted(occurred_at=at, actor=actor)]


def ship(
    order: Order, *, lines: Sequence[SkuQuantity], carrier: str, actor: Actor, at: datetime
) -> list[OrderEvent]:
    """Operations dispatches a shipment of an order in fulfilment, in one or more parts: per
    SKU, everything shipped so far never exceeds what was ordered."""
    require_role(actor, Role.OPERATIONS, action="ship an order")
    require_status(order.status, Status.IN_FULFILMENT, subject=SUBJECT, action="ship")
    require_text(carrier, "carrier")
    shipment = checked_quantities(
        lines,
        skus={line.sku for line in order.lines},
        already=order.shipped,
        ceiling={line.sku: order.ordered(line.sku) for line in order.lines},
        exceeds="ordered",
    )
    return [ShipmentDispatched(occurred_at=at, actor=actor, lines=shipment, carrier=carrier)]


def confirm_delivery(
    order: Order, *, lines: Sequence[SkuQuantity], condition_ok: bool, actor: Actor, at: datetime
) -> list[OrderEvent]:
    """Operations confirms what the customer received: per SKU, everything delivered so far
    never exceeds what was shipped. Goods received are delivered whatever their condition,
    which is recorded. Once every line is delivered in full, the order is delivered."""
    require_role(actor, Role.OPERATIONS, action="confirm delivery of an order")
    require_status(
        order.status, Status.IN_FULFILMENT, subject=SUBJECT, action="confirm delivery of"
    )
    delivery = checked_quantities(
        lines,
        skus={line.sku for line in order.lines},
        already=order.delivered,
        ceiling=order.shipped,
        exceeds="shipped",
    )
    events: list[OrderEvent] = [
        DeliveryConfirmed(occurred_at=at, actor=actor, lines=delivery, condition_ok=condition_ok)
    ]
    delivered = dict(order.delivered)
    for line in delivery:
        delivered[line.sku] = delivered.get(line.sku, 0) + line.quantity
    if all(delivered.get(line.sku, 0) >= line.quantity for line in order.lines):
        events.append(OrderDelivered(occurred_at=at, actor=actor))
    return events


def invoice(
    order: Order, *, invoice_no: str, amount: Money, actor: Actor, at: datetime
) -> list[OrderEvent]:
    """Finance invoices what has been delivered: each invoice number once per order, an amount
    above zero in the order's currency, and the invoiced total never above the value delivered
    (delivered quantity times unit price, per SKU)."""
    require_role(actor, Role.FINANCE, action="invoice an order")
    require_status(
        order.status, Status.IN_FULFILMENT, Status.DELIVERED, subject=SUBJECT, action="invoice"
    )
    require_text(invoice_no, "invoice_no")
    if invoice_no in order.invoice_numbers:
        raise RuleViolation(
            f"invoice {invoice_no} was already issued for this order", field="invoice_no"
        )
    _require_positive(order, amount)
    invoiced, delivered = order.invoiced + amount, order.delivered_value
    if invoiced > delivered:
        raise RuleViolation(
            f"invoicing {amount} would invoice {invoiced} in all, more than the {delivered} "
            "delivered",
            field="amount",
            invoiced_total=str(invoiced.amount),
            delivered_value=str(delivered.amount),
        )
    return [
        InvoiceIssued(
            occurred_at=at,
            actor=actor,
            invoice_no=invoice_no,
            amount=amount.amount,
            currency=amount.currency,
        )
    ]


def record_payment(order: Order, *, amount: Money, actor: Actor, at: datetime) -> list[OrderEvent]:
    """Finance records a payment received, in instalments if need be: an amount above zero in
    the order's currency, and the paid total never above the invoiced total. Money received is
    recorded even while the order is on hold."""
    require_role(actor, Role.FINANCE, action="record a payment for an order")
    require_status(
        order.status,
        Status.IN_FULFILMENT,
        Status.DELIVERED,
        Status.ON_HOLD,
        subject=SUBJECT,
        action="record a payment for",
    )
    _require_positive(order, amount)
    paid = order.paid + amount
    if paid > order.invoiced:
        raise RuleViolation(
            f"recording {amount} would make {paid} paid in all, more than the {order.invoiced} "
            "invoiced",
            field="amount",
            paid_total=str(paid.amount),
            invoiced_total=str(order.invoiced.amount),
        )
    return [
        PaymentReceived(occurred_at=at, actor=actor, amount=amount.amount, currency=amount.currency)
    ]


def hold(order: Order, *, actor: Actor, at: datetime) -> list[OrderEvent]:
    """A sales manager puts an order on hold, with a reason, at any point before delivery."""
    require_role(actor, MANAGER, action="put an order on hold")
    require_status(order.status, *HOLDABLE, subject=SUBJECT, action="put on hold")
    return [OrderPutOnHold(occurred_at=at, actor=actor, held_from=order.status)]


def resume(order: Order, *, actor: Actor, at: datetime) -> list[OrderEvent]:
    """A sales manager resumes an order on hold, with a reason; it is back where it was held."""
    require_role(actor, MANAGER, action="resume an order")
    require_status(order.status, Status.ON_HOLD, subject=SUBJECT, action="resume")
    resumed_to = order.held_from if order.held_from is not None else Status.DRAFT
    return [OrderResumed(occurred_at=at, actor=actor, resumed_to=resumed_to)]


def cancel(order: Order, *, actor: Actor, at: datetime) -> list[OrderEvent]:
    """A sales manager cancels an order, with a reason, but never once anything was shipped."""
    require_role(actor, MANAGER, action="cancel an order")
    if order.status.is_finished or order.status is Status.DELIVERED:
        raise InvalidTransition(SUBJECT, order.status.value, "cancel")
    if order.shipments:
        raise RuleViolation(
            "an order is not cancelled after its first shipment", shipments=order.shipments
        )
    return [OrderCancelled(occurred_at=at, actor=actor)]


def close(order: Order, *, actor: Actor, at: datetime) -> list[OrderEvent]:
    """Finance closes an order once it is delivered in full and paid in full."""
    require_role(actor, Role.FINANCE, action="close an order")
    if order.status.is_finished:
        raise InvalidTransition(SUBJECT, order.status.value, "close")
    if order.status is not Status.DELIVERED:
        raise RuleViolation(
            "an order is closed only when delivered in full and paid in full",
            status=order.status.value,
        )
    if order.paid < order.value:
        raise RuleViolation(
            f"an order is closed only when paid in full: {order.paid} of {order.value} paid",
            paid_total=str(order.paid.amount),
            order_value=str(order.value.amount),
        )
    return [OrderClosed(occurred_at=at, actor=actor)]


def _delivery_due(promised: date, *, at: datetime, zone: tzinfo) -> datetime:
    if promised <= local_date(at, zone):
        raise RuleViolation(
            f"the promised delivery date {promised} is not after {local_date(at, zone)}",
            field="promised_delivery_date",
        )
    return start_of_day(promised + timedelta(days=1), zone)


def _require_positive(order: Order, amount: Money) -> None:
    if amount.currency != order.currency:
        raise RuleViolation(
            f"the amount is in {amount.currency}; this order is in {order.currency}",
            field="amount",
        )
    if amount.amount <= 0:
        raise RuleViolation(f"the amount must be above zero, not {amount}", field="amount")
