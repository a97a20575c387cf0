"""One value as people read it: money with its currency, enums by value, times in ISO 8601."""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime, time
from decimal import Decimal
from uuid import UUID

import attrs
import pytest

from domain.shared.money import Money
from domain.shared.period import Period, PeriodKind
from infrastructure.presentation.values import is_record, readable


class Colour(enum.Enum):
    RED = "red"


class Level(enum.IntEnum):
    HIGH = 3


class Aspect(enum.StrEnum):
    LEGAL = "legal"
    RISK = "risk"


@attrs.frozen
class Line:
    sku: str
    price: Money


class TestReadable:
    @pytest.mark.parametrize(
        ("value", "shown"),
        [
            (None, ""),
            ("扫地机器人", "扫地机器人"),
            (True, "true"),
            (0, "0"),
            (Decimal("1250.00"), "1250.00"),
            (Decimal("1E+3"), "1000"),  # plain digits, never an exponent
            (Money.parse("12.5", "CNY"), "12.50 CNY"),
            (Period(kind=PeriodKind.QUARTER, year=2026, number=3), "2026-Q3"),
            (date(2026, 7, 1), "2026-07-01"),
            (datetime(2026, 7, 1, 9, 30, tzinfo=UTC), "2026-07-01T09:30:00+00:00"),
            (time(9, 30), "09:30:00"),
            (UUID(int=1), "00000000-0000-0000-0000-000000000001"),
            (Colour.RED, "red"),
            (Level.HIGH, "3"),
            (Aspect.LEGAL, "legal"),
            ((Aspect.RISK, Aspect.LEGAL), '["risk","legal"]'),  # a tuple keeps its order
            (frozenset({Aspect.RISK, Aspect.LEGAL}), '["legal","risk"]'),  # a set is sorted
            (frozenset({10, 9}), "[9,10]"),
            ((Money.parse("1", "USD"), Money.parse("2", "USD")), '["1.00 USD","2.00 USD"]'),
            ({"07": Decimal("1000.00")}, '{"07":"1000.00"}'),
            (Line("WF-800", Money.parse("2999", "CNY")), '{"sku":"WF-800","price":"2999.00 CNY"}'),
            ((), "[]"),
        ],
    )
    def test_each_kind_of_value(self, value: object, shown: str) -> None:
        assert readable(value) == shown


class TestIsRecord:
    def test_a_record_is_shown_by_its_fields_a_value_object_by_itself(self) -> None:
        assert is_record(Line("A", Money.zero()))
        assert not is_record(Money.zero())
        assert not is_record(Period(kind=PeriodKind.YEAR, year=2026))
        assert not is_record({"a": 1})
