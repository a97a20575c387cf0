"""Payload readers: each field kind the contract uses, every bad part named by its path."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given as for_all
from hypothesis import strategies as st

from application.commands.payloads import decode, given
from application.commands.readers import (
    FieldError,
    FieldErrors,
    amount,
    calendar_date,
    currency,
    integer,
    month_map,
    records,
    text,
)
from tests.application.json_values import JSON_VALUES


@attrs.frozen(kw_only=True)
class Line:
    sku: str
    quantity: int
    unit_price: Decimal


LINES = records(Line, at_least=1, sku=text, quantity=integer(low=1), unit_price=amount())


@attrs.frozen(kw_only=True)
class DraftSomething:
    lines: tuple[Line, ...] = given(LINES)
    due: date = given(calendar_date)
    currency: str = given(currency, default="CNY")
    months: dict[int, Decimal] = given(month_map(amount()), default=attrs.Factory(dict))


def problems_of(raw: object) -> dict[str, str]:
    with pytest.raises(FieldErrors) as refused:
        decode(DraftSomething, raw)
    return refused.value.problems


GOOD_LINE = {"sku": "RV-9", "quantity": 2, "unit_price": "1999.00"}


class TestTypedPayloads:
    def test_a_good_payload_is_read_into_its_class(self) -> None:
        read = decode(
            DraftSomething,
            {"lines": [GOOD_LINE], "due": "2026-07-31", "months": {"07": "10.50", "12": "0"}},
        )
        assert read == DraftSomething(
            lines=(Line(sku="RV-9", quantity=2, unit_price=Decimal("1999.00")),),
            due=date(2026, 7, 31),
            currency="CNY",
            months={7: Decimal("10.50"), 12: Decimal("0")},
        )

    def test_every_bad_part_is_named_by_its_path(self) -> None:
        bad = {
            "lines": [GOOD_LINE, {"sku": "X", "quantity": 0, "unit_price": 3, "colour": "red"}],
            "due": "31/07/2026",
            "months": {"13": "1.00", "07": "1.005"},
            "extra": True,
        }
        assert problems_of(bad) == {
            "lines[1].colour": "unknown field",
            "lines[1].quantity": "must be at least 1",
            "lines[1].unit_price": 'must be an amount written as a string, e.g. "1250.00"',
            "due": "must be a date written YYYY-MM-DD",
            "months.13": "is not a month: use 01 to 12",
            "months.07": 'must be an amount with at most 2 decimals, e.g. "1250.00"',
            "extra": "unknown field",
        }

    def test_missing_fields_without_defaults_are_named(self) -> None:
        assert problems_of({}) == {"lines": "missing", "due": "missing"}

    def test_an_empty_list_of_lines_is_refused(self) -> None:
        assert problems_of({"lines": [], "due": "2026-07-31"}) == {"lines": "must hold at least 1"}

    @for_all(JSON_VALUES)
    def test_any_json_gives_a_payload_or_named_problems_never_anything_else(self, raw: Any) -> None:
        problems: dict[str, str] | None = None
        try:
            decode(DraftSomething, raw)
        except FieldErrors as error:
            problems = error.problems
        if problems is not None:
            assert problems
            assert all(isinstance(why, str) and why for why in problems.values())


class TestAmounts:
    @pytest.mark.parametrize(
        ("raw", "expected"),
        [("0", Decimal(0)), ("1250.00", Decimal("1250.00")), ("0.5", Decimal("0.5"))],
    )
    def test_amounts_are_exact_decimals(self, raw: str, expected: Decimal) -> None:
        assert amount()(raw) == expected

    @pytest.mark.parametrize(
        "raw",
        [1250, 12.5, "12.505", "-1.00", "1e3", "NaN", "Infinity", " 1", "\uff11\uff12", "", "1."],
    )
    def test_anything_but_a_plain_non_negative_amount_string_is_refused(self, raw: object) -> None:
        with pytest.raises(FieldError):
            amount()(raw)

    def test_positive_refuses_zero(self) -> None:
        with pytest.raises(FieldError, match="more than 0"):
            amount(positive=True)("0.00")


class TestDatesAndCurrencies:
    @pytest.mark.parametrize("raw", ["2026-02-30", "20260701", "2026-7-1", 20260701, None])
    def test_only_real_iso_dates(self, raw: object) -> None:
        with pytest.raises(FieldError):
            calendar_date(raw)

    @pytest.mark.parametrize("raw", ["cny", "CN", "CNYY", "¥", 156])
    def test_only_three_capital_letters(self, raw: object) -> None:
        with pytest.raises(FieldError):
            currency(raw)

    @for_all(st.dates())
    def test_every_calendar_date_reads_back(self, day: date) -> None:
        assert calendar_date(day.isoformat()) == day
