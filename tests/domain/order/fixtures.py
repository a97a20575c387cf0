"""Builders for order tests: actors, events on a timeline, canonical histories, every command."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from uuid import UUID
from zoneinfo import ZoneInfo

from domain.order import decisions
from domain.order.events import (
    ContractApproved,
    ContractClauseReviewed,
    ContractRejected,
    ContractReviewRequested,
    ContractSigned,
    DeliveryConfirmed,
    FulfilmentStarted,
    InvoiceIssued,
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
from domain.order.state import Order, evolve
from domain.order.values import Aspect, OrderLine, SkuQuantity, Status, Verdict
from domain.shared.actor import SYSTEM_ACTOR, Actor, Role
from domain.shared.money import Money

SHANGHAI = ZoneInfo("Asia/Shanghai")
#: Business time of the first event of every history: 09:30 in Shanghai on 1 July 2026.
T0 = datetime(2026, 7, 1, 1, 30, tzinfo=UTC)
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)

ORDER_ID = UUID("6f1c2b7e-0d4a-4c3e-8b9a-1e2f3a4b5c6d")
CUSTOMER_ID = "c-2001"
CUSTOMER_NAME = "上海星辰贸易有限公司 (Shanghai Xingchen Trading)"
PAYMENT_TERMS = "30% on signing, 70% within 30 days of delivery"
CARRIER = "顺丰速运 (SF Express)"
PROMISED = date(2026, 7, 20)
#: The promised date ends at midnight Shanghai time: 16:00 UTC on the promised day.
DELIVERY_DUE = datetime(2026, 7, 20, 16, 0, tzinfo=UTC)

#: Two lines: 10 robot vacuums at 100.00 and 5 filter packs at 20.50, 1,102.50 CNY in all.
LINES = (
    OrderLine(
        sku="RV-100",
        description="扫地机器人 (robot vacuum)",
        quantity=10,
        unit_price=Decimal("100.00"),
    ),
    OrderLine(
        sku="FP-5", description="滤网 (filter pack)", quantity=5, unit_price=Decimal("20.50")
    ),
)
VALUE = Money.parse("1102.50", "CNY")
ALL_OF_IT = (SkuQuantity(sku="RV-100", quantity=10), SkuQuantity(sku="FP-5", quantity=5))


def cny(text: str) -> Money:
    return Money.parse(text, "CNY")


def actor(actor_id: str, *roles: Role, department: str = "") -> Actor:
    """An actor with the given id, roles and department."""
    return Actor(id=actor_id, roles=roles, department=department)


REP = actor("u-rep-1", Role.SALES_REP, department="sales")
OTHER_REP = actor("u-rep-2", Role.SALES_REP, department="sales")
MANAGER = actor("u-sm-1", Role.SALES_MANAGER, department="sales")
BOSS = actor("u-ceo", Role.MANAGEMENT, department="management")
LAWYER = actor("u-legal-1", Role.LEGAL, department="legal")
ACCOUNTANT = actor("u-fin-1", Role.FINANCE, department="finance")
RISK_OFFICER = actor("u-risk-1", Role.RISK_OFFICER, department="risk")
OPS = actor("u-ops-1", Role.OPERATIONS, department="operations")
SYSTEM = SYSTEM_ACTOR

REVIEWER = {Aspect.LEGAL: LAWYER, Aspect.FINANCIAL: ACCOUNTANT, Aspect.RISK: RISK_OFFICER}


# --- events, each at a business time `at` and by the actor who would normally cause it ---------


def drafted(
    at: datetime = T0, *, lines: tuple[OrderLine, ...] = LINES, currency: str = "CNY"
) -> OrderDrafted:
    return OrderDrafted(
        occurred_at=at,
        actor=REP,
        order_id=ORDER_ID,
        customer_id=CUSTOMER_ID,
        customer_name=CUSTOMER_NAME,
        currency=currency,
        lines=lines,
        promised_delivery_date=PROMISED,
        delivery_due=DELIVERY_DUE,
        payment_terms=PAYMENT_TERMS,
    )


def review_requested(at: datetime = T0) -> ContractReviewRequested:
    return ContractReviewRequested(occurred_at=at, actor=REP)


def reviewed(aspect: Aspect, verdict: Verdict = Verdict.PASS) -> Callable[[datetime], OrderEvent]:
    def event(at: datetime) -> OrderEvent:
        return ContractClauseReviewed(
            occurred_at=at, actor=REVIEWER[aspect], aspect=aspect, verdict=verdict, notes="ok"
        )

    return event


def approved(at: datetime = T0) -> ContractApproved:
    return ContractApproved(occurred_at=at, actor=RISK_OFFICER)


def rejected(at: datetime = T0, *, aspect: Aspect = Aspect.LEGAL) -> ContractRejected:
    return ContractRejected(occurred_at=at, actor=REVIEWER[aspect], aspect=aspect)


def signed(at: datetime = T0) -> ContractSigned:
    return ContractSigned(
        occurred_at=at,
        actor=MANAGER,
        signatory_id=MANAGER.id,
        order_value=VALUE.amount,
        signing_limit=Decimal("1000000.00"),
    )


def fulfilment_started(at: datetime = T0) -> FulfilmentStarted:
    return FulfilmentStarted(occurred_at=at, actor=OPS)


def shipped(*lines: SkuQuantity) -> Callable[[datetime], OrderEvent]:
    def event(at: datetime) -> OrderEvent:
        return ShipmentDispatched(
            occurred_at=at, actor=OPS, lines=lines or ALL_OF_IT, carrier=CARRIER
        )

    return event


def delivery_confirmed(*lines: SkuQuantity) -> Callable[[datetime], OrderEvent]:
    def event(at: datetime) -> OrderEvent:
        return DeliveryConfirmed(
            occurred_at=at, actor=OPS, lines=lines or ALL_OF_IT, condition_ok=True
        )

    return event


def delivered(at: datetime = T0) -> OrderDelivered:
    return OrderDelivered(occurred_at=at, actor=OPS)


def invoiced(
    amount: str = "1102.50", invoice_no: str = "INV-1"
) -> Callable[[datetime], OrderEvent]:
    def event(at: datetime) -> OrderEvent:
        return InvoiceIssued(
            occurred_at=at,
            actor=ACCOUNTANT,
            invoice_no=invoice_no,
            amount=Decimal(amount),
            currency="CNY",
        )

    return event


def paid(amount: str = "1102.50") -> Callable[[datetime], OrderEvent]:
    def event(at: datetime) -> OrderEvent:
        return PaymentReceived(
            occurred_at=at, actor=ACCOUNTANT, amount=Decimal(amount), currency="CNY"
        )

    return event


def held(held_from: Status) -> Callable[[datetime], OrderEvent]:
    def event(at: datetime) -> OrderEvent:
        return OrderPutOnHold(occurred_at=at, actor=MANAGER, held_from=held_from)

    return event


def resumed(resumed_to: Status) -> Callable[[datetime], OrderEvent]:
    def event(at: datetime) -> OrderEvent:
        return OrderResumed(occurred_at=at, actor=MANAGER, resumed_to=resumed_to)

    return event


def cancelled(at: datetime = T0) -> OrderCancelled:
    return OrderCancelled(occurred_at=at, actor=MANAGER)


def closed(at: datetime = T0) -> OrderClosed:
    return OrderClosed(occurred_at=at, actor=ACCOUNTANT)


# --- histories -----------------------------------------------------------------------------------

Step = Callable[[datetime], OrderEvent]

DRAFT: tuple[Step, ...] = (drafted,)
UNDER_REVIEW = (*DRAFT, review_requested)
APPROVED = (
    *UNDER_REVIEW,
    reviewed(Aspect.LEGAL),
    reviewed(Aspect.FINANCIAL),
    reviewed(Aspect.RISK),
    approved,
)
SIGNED = (*APPROVED, signed)
IN_FULFILMENT = (*SIGNED, fulfilment_started)
SHIPPED_IN_FULL = (*IN_FULFILMENT, shipped())
DELIVERED = (*SHIPPED_IN_FULL, delivery_confirmed(), delivered)
INVOICED_IN_FULL = (*DELIVERED, invoiced())
PAID_IN_FULL = (*INVOICED_IN_FULL, paid())
CLOSED = (*PAID_IN_FULL, closed)
ON_HOLD = (*IN_FULFILMENT, held(Status.IN_FULFILMENT))
CANCELLED = (*DRAFT, cancelled)

ROADS: dict[Status, tuple[Step, ...]] = {
    Status.DRAFT: DRAFT,
    Status.UNDER_REVIEW: UNDER_REVIEW,
    Status.APPROVED: APPROVED,
    Status.SIGNED: SIGNED,
    Status.IN_FULFILMENT: IN_FULFILMENT,
    Status.DELIVERED: DELIVERED,
    Status.CLOSED: CLOSED,
    Status.ON_HOLD: ON_HOLD,
    Status.CANCELLED: CANCELLED,
}


def history(steps: Iterable[Step]) -> list[OrderEvent]:
    """The events of `steps`, one hour apart from T0."""
    return [step(T0 + index * HOUR) for index, step in enumerate(steps)]


def history_to(status: Status) -> list[OrderEvent]:
    """The canonical events that bring an order to `status`. On hold means held while in
    fulfilment, before anything shipped; cancelled means cancelled as a draft."""
    return history(ROADS[status])


def then(events: list[OrderEvent], *steps: Step) -> list[OrderEvent]:
    """`events` followed by more events, one hour apart after the last one."""
    last = events[-1].occurred_at
    return [*events, *(step(last + (index + 1) * HOUR) for index, step in enumerate(steps))]


def given(events: Iterable[OrderEvent]) -> Order:
    """The order as its past events made it: every event folded in order with `evolve`."""
    order: Order | None = None
    for event in events:
        order = evolve(order, event)
    if order is None:
        raise ValueError("an order's history starts with OrderDrafted")
    return order


def next_moment(events: list[OrderEvent]) -> datetime:
    """One hour after the last event: when the command under test is sent."""
    return events[-1].occurred_at + HOUR


# --- every command with a valid payload, as (order, actor, at) -> events ------------------------

Command = Callable[[Order, Actor, datetime], list[OrderEvent]]


def review(aspect: Aspect, verdict: Verdict = Verdict.PASS) -> Command:
    return lambda o, a, t: decisions.review_clause(
        o, aspect=aspect, verdict=verdict, notes="条款无误 (clauses fine)", actor=a, at=t
    )


COMMANDS: dict[str, Command] = {
    "amend": lambda o, a, t: decisions.amend(
        o, payment_terms="60 days net", actor=a, at=t, zone=SHANGHAI
    ),
    "request_review": lambda o, a, t: decisions.request_review(o, actor=a, at=t),
    "review_legal": review(Aspect.LEGAL),
    "review_financial": review(Aspect.FINANCIAL),
    "review_risk": review(Aspect.RISK),
    "sign": lambda o, a, t: decisions.sign(o, signatory_id=a.id, actor=a, at=t),
    "start_fulfilment": lambda o, a, t: decisions.start_fulfilment(o, actor=a, at=t),
    "ship": lambda o, a, t: decisions.ship(
        o, lines=[SkuQuantity(sku="RV-100", quantity=1)], carrier=CARRIER, actor=a, at=t
    ),
    "confirm_delivery": lambda o, a, t: decisions.confirm_delivery(
        o, lines=[SkuQuantity(sku="RV-100", quantity=1)], condition_ok=True, actor=a, at=t
    ),
    "invoice": lambda o, a, t: decisions.invoice(
        o, invoice_no="INV-9", amount=cny("100.00"), actor=a, at=t
    ),
    "record_payment": lambda o, a, t: decisions.record_payment(
        o, amount=cny("100.00"), actor=a, at=t
    ),
    "hold": lambda o, a, t: decisions.hold(o, actor=a, at=t),
    "resume": lambda o, a, t: decisions.resume(o, actor=a, at=t),
    "cancel": lambda o, a, t: decisions.cancel(o, actor=a, at=t),
    "close": lambda o, a, t: decisions.close(o, actor=a, at=t),
}


def draft_as(
    by: Actor,
    at: datetime = T0,
    *,
    lines: Iterable[OrderLine] = LINES,
    currency: str = "CNY",
    promised: date = PROMISED,
    customer_id: str = CUSTOMER_ID,
    customer_name: str = CUSTOMER_NAME,
    payment_terms: str = PAYMENT_TERMS,
) -> list[OrderEvent]:
    """Draft the standard order as `by`, with any part replaced."""
    return decisions.draft(
        order_id=ORDER_ID,
        customer_id=customer_id,
        customer_name=customer_name,
        lines=tuple(lines),
        currency=currency,
        promised_delivery_date=promised,
        payment_terms=payment_terms,
        actor=by,
        at=at,
        zone=SHANGHAI,
    )
