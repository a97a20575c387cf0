"""Periods: months, quarters and years on the company's calendar (Asia/Shanghai, UTC+8)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import hypothesis
import pytest
from hypothesis import strategies as st

from domain.shared.period import InvalidPeriod, Period, PeriodKind, local_date, start_of_day

SHANGHAI = ZoneInfo("Asia/Shanghai")
#: Shanghai has kept UTC+8 without daylight saving since 1991: the independent model below.
OFFSET = timedelta(hours=8)
MICROSECOND = timedelta(microseconds=1)

years = st.integers(min_value=1992, max_value=2200)
instants = st.datetimes(
    min_value=datetime(1992, 1, 1), max_value=datetime(2200, 12, 31), timezones=st.just(UTC)
)


def shanghai_midnight(year: int, month: int) -> datetime:
    """Midnight on the first of a month in Shanghai, as a UTC instant, by plain arithmetic."""
    if month == 13:
        year, month = year + 1, 1
    return datetime(year, month, 1, tzinfo=UTC) - OFFSET


class TestParse:
    """A report names its period as `2026-07`, `2026-Q3` or `2026`."""

    @pytest.mark.parametrize(
        ("text", "kind", "number", "first", "last"),
        [
            ("2026-07", PeriodKind.MONTH, 7, date(2026, 7, 1), date(2026, 7, 31)),
            ("2026-02", PeriodKind.MONTH, 2, date(2026, 2, 1), date(2026, 2, 28)),
            ("2028-02", PeriodKind.MONTH, 2, date(2028, 2, 1), date(2028, 2, 29)),
            ("2026-12", PeriodKind.MONTH, 12, date(2026, 12, 1), date(2026, 12, 31)),
            ("2026-Q1", PeriodKind.QUARTER, 1, date(2026, 1, 1), date(2026, 3, 31)),
            ("2026-Q3", PeriodKind.QUARTER, 3, date(2026, 7, 1), date(2026, 9, 30)),
            ("2026-Q4", PeriodKind.QUARTER, 4, date(2026, 10, 1), date(2026, 12, 31)),
            ("2026", PeriodKind.YEAR, 1, date(2026, 1, 1), date(2026, 12, 31)),
        ],
    )
    def test_each_written_form_names_its_days(
        self, text: str, kind: PeriodKind, number: int, first: date, last: date
    ) -> None:
        period = Period.parse(text)
        assert (period.kind, period.year, period.number) == (kind, int(text[:4]), number)
        assert (period.first_day, period.last_day) == (first, last)
        assert str(period) == text

    @pytest.mark.parametrize(
        "text",
        [
            "",
            "26",
            "2026-7",
            "2026-13",
            "2026-00",
            "2026-Q0",
            "2026-Q5",
            "2026-q3",
            "2026-H1",
            "2026-07-01",
            " 2026",
            "2026 ",
            "1899",
            "9999",
            "\uff12\uff10\uff12\uff16",  # fullwidth digits
        ],
    )
    def test_anything_else_is_refused(self, text: str) -> None:
        with pytest.raises(InvalidPeriod):
            Period.parse(text)

    @hypothesis.given(year=st.integers(1900, 9998), month=st.integers(1, 12))
    def test_months_round_trip_through_their_written_form(self, year: int, month: int) -> None:
        assert Period.parse(f"{year:04d}-{month:02d}") == Period.month(year, month)
        assert str(Period.month(year, month)) == f"{year:04d}-{month:02d}"


class TestBoundariesInShanghai:
    """A period runs from midnight of its first day to midnight after its last, Shanghai time."""

    @pytest.mark.parametrize(
        ("text", "start", "end"),
        [
            ("2026-07", "2026-06-30T16:00:00+00:00", "2026-07-31T16:00:00+00:00"),
            ("2026-Q3", "2026-06-30T16:00:00+00:00", "2026-09-30T16:00:00+00:00"),
            ("2026", "2025-12-31T16:00:00+00:00", "2026-12-31T16:00:00+00:00"),
        ],
    )
    def test_start_and_end(self, text: str, start: str, end: str) -> None:
        period = Period.parse(text)
        assert period.start(SHANGHAI) == datetime.fromisoformat(start)
        assert period.end(SHANGHAI) == datetime.fromisoformat(end)

    def test_the_last_evening_of_june_in_utc_is_already_july_in_shanghai(self) -> None:
        evening = datetime(2026, 6, 30, 16, 0, tzinfo=UTC)
        assert Period.parse("2026-07").contains(evening, SHANGHAI)
        assert Period.parse("2026-Q3").contains(evening, SHANGHAI)
        assert not Period.parse("2026-06").contains(evening, SHANGHAI)
        assert Period.parse("2026-Q2").contains(evening - MICROSECOND, SHANGHAI)

    def test_new_years_eve_at_16_utc_is_the_next_year(self) -> None:
        instant = datetime(2026, 12, 31, 16, 0, tzinfo=UTC)
        assert Period.parse("2027").contains(instant, SHANGHAI)
        assert not Period.parse("2026").contains(instant, SHANGHAI)
        assert Period.parse("2026").contains(instant - MICROSECOND, SHANGHAI)

    @hypothesis.given(year=years, month=st.integers(1, 12))
    def test_month_edges(self, year: int, month: int) -> None:
        period = Period.month(year, month)
        start, end = shanghai_midnight(year, month), shanghai_midnight(year, month + 1)
        assert (period.start(SHANGHAI), period.end(SHANGHAI)) == (start, end)
        assert period.contains(start, SHANGHAI)
        assert period.contains(end - MICROSECOND, SHANGHAI)
        assert not period.contains(start - MICROSECOND, SHANGHAI)
        assert not period.contains(end, SHANGHAI)

    @hypothesis.given(year=years, quarter=st.integers(1, 4))
    def test_quarter_edges(self, year: int, quarter: int) -> None:
        period = Period.quarter(year, quarter)
        first_month = 3 * quarter - 2
        start = shanghai_midnight(year, first_month)
        end = shanghai_midnight(year, first_month + 3)
        assert (period.start(SHANGHAI), period.end(SHANGHAI)) == (start, end)
        assert period.contains(start, SHANGHAI)
        assert period.contains(end - MICROSECOND, SHANGHAI)
        assert not period.contains(start - MICROSECOND, SHANGHAI)
        assert not period.contains(end, SHANGHAI)

    @hypothesis.given(year=years)
    def test_year_edges(self, year: int) -> None:
        period = Period.whole_year(year)
        start, end = shanghai_midnight(year, 1), shanghai_midnight(year + 1, 1)
        assert (period.start(SHANGHAI), period.end(SHANGHAI)) == (start, end)
        assert period.contains(start, SHANGHAI)
        assert period.contains(end - MICROSECOND, SHANGHAI)
        assert not period.contains(start - MICROSECOND, SHANGHAI)
        assert not period.contains(end, SHANGHAI)


class TestEveryInstantHasOnePeriodOfEachKind:
    """Any instant lies in exactly the month, quarter and year its Shanghai date says."""

    @hypothesis.given(instant=instants, kind=st.sampled_from(PeriodKind))
    def test_containing(self, instant: datetime, kind: PeriodKind) -> None:
        local = instant + OFFSET  # the Shanghai wall clock, by plain arithmetic
        expected = {
            PeriodKind.MONTH: f"{local.year:04d}-{local.month:02d}",
            PeriodKind.QUARTER: f"{local.year:04d}-Q{(local.month + 2) // 3}",
            PeriodKind.YEAR: f"{local.year:04d}",
        }[kind]
        period = Period.containing(kind, instant, zone=SHANGHAI)
        assert str(period) == expected
        assert period.contains(instant, SHANGHAI)
        assert not period.next().contains(instant, SHANGHAI)
        assert period.start(SHANGHAI) <= instant < period.end(SHANGHAI)

    @hypothesis.given(instant=instants)
    def test_an_instant_in_another_offset_is_the_same_instant(self, instant: datetime) -> None:
        elsewhere = instant.astimezone(ZoneInfo("America/New_York"))
        assert local_date(elsewhere, SHANGHAI) == (instant + OFFSET).date()


class TestNeighbours:
    """The period after December, Q4 or a year is in the next year."""

    @pytest.mark.parametrize(
        ("text", "following"),
        [("2026-07", "2026-08"), ("2026-12", "2027-01"), ("2026-Q4", "2027-Q1"), ("2026", "2027")],
    )
    def test_next(self, text: str, following: str) -> None:
        assert str(Period.parse(text).next()) == following

    def test_the_last_period_kept_has_an_end(self) -> None:
        assert Period.parse("9998-12").end(SHANGHAI) == datetime(9998, 12, 31, 16, tzinfo=UTC)


class TestInstantsAreAware:
    """A naive time is not an instant: placing one in a period is refused."""

    def test_naive_instants_are_refused(self) -> None:
        with pytest.raises(ValueError, match="naive"):
            Period.parse("2026").contains(datetime(2026, 7, 1), SHANGHAI)

    def test_start_of_day_is_midnight_in_the_zone(self) -> None:
        assert start_of_day(date(2026, 7, 1), SHANGHAI) == datetime(2026, 6, 30, 16, tzinfo=UTC)


class TestConstruction:
    """A period's number must fit its kind."""

    @pytest.mark.parametrize(
        ("kind", "number"),
        [
            (PeriodKind.MONTH, 0),
            (PeriodKind.MONTH, 13),
            (PeriodKind.QUARTER, 5),
            (PeriodKind.YEAR, 2),
        ],
    )
    def test_numbers_outside_the_kind_are_refused(self, kind: PeriodKind, number: int) -> None:
        with pytest.raises(InvalidPeriod):
            Period(kind=kind, year=2026, number=number)
