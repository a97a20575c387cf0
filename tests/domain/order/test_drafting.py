"""Drafting and amending an order (DOMAIN §2 `order.draft`, `order.amend`)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from domain.order import decisions
from domain.order.events import OrderAmended, OrderDrafted
from domain.order.values import Aspect, OrderLine, Status
from domain.shared.errors import InvalidTransition, RuleViolation
from tests.domain.order.fixtures import (
    CUSTOMER_ID,
    CUSTOMER_NAME,
    DELIVERY_DUE,
    HOUR,
    LINES,
    ORDER_ID,
    OTHER_REP,
    PAYMENT_TERMS,
    PROMISED,
    REP,
    SHANGHAI,
    T0,
    UNDER_REVIEW,
    draft_as,
    given,
    history,
    history_to,
    next_moment,
    reviewed,
    then,
)


def line(sku: str = "X-1", quantity: int = 1, unit_price: str = "1.00") -> OrderLine:
    return OrderLine(
        sku=sku, description="测试 (test)", quantity=quantity, unit_price=Decimal(unit_price)
    )


class TestDraft:
    """A sales rep drafts an order with its lines, currency, promised date and payment terms."""

    def test_the_draft_records_every_part_and_when_delivery_is_due(self) -> None:
        assert draft_as(REP) == [
            OrderDrafted(
                occurred_at=T0,
                actor=REP,
                order_id=ORDER_ID,
                customer_id=CUSTOMER_ID,
                customer_name=CUSTOMER_NAME,
                currency="CNY",
                lines=LINES,
                promised_delivery_date=PROMISED,
                delivery_due=DELIVERY_DUE,
                payment_terms=PAYMENT_TERMS,
            )
        ]

    def test_the_drafted_order_is_a_draft_whose_sales_rep_is_the_drafter(self) -> None:
        order = given(draft_as(REP))
        assert order.status is Status.DRAFT
        assert order.sales_rep_id == REP.id
        assert str(order.value) == "1102.50 CNY"

    def test_unit_prices_are_kept_to_the_cent(self) -> None:
        events = draft_as(REP, lines=[line(unit_price="12.5")])
        assert isinstance(events[0], OrderDrafted)
        assert str(events[0].lines[0].unit_price) == "12.50"

    def test_a_free_line_is_allowed(self) -> None:
        assert draft_as(REP, lines=[line(unit_price="0")])

    def test_another_currency_is_kept(self) -> None:
        events = draft_as(REP, currency="USD")
        assert isinstance(events[0], OrderDrafted)
        assert events[0].currency == "USD"

    def test_an_order_has_at_least_one_line(self) -> None:
        with pytest.raises(RuleViolation) as refused:
            draft_as(REP, lines=[])
        assert refused.value.details == {"field": "lines"}

    @pytest.mark.parametrize("quantity", [0, -1])
    def test_a_quantity_is_above_zero(self, quantity: int) -> None:
        with pytest.raises(RuleViolation) as refused:
            draft_as(REP, lines=[line("A"), line("B", quantity=quantity)])
        assert refused.value.details == {"field": "lines[1].quantity"}

    def test_a_unit_price_is_zero_or_more(self) -> None:
        with pytest.raises(RuleViolation) as refused:
            draft_as(REP, lines=[line(unit_price="-0.01")])
        assert refused.value.details == {"field": "lines[0].unit_price"}

    @pytest.mark.parametrize("price", ["0.001", "NaN", "Infinity"])
    def test_a_unit_price_is_a_finite_amount_to_the_cent(self, price: str) -> None:
        with pytest.raises(RuleViolation) as refused:
            draft_as(REP, lines=[line(unit_price=price)])
        assert refused.value.details == {"field": "lines[0].unit_price"}

    def test_one_line_per_sku(self) -> None:
        with pytest.raises(RuleViolation) as refused:
            draft_as(REP, lines=[line("A"), line("B"), line("A")])
        assert refused.value.details == {"field": "lines[2].sku"}

    def test_a_sku_says_something(self) -> None:
        with pytest.raises(RuleViolation) as refused:
            draft_as(REP, lines=[line(" ")])
        assert refused.value.details == {"field": "lines[0].sku"}

    def test_an_order_value_out_of_range_is_refused(self) -> None:
        with pytest.raises(RuleViolation) as refused:
            draft_as(REP, lines=[line(quantity=10**12, unit_price="99999999999.99")])
        assert refused.value.details == {"field": "lines"}

    @pytest.mark.parametrize("currency", ["cny", "RMB1", ""])
    def test_the_currency_is_an_iso_code(self, currency: str) -> None:
        with pytest.raises(RuleViolation) as refused:
            draft_as(REP, currency=currency)
        assert refused.value.details == {"field": "currency"}

    @pytest.mark.parametrize(
        ("field", "blank"),
        [
            ("customer_id", {"customer_id": " "}),
            ("customer_name", {"customer_name": ""}),
            ("payment_terms", {"payment_terms": "\u3000"}),
        ],
    )
    def test_customer_and_terms_say_something(self, field: str, blank: dict[str, str]) -> None:
        with pytest.raises(RuleViolation) as refused:
            draft_as(REP, **blank)  # type: ignore[arg-type]
        assert refused.value.details == {"field": field}


class TestPromisedDate:
    """The promised delivery date lies after the day the order is drafted, Shanghai time."""

    def test_the_same_day_is_refused(self) -> None:
        with pytest.raises(RuleViolation) as refused:
            draft_as(REP, promised=date(2026, 7, 1))
        assert refused.value.details == {"field": "promised_delivery_date"}

    def test_the_next_day_is_allowed_and_due_by_its_midnight(self) -> None:
        events = draft_as(REP, promised=date(2026, 7, 2))
        assert isinstance(events[0], OrderDrafted)
        assert events[0].delivery_due == datetime(2026, 7, 2, 16, 0, tzinfo=UTC)

    def test_the_day_is_the_company_day_not_the_utc_day(self) -> None:
        # 17:00 UTC on 1 July is 01:00 on 2 July in Shanghai: 2 July is no longer after it.
        late_evening_utc = datetime(2026, 7, 1, 17, 0, tzinfo=UTC)
        with pytest.raises(RuleViolation):
            draft_as(REP, late_evening_utc, promised=date(2026, 7, 2))
        assert draft_as(REP, late_evening_utc, promised=date(2026, 7, 3))


class TestAmend:
    """A sales rep amends a draft or an order under review; it returns to draft."""

    def test_the_amendment_records_only_what_changed(self) -> None:
        past = history_to(Status.DRAFT)
        at = next_moment(past)
        events = decisions.amend(
            given(past), promised_delivery_date=date(2026, 8, 1), actor=REP, at=at, zone=SHANGHAI
        )
        assert events == [
            OrderAmended(
                occurred_at=at,
                actor=REP,
                promised_delivery_date=date(2026, 8, 1),
                delivery_due=datetime(2026, 8, 1, 16, 0, tzinfo=UTC),
            )
        ]

    def test_amended_lines_replace_the_old_ones(self) -> None:
        past = history_to(Status.DRAFT)
        new_lines = [line("Z-9", quantity=3, unit_price="7.5")]
        events = decisions.amend(
            given(past), lines=new_lines, actor=REP, at=next_moment(past), zone=SHANGHAI
        )
        order = given([*past, *events])
        assert order.lines == (line("Z-9", quantity=3, unit_price="7.50"),)
        assert str(order.value) == "22.50 CNY"
        assert order.payment_terms == PAYMENT_TERMS

    def test_an_amendment_under_review_returns_to_draft_and_voids_the_reviews(self) -> None:
        past = then(history(UNDER_REVIEW), reviewed(Aspect.LEGAL), reviewed(Aspect.FINANCIAL))
        assert given(past).passed_aspects == {Aspect.LEGAL, Aspect.FINANCIAL}
        events = decisions.amend(
            given(past), payment_terms="net 60", actor=REP, at=next_moment(past), zone=SHANGHAI
        )
        order = given([*past, *events])
        assert order.status is Status.DRAFT
        assert order.passed_aspects == frozenset()
        assert order.amendments == 1

    def test_any_sales_rep_may_amend(self) -> None:
        order = given(history_to(Status.DRAFT))
        events = decisions.amend(
            order, payment_terms="net 60", actor=OTHER_REP, at=T0 + HOUR, zone=SHANGHAI
        )
        assert [type(e) for e in events] == [OrderAmended]

    def test_an_amendment_that_changes_nothing_is_refused(self) -> None:
        past = history_to(Status.DRAFT)
        with pytest.raises(RuleViolation, match="changes the lines"):
            decisions.amend(given(past), actor=REP, at=next_moment(past), zone=SHANGHAI)

    def test_amended_parts_obey_the_drafting_rules(self) -> None:
        order, at = given(history_to(Status.DRAFT)), T0 + 2 * HOUR
        with pytest.raises(RuleViolation) as refused:
            decisions.amend(order, lines=[], actor=REP, at=at, zone=SHANGHAI)
        assert refused.value.details == {"field": "lines"}
        with pytest.raises(RuleViolation) as refused:
            decisions.amend(order, payment_terms=" ", actor=REP, at=at, zone=SHANGHAI)
        assert refused.value.details == {"field": "payment_terms"}
        with pytest.raises(RuleViolation) as refused:
            decisions.amend(
                order, promised_delivery_date=date(2026, 7, 1), actor=REP, at=at, zone=SHANGHAI
            )
        assert refused.value.details == {"field": "promised_delivery_date"}

    def test_the_promised_date_is_judged_on_the_day_of_the_amendment(self) -> None:
        order = given(history_to(Status.DRAFT))
        on_the_10th = datetime(2026, 7, 10, 2, 0, tzinfo=UTC)
        with pytest.raises(RuleViolation):
            decisions.amend(
                order,
                promised_delivery_date=date(2026, 7, 10),
                actor=REP,
                at=on_the_10th,
                zone=SHANGHAI,
            )

    @pytest.mark.parametrize("status", [Status.APPROVED, Status.SIGNED, Status.ON_HOLD])
    def test_not_once_approved(self, status: Status) -> None:
        past = history_to(status)
        with pytest.raises(InvalidTransition):
            decisions.amend(
                given(past), payment_terms="x", actor=REP, at=next_moment(past), zone=SHANGHAI
            )
