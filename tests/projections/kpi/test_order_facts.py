"""The order KPI facts and figures, in memory: which payment completes an order, which request
starts its review, where an amended or cancelled order counts, and signed value by currency."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from domain.order.events import (
    ContractApproved,
    ContractRejected,
    ContractReviewRequested,
    ContractSigned,
    OrderAmended,
    OrderCancelled,
    OrderDrafted,
    OrderEvent,
    PaymentReceived,
)
from domain.order.values import Aspect, OrderLine
from domain.shared.actor import Actor, Role
from projections.kpi.orders import FACTS, OrderKpis, signed_value
from tests.projections.kpi.log_entries import entries, figures, folded

KPIS = OrderKpis()
ORDER_ID = UUID("7e3f1c2a-9b8d-4e6f-a1b2-c3d4e5f6a7b8")
T0 = datetime(2026, 7, 1, 1, 0, tzinfo=UTC)
HOUR, DAY = timedelta(hours=1), timedelta(days=1)

REP = Actor(id="u-rep-1", roles=[Role.SALES_REP], department="sales")
MANAGER = Actor(id="u-sm-1", roles=[Role.SALES_MANAGER], department="sales")
FINANCE = Actor(id="u-fin-1", roles=[Role.FINANCE], department="finance")
LEGAL = Actor(id="u-legal-1", roles=[Role.LEGAL], department="legal")


def due(promised: date) -> datetime:
    """The first instant after the promised date in Shanghai (UTC+8)."""
    return datetime(promised.year, promised.month, promised.day, 16, 0, tzinfo=UTC)


def drafted(promised: date = date(2026, 7, 20), currency: str = "CNY") -> OrderDrafted:
    return OrderDrafted(
        occurred_at=T0,
        actor=REP,
        order_id=ORDER_ID,
        customer_id="c-1",
        customer_name="上海星辰 (Xingchen)",
        currency=currency,
        lines=(
            OrderLine(sku="M-1", description="machine", quantity=1, unit_price=Decimal("1000.00")),
        ),
        promised_delivery_date=promised,
        delivery_due=due(promised),
        payment_terms="30 days",
    )


def signed(at: datetime, value: str = "1000.00") -> ContractSigned:
    return ContractSigned(
        occurred_at=at,
        actor=MANAGER,
        signatory_id=MANAGER.id,
        order_value=Decimal(value),
        signing_limit=Decimal("1000000.00"),
    )


def paid(at: datetime, amount: str) -> PaymentReceived:
    return PaymentReceived(occurred_at=at, actor=FINANCE, amount=Decimal(amount), currency="CNY")


def facts(*events: OrderEvent) -> dict[str, Any]:
    row = folded(KPIS, entries(ORDER_ID, events)).get(FACTS.name, (ORDER_ID,))
    assert row is not None
    return row


class TestFacts:
    def test_the_payment_that_reaches_the_value_completes_the_order(self) -> None:
        """Paid 400.00 then 600.00 of 1000.00: paid in full at the second payment."""
        row = facts(
            drafted(),
            signed(T0 + DAY),
            paid(T0 + 10 * DAY, "400.00"),
            paid(T0 + 20 * DAY, "600.00"),
        )
        assert (row["paid_total"], row["paid_at"]) == (Decimal("1000.00"), T0 + 20 * DAY)

    def test_a_partial_payment_completes_nothing(self) -> None:
        row = facts(drafted(), signed(T0 + DAY), paid(T0 + 10 * DAY, "999.99"))
        assert row["paid_at"] is None

    def test_the_review_runs_from_the_first_request_through_rejections(self) -> None:
        """Requested at T0 + 1 h, rejected, requested again at T0 + 2 d, approved at T0 + 3 d 1 h:
        the review took 3 days, of which the contract spent some back in draft."""
        view = folded(
            KPIS,
            entries(
                ORDER_ID,
                [
                    drafted(),
                    ContractReviewRequested(occurred_at=T0 + HOUR, actor=REP),
                    ContractRejected(occurred_at=T0 + DAY, actor=LEGAL, aspect=Aspect.LEGAL),
                    ContractReviewRequested(occurred_at=T0 + 2 * DAY, actor=REP),
                    ContractApproved(occurred_at=T0 + 3 * DAY + HOUR, actor=LEGAL),
                ],
            ),
        )
        row = view.get(FACTS.name, (ORDER_ID,))
        assert row is not None
        assert (row["review_requested_at"], row["approved_at"]) == (T0 + HOUR, T0 + 3 * DAY + HOUR)
        assert figures(KPIS, view, "2026-07")["orders_contract_review_days_mean"] == 3.0


class TestWhereAnOrderCounts:
    def test_an_amended_promised_date_moves_the_order_to_that_period(self) -> None:
        """Promised 20 July, amended to 5 August, signed, not delivered: owed in August."""
        amended = OrderAmended(
            occurred_at=T0 + HOUR,
            actor=REP,
            promised_delivery_date=date(2026, 8, 5),
            delivery_due=due(date(2026, 8, 5)),
        )
        view = folded(KPIS, entries(ORDER_ID, [drafted(), amended, signed(T0 + DAY)]))
        assert figures(KPIS, view, "2026-07")["orders_on_time_pct"] is None
        assert figures(KPIS, view, "2026-08")["orders_on_time_pct"] == 0.0

    def test_a_cancelled_order_owes_nothing_and_counts_as_cancelled(self) -> None:
        """Signed, then cancelled before any shipment: no delivery figure, one cancellation,
        still one signing."""
        cancelled = OrderCancelled(occurred_at=T0 + 2 * DAY, actor=MANAGER)
        view = folded(KPIS, entries(ORDER_ID, [drafted(), signed(T0 + DAY), cancelled]))
        july = figures(KPIS, view, "2026-07")
        assert (july["orders_otif_pct"], july["orders_cancelled_count"]) == (None, 1)
        assert (july["orders_signed_count"], july["orders_signed_value"]) == (1, "1000.00")

    def test_a_draft_owes_no_delivery(self) -> None:
        """Never signed: not owed, however near its promised date."""
        view = folded(KPIS, entries(ORDER_ID, [drafted()]))
        assert figures(KPIS, view, "2026-07")["orders_in_full_pct"] is None


def signing(currency: str, value: str) -> dict[str, Any]:
    return {"currency": currency, "signed_value": Decimal(value)}


class TestSignedValue:
    """A decimal string while every order signed is in CNY; else one string per currency."""

    def test_none_signed_is_zero(self) -> None:
        assert signed_value([]) == "0.00"

    def test_all_in_cny_is_one_string(self) -> None:
        assert signed_value([signing("CNY", "1.10"), signing("CNY", "2.20")]) == "3.30"

    def test_another_currency_gives_each_currency(self) -> None:
        assert signed_value([signing("USD", "5.00")]) == {"USD": "5.00"}
        assert signed_value(
            [signing("USD", "5.00"), signing("CNY", "1.10"), signing("USD", "0.50")]
        ) == {"CNY": "1.10", "USD": "5.50"}
