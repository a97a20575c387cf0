"""Order KPIs (DOMAIN §7) from a scripted history sent through the command side, on both stores,
each figure worked out by hand below.

Business times are UTC; Shanghai is UTC+8, so a delivery is on time until 16:00 UTC of the
promised date, and 2026-07-31T17:00Z is 1 August there.

- P1: 1102.50 CNY, promised 07-20; review 07-01 02:00 -> approved 07-03 14:00 (2.5 days);
  signed 07-04 02:00; delivered in full 07-20 15:59 (23:59 in Shanghai); paid 500.00 on
  07-25 and 602.50 on 07-29 02:00, in full 25 days after signing.
- P2: 1102.50 CNY, promised 07-20; review 07-01 04:00 -> 07-02 04:00 (1 day); signed
  07-02 05:00; RV-100 delivered 07-10, FP-5 on 07-20 16:00 (21 July in Shanghai: late).
- P3: 2000.00 CNY, promised 07-25; review 07-02 01:00 -> 07-05 13:00 (3.5 days); signed
  07-06 02:00; delivered in full 07-08, not in good condition.
- P4: 300.00 CNY, promised 07-28; review 07-03 01:00 -> 07-04 01:00 (1 day); signed
  07-05 00:00; nothing delivered.
- P5: 1102.50 CNY, promised 07-22; cancelled in draft on 07-15.
- P6: 500.00 USD, promised 08-10; review 07-09 00:00 -> 07-10 00:00 (1 day); signed
  07-31 17:00 (1 August in Shanghai); delivered in full 08-05.

P1 to P5 are the `sales` department's (their sales rep's), P6 the `export` department's.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import pytest

from infrastructure.opsledger import Opsledger
from projections.kpi.orders import KEYS
from tests.application.order_envelopes import (
    ALL_OF_IT,
    MANAGEMENT,
    PAYLOADS,
    accept,
    command,
    draft_worth,
    review,
)
from tests.clocks import FixedClock
from tests.infrastructure.reporting.kpi_rows import report

#: When the history is entered: after all of it happened.
ENTERED = datetime(2026, 9, 1, tzinfo=UTC)

EXPORT_REP = {"id": "u-rep-x", "roles": ["sales_rep"], "department": "export"}


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(ENTERED)


def when(text: str) -> str:
    """A business time written as UTC, as an envelope's occurred_at."""
    return f"2026-{text}:00+00:00"


def send(ledger: Opsledger, verb: str, order: UUID | None, at: str, **fields: Any) -> UUID:
    result = accept(ledger, command(verb, order, occurred_at=when(at), **fields))
    assert result.aggregate_id is not None
    return result.aggregate_id


def drafted(
    ledger: Opsledger, at: str, promised: str, payload: dict[str, Any] | None = None, **fields: Any
) -> UUID:
    body = dict(payload or PAYLOADS["draft"], promised_delivery_date=f"2026-{promised}")
    return send(ledger, "draft", None, at, payload=body, **fields)


def approved(ledger: Opsledger, order: UUID, requested: str, *reviewed: str) -> None:
    """Review requested, then legal, financial and risk pass at the three times given."""
    send(ledger, "request_review", order, requested)
    for aspect, at in zip(("legal", "financial", "risk"), reviewed, strict=True):
        accept(ledger, review(order, aspect, occurred_at=when(at)))


def lines(**quantities: int) -> list[dict[str, Any]]:
    return [{"sku": sku.replace("_", "-"), "quantity": n} for sku, n in quantities.items()]


def delivered(
    ledger: Opsledger, order: UUID, at: str, part: list[dict[str, Any]], ok: bool
) -> None:
    payload = {"lines": part, "condition_ok": ok}
    send(ledger, "confirm_delivery", order, at, payload=payload)


def shipped(ledger: Opsledger, order: UUID, at: str, part: list[dict[str, Any]]) -> None:
    send(ledger, "ship", order, at, payload={"lines": part, "carrier": "顺丰 (SF)"})


def history(ledger: Opsledger) -> None:
    p1 = drafted(ledger, "07-01T01:00", "07-20")
    approved(ledger, p1, "07-01T02:00", "07-02T02:00", "07-03T02:00", "07-03T14:00")
    send(ledger, "sign", p1, "07-04T02:00")
    send(ledger, "start_fulfilment", p1, "07-05T02:00")
    shipped(ledger, p1, "07-06T02:00", ALL_OF_IT)
    delivered(ledger, p1, "07-20T15:59", ALL_OF_IT, ok=True)
    send(ledger, "invoice", p1, "07-21T00:00")
    send(ledger, "record_payment", p1, "07-25T02:00", payload={"amount": "500.00"})
    send(ledger, "record_payment", p1, "07-29T02:00", payload={"amount": "602.50"})
    send(ledger, "close", p1, "07-30T00:00")

    p2 = drafted(ledger, "07-01T03:00", "07-20")
    approved(ledger, p2, "07-01T04:00", "07-01T10:00", "07-01T20:00", "07-02T04:00")
    send(ledger, "sign", p2, "07-02T05:00")
    send(ledger, "start_fulfilment", p2, "07-02T06:00")
    shipped(ledger, p2, "07-03T00:00", ALL_OF_IT)
    delivered(ledger, p2, "07-10T00:00", lines(RV_100=10), ok=True)
    delivered(ledger, p2, "07-20T16:00", lines(FP_5=5), ok=True)

    p3 = drafted(ledger, "07-02T00:00", "07-25", draft_worth("2000.00"))
    approved(ledger, p3, "07-02T01:00", "07-03T01:00", "07-04T01:00", "07-05T13:00")
    send(ledger, "sign", p3, "07-06T02:00")
    send(ledger, "start_fulfilment", p3, "07-06T03:00")
    shipped(ledger, p3, "07-07T00:00", lines(M_1=1))
    delivered(ledger, p3, "07-08T00:00", lines(M_1=1), ok=False)

    p4 = drafted(ledger, "07-03T00:00", "07-28", draft_worth("300.00"))
    approved(ledger, p4, "07-03T01:00", "07-03T10:00", "07-03T20:00", "07-04T01:00")
    send(ledger, "sign", p4, "07-05T00:00")

    p5 = drafted(ledger, "07-03T02:00", "07-22")
    send(ledger, "cancel", p5, "07-15T00:00")

    p6 = drafted(ledger, "07-08T00:00", "08-10", draft_worth("500.00", "USD"), actor=EXPORT_REP)
    approved(ledger, p6, "07-09T00:00", "07-09T06:00", "07-09T12:00", "07-10T00:00")
    send(ledger, "sign", p6, "07-31T17:00", actor=MANAGEMENT)
    send(ledger, "start_fulfilment", p6, "08-01T00:00")
    shipped(ledger, p6, "08-02T00:00", lines(M_1=1))
    delivered(ledger, p6, "08-05T00:00", lines(M_1=1), ok=True)


#: July, company-wide. Signed in July (Shanghai): P1, P2, P3, P4 (P6 on 1 August):
#: 1102.50 + 1102.50 + 2000.00 + 300.00 = 4505.00, all CNY.
#: Owed in July (signed, not cancelled, promised in July): P1, P2, P3, P4.
#: On time (first delivery by the promised date): P1 (23:59 on the day), P2 (07-10), P3 -> 3/4.
#: In full (every line, every delivery in good condition): P1, P2 -> 2/4.
#: OTIF (in full by the promised date): P1 only (P2's last line came on 21 July) -> 1/4.
#: Approved in July: P1 2.5, P2 1, P3 3.5, P4 1, P6 1 days -> 9 / 5 = 1.8.
#: Paid in full in July: P1, 07-04 02:00 to 07-29 02:00 = 25 days. Cancelled: P5.
JULY = {
    "orders_signed_count": 4,
    "orders_signed_value": "4505.00",
    "orders_on_time_pct": 75.0,
    "orders_in_full_pct": 50.0,
    "orders_otif_pct": 25.0,
    "orders_contract_review_days_mean": 1.8,
    "orders_order_to_cash_days_mean": 25.0,
    "orders_cancelled_count": 1,
}

#: July, sales: P1 to P5; review lead times 2.5, 1, 3.5, 1 -> 8 / 4 = 2.
JULY_SALES = {**JULY, "orders_contract_review_days_mean": 2.0}

#: July, export: P6 was approved in July but signed in August and owes delivery in August, so
#: nothing owed in July: the percentages are null.
JULY_EXPORT = {
    "orders_signed_count": 0,
    "orders_signed_value": "0.00",
    "orders_on_time_pct": None,
    "orders_in_full_pct": None,
    "orders_otif_pct": None,
    "orders_contract_review_days_mean": 1.0,
    "orders_order_to_cash_days_mean": None,
    "orders_cancelled_count": 0,
}

#: August: P6 signed (1 August in Shanghai), in USD, so the value is given per currency;
#: promised 08-10, delivered in full and in good condition on 08-05.
AUGUST = {
    "orders_signed_count": 1,
    "orders_signed_value": {"USD": "500.00"},
    "orders_on_time_pct": 100.0,
    "orders_in_full_pct": 100.0,
    "orders_otif_pct": 100.0,
    "orders_contract_review_days_mean": None,
    "orders_order_to_cash_days_mean": None,
    "orders_cancelled_count": 0,
}

#: 2026-Q3 (and the year, which holds nothing else): July and August together. Owed: P1 to P4
#: and P6; on time 4/5, in full 3/5, OTIF 2/5.
QUARTER = {
    "orders_signed_count": 5,
    "orders_signed_value": {"CNY": "4505.00", "USD": "500.00"},
    "orders_on_time_pct": 80.0,
    "orders_in_full_pct": 60.0,
    "orders_otif_pct": 40.0,
    "orders_contract_review_days_mean": 1.8,
    "orders_order_to_cash_days_mean": 25.0,
    "orders_cancelled_count": 1,
}


class TestOrderFigures:
    """Every order KPI of a scripted history equals its hand computation."""

    def test_by_month_quarter_year_and_department(self, ledger: Opsledger) -> None:
        """July by department and company-wide; August, the quarter and the year; a signing on
        31 July in UTC counts in August, Shanghai's day, and a delivery at 23:59 in Shanghai
        on the promised date is on time while one at 00:00 the next day is late."""
        history(ledger)
        july = report(ledger, "2026-07", KEYS)
        assert list(july) == ["export", "sales", None]
        assert july[None] == JULY
        assert july["sales"] == JULY_SALES
        assert july["export"] == JULY_EXPORT
        assert report(ledger, "2026-08", KEYS)[None] == AUGUST
        assert report(ledger, "2026-Q3", KEYS)[None] == QUARTER
        assert report(ledger, "2026", KEYS)[None] == QUARTER

    def test_a_department_filter_gives_that_department_only(self, ledger: Opsledger) -> None:
        """--department export: one row, the export figures."""
        history(ledger)
        assert report(ledger, "2026-07", KEYS, department="export") == {"export": JULY_EXPORT}


class TestKnownAt:
    """A delivery entered late changes today's report, not the report as known before."""

    def test_a_late_delivery_changes_today_not_the_known_at_report(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        """One order promised 07-20, shipped 07-10; as known then, not delivered (0 % on time);
        three days later its delivery on 07-15 is entered (100 %)."""
        order = drafted(ledger, "07-01T01:00", "07-20")
        approved(ledger, order, "07-01T02:00", "07-01T03:00", "07-01T04:00", "07-01T05:00")
        send(ledger, "sign", order, "07-02T00:00")
        send(ledger, "start_fulfilment", order, "07-03T00:00")
        shipped(ledger, order, "07-10T00:00", ALL_OF_IT)
        known = clock.now()
        clock.advance(days=3)
        delivered(ledger, order, "07-15T00:00", ALL_OF_IT, ok=True)
        keys = ("orders_on_time_pct", "orders_otif_pct")
        before = {"orders_on_time_pct": 0.0, "orders_otif_pct": 0.0}
        after = {"orders_on_time_pct": 100.0, "orders_otif_pct": 100.0}
        assert report(ledger, "2026-07", keys)[None] == after
        assert report(ledger, "2026-07", keys, known_at=known)[None] == before
        assert report(ledger, "2026-07", keys, known_at=clock.now())[None] == after
