"""Order KPIs (DOMAIN §7): one row of facts per sales order, and the figures of a period.

The facts take what the domain decided as it happened: the order's value at signing
(ContractSigned), delivery in full (OrderDelivered), and the promised date with the first
instant after it in the company's time zone (`delivery_due`, from which delivery is late).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import tzinfo
from decimal import Decimal
from typing import Any

import attrs

from domain.order.events import (
    ContractApproved,
    ContractReviewRequested,
    ContractSigned,
    DeliveryConfirmed,
    OrderAmended,
    OrderCancelled,
    OrderDelivered,
    OrderDrafted,
    OrderEvent,
    PaymentReceived,
)
from domain.shared.money import DEFAULT_CURRENCY
from domain.shared.period import Period
from projections.kpi.family import Facts
from projections.kpi.figures import days, mean, money, pct
from projections.kpi.periods import dated_in, in_period
from projections.log import LogEntry
from projections.plugin import Column, Table, View

ZERO = Decimal("0.00")

FACTS = Table(
    name="kpi_order_facts",
    columns=(
        Column("order_id", "uuid", nullable=False),
        # The department of the order's sales rep (who drafted it).
        Column("department", "text", nullable=False),
        Column("sales_rep_id", "text", nullable=False),
        Column("customer_id", "text", nullable=False),
        Column("currency", "text", nullable=False),
        Column("drafted_at", "time", nullable=False),
        # The promised date as last amended, and the first instant after it (company zone).
        Column("promised_delivery_date", "date", nullable=False),
        Column("delivery_due", "time", nullable=False),
        # The first request for contract review, and the approval that ended the review.
        Column("review_requested_at", "time"),
        Column("approved_at", "time"),
        Column("signed_at", "time"),
        Column("signed_value", "decimal"),
        Column("first_delivery_at", "time"),
        # When every line had been delivered in full (OrderDelivered).
        Column("delivered_at", "time"),
        Column("deliveries", "integer", nullable=False),
        Column("deliveries_not_ok", "integer", nullable=False),
        Column("paid_total", "decimal", nullable=False),
        # The payment that made the paid total reach the order's value.
        Column("paid_at", "time"),
        Column("cancelled_at", "time"),
    ),
    key=("order_id",),
    indexes=(("department", "promised_delivery_date"), ("department", "signed_at")),
)

#: The order events the facts are made of.
TOPICS = frozenset(
    kind.type_name()
    for kind in (
        OrderDrafted,
        OrderAmended,
        ContractReviewRequested,
        ContractApproved,
        ContractSigned,
        DeliveryConfirmed,
        OrderDelivered,
        PaymentReceived,
        OrderCancelled,
    )
)


def drafted_row(order_id: Any, event: OrderDrafted) -> dict[str, Any]:
    """The facts of an order just drafted."""
    return {
        "order_id": order_id,
        "department": event.actor.department,
        "sales_rep_id": event.actor.id,
        "customer_id": event.customer_id,
        "currency": event.currency,
        "drafted_at": event.occurred_at,
        "promised_delivery_date": event.promised_delivery_date,
        "delivery_due": event.delivery_due,
        "review_requested_at": None,
        "approved_at": None,
        "signed_at": None,
        "signed_value": None,
        "first_delivery_at": None,
        "delivered_at": None,
        "deliveries": 0,
        "deliveries_not_ok": 0,
        "paid_total": ZERO,
        "paid_at": None,
        "cancelled_at": None,
    }


def changed(row: dict[str, Any], event: OrderEvent) -> dict[str, Any]:
    """What an event changes in an order's facts (the whole row, as put back)."""
    at = event.occurred_at
    match event:
        case OrderAmended():
            if event.promised_delivery_date is not None:
                row["promised_delivery_date"] = event.promised_delivery_date
            if event.delivery_due is not None:
                row["delivery_due"] = event.delivery_due
        case ContractReviewRequested():
            row["review_requested_at"] = row["review_requested_at"] or at
        case ContractApproved():
            row["approved_at"] = at
        case ContractSigned():
            row["signed_at"], row["signed_value"] = at, event.order_value
        case DeliveryConfirmed():
            row["first_delivery_at"] = row["first_delivery_at"] or at
            row["deliveries"] += 1
            row["deliveries_not_ok"] += 0 if event.condition_ok else 1
        case OrderDelivered():
            row["delivered_at"] = row["delivered_at"] or at
        case PaymentReceived():
            row["paid_total"] += event.amount
            value = row["signed_value"]
            if row["paid_at"] is None and value is not None and row["paid_total"] >= value:
                row["paid_at"] = at
        case OrderCancelled():
            row["cancelled_at"] = at
    return row


@attrs.frozen
class OrderFacts:
    """One row of facts per sales order, brought up to date with each of its events."""

    name: str = "kpi_orders"
    version: int = 1
    topics: frozenset[str] | None = TOPICS
    tables: tuple[Table, ...] = (FACTS,)

    def apply(self, view: View, page: Sequence[LogEntry]) -> None:
        view.load(FACTS.name, ((entry.recorded.originator_id,) for entry in page))
        for entry in page:
            event = entry.recorded.event
            key = entry.recorded.originator_id
            if isinstance(event, OrderDrafted):
                view.put(FACTS.name, drafted_row(key, event))
                continue
            row = view.get(FACTS.name, (key,))
            if row is not None and isinstance(event, OrderEvent):
                view.put(FACTS.name, changed(row, event))


KEYS = (
    "orders_signed_count",
    "orders_signed_value",
    "orders_on_time_pct",
    "orders_in_full_pct",
    "orders_otif_pct",
    "orders_contract_review_days_mean",
    "orders_order_to_cash_days_mean",
    "orders_cancelled_count",
)


def signed_value(signed: Sequence[Mapping[str, Any]]) -> str | dict[str, str]:
    """The value of the orders signed: a decimal string while they are all in the company's
    currency (CNY), else one decimal string per currency signed in, by currency code."""
    totals: dict[str, Decimal] = {}
    for row in signed:
        totals[row["currency"]] = totals.get(row["currency"], ZERO) + row["signed_value"]
    if set(totals) <= {DEFAULT_CURRENCY}:
        return money(totals.get(DEFAULT_CURRENCY, ZERO))
    return {currency: money(totals[currency]) for currency in sorted(totals)}


def on_time(row: Mapping[str, Any]) -> bool:
    """The first delivery was confirmed on or before the promised date."""
    first = row["first_delivery_at"]
    return first is not None and first < row["delivery_due"]


def in_full(row: Mapping[str, Any]) -> bool:
    """Every line delivered in full, and every delivery in good condition."""
    return row["delivered_at"] is not None and row["deliveries_not_ok"] == 0


def otif(row: Mapping[str, Any]) -> bool:
    """In full, with the last of it delivered on or before the promised date."""
    return in_full(row) and row["delivered_at"] < row["delivery_due"]


@attrs.frozen
class OrderKpis:
    """Sales orders: contracts signed, delivery on time and in full, cash (DOMAIN §7)."""

    projection: OrderFacts = OrderFacts()
    keys: tuple[str, ...] = KEYS

    def figures(self, facts: Facts, period: Period, zone: tzinfo) -> dict[str, Any]:
        """Signing, approval, the completing payment and cancellation count in the period of
        their own event. Delivery figures take each signed order not cancelled once, in the
        period of its promised date; one not delivered yet counts as neither on time nor in
        full."""
        rows = facts[FACTS.name]
        signed = in_period(rows, "signed_at", period, zone)
        owed = [
            row
            for row in dated_in(rows, "promised_delivery_date", period)
            if row["signed_at"] is not None and row["cancelled_at"] is None
        ]
        approved = [
            row
            for row in in_period(rows, "approved_at", period, zone)
            if row["review_requested_at"] is not None
        ]
        paid = [
            row for row in in_period(rows, "paid_at", period, zone) if row["signed_at"] is not None
        ]
        return {
            "orders_signed_count": len(signed),
            "orders_signed_value": signed_value(signed),
            "orders_on_time_pct": pct(sum(map(on_time, owed)), len(owed)),
            "orders_in_full_pct": pct(sum(map(in_full, owed)), len(owed)),
            "orders_otif_pct": pct(sum(map(otif, owed)), len(owed)),
            "orders_contract_review_days_mean": mean(
                [days(row["review_requested_at"], row["approved_at"]) for row in approved]
            ),
            "orders_order_to_cash_days_mean": mean(
                [days(row["signed_at"], row["paid_at"]) for row in paid]
            ),
            "orders_cancelled_count": len(in_period(rows, "cancelled_at", period, zone)),
        }
