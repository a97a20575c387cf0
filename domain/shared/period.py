"""Reporting periods (month `2026-07`, quarter `2026-Q3`, year `2026`) in the company time zone."""

from __future__ import annotations

import enum
import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo

import attrs

#: Years a period may name: wide enough for any history, narrow enough that every period's
#: first and last instants exist in every time zone.
FIRST_YEAR, LAST_YEAR = 1900, 9998

_WRITTEN = re.compile(r"(?P<year>[0-9]{4})(?:-(?P<month>[0-9]{2})|-Q(?P<quarter>[1-4]))?")


class InvalidPeriod(ValueError):
    """Text that names no period, or a period outside the years kept."""


class PeriodKind(enum.StrEnum):
    """How long a period is."""

    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


def _year(_: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidPeriod(f"a year is a whole number, not {value!r}")
    if not FIRST_YEAR <= value <= LAST_YEAR:
        raise InvalidPeriod(f"a period lies in the years {FIRST_YEAR} to {LAST_YEAR}, not {value}")


#: How many periods of each kind a year holds.
PER_YEAR = {PeriodKind.MONTH: 12, PeriodKind.QUARTER: 4, PeriodKind.YEAR: 1}


def _number(instance: Period, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidPeriod(f"a period's number is a whole number, not {value!r}")
    last = PER_YEAR[instance.kind]
    if not 1 <= value <= last:
        raise InvalidPeriod(f"a {instance.kind.value}'s number runs from 1 to {last}, not {value}")


@attrs.frozen(kw_only=True)
class Period:
    """A calendar month, quarter or year. Which period an instant falls in is decided by the
    company's time zone, passed in wherever an instant is placed (the domain reads no setting).

    `number` is the month (1-12) or the quarter (1-4); a year's number is 1.
    """

    kind: PeriodKind = attrs.field(converter=PeriodKind)
    year: int = attrs.field(validator=_year)
    number: int = attrs.field(default=1, validator=_number)

    @classmethod
    def parse(cls, text: str) -> Period:
        """The period a report names: `2026-07` (month), `2026-Q3` (quarter), `2026` (year)."""
        match = _WRITTEN.fullmatch(text) if isinstance(text, str) else None
        if match is None:
            raise InvalidPeriod(f"a period is written 2026-07, 2026-Q3 or 2026, not {text!r}")
        year = int(match["year"])
        if match["month"] is not None:
            return cls(kind=PeriodKind.MONTH, year=year, number=int(match["month"]))
        if match["quarter"] is not None:
            return cls(kind=PeriodKind.QUARTER, year=year, number=int(match["quarter"]))
        return cls(kind=PeriodKind.YEAR, year=year)

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls(kind=PeriodKind.MONTH, year=year, number=month)

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        return cls(kind=PeriodKind.QUARTER, year=year, number=quarter)

    @classmethod
    def whole_year(cls, year: int) -> Period:
        return cls(kind=PeriodKind.YEAR, year=year)

    @classmethod
    def of_day(cls, kind: PeriodKind, day: date) -> Period:
        """The period of `kind` that a calendar day belongs to."""
        if kind is PeriodKind.MONTH:
            return cls.month(day.year, day.month)
        if kind is PeriodKind.QUARTER:
            return cls.quarter(day.year, (day.month - 1) // 3 + 1)
        return cls.whole_year(day.year)

    @classmethod
    def containing(cls, kind: PeriodKind, instant: datetime, *, zone: tzinfo) -> Period:
        """The period of `kind` an instant belongs to, by the company's calendar."""
        return cls.of_day(kind, local_date(instant, zone))

    def __str__(self) -> str:
        if self.kind is PeriodKind.MONTH:
            return f"{self.year:04d}-{self.number:02d}"
        if self.kind is PeriodKind.QUARTER:
            return f"{self.year:04d}-Q{self.number}"
        return f"{self.year:04d}"

    @property
    def first_day(self) -> date:
        """The period's first calendar day."""
        if self.kind is PeriodKind.MONTH:
            return date(self.year, self.number, 1)
        if self.kind is PeriodKind.QUARTER:
            return date(self.year, 3 * self.number - 2, 1)
        return date(self.year, 1, 1)

    @property
    def last_day(self) -> date:
        """The period's last calendar day."""
        return self._day_after() - timedelta(days=1)

    def _day_after(self) -> date:
        if self.number == PER_YEAR[self.kind]:
            return date(self.year + 1, 1, 1)
        months = 12 // PER_YEAR[self.kind]
        return date(self.year, months * self.number + 1, 1)

    def next(self) -> Period:
        """The period of the same kind that follows this one."""
        if self.number < PER_YEAR[self.kind]:
            return attrs.evolve(self, number=self.number + 1)
        return attrs.evolve(self, year=self.year + 1, number=1)

    def start(self, zone: tzinfo) -> datetime:
        """The period's first instant (UTC): midnight of its first day in the company's zone."""
        return start_of_day(self.first_day, zone)

    def end(self, zone: tzinfo) -> datetime:
        """The first instant (UTC) after the period: the next period's start."""
        return start_of_day(self._day_after(), zone)

    def contains(self, instant: datetime, zone: tzinfo) -> bool:
        """True when the instant falls in this period on the company's calendar."""
        return self.first_day <= local_date(instant, zone) <= self.last_day


def local_date(instant: datetime, zone: tzinfo) -> date:
    """The calendar day an instant falls on in the company's time zone."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError("an instant carries its UTC offset; a naive time is not an instant")
    return instant.astimezone(zone).date()


def start_of_day(day: date, zone: tzinfo) -> datetime:
    """The first instant (UTC) of a calendar day in the company's time zone."""
    return datetime.combine(day, time(), tzinfo=zone).astimezone(UTC)
