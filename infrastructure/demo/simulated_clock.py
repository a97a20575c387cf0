"""Simulated time for the demo: the quarter it plays, office hours in Shanghai, a movable clock."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import attrs

#: The company's time zone: it decides which day, week and quarter an instant belongs to.
COMPANY_TZ = ZoneInfo("Asia/Shanghai")

#: Office hours, local time, on business days (Monday to Friday).
OPENS = time(9, 0)
CLOSES = time(18, 0)

#: When the deadline sweep runs: several times a business day, once a day at weekends.
SWEEP_TIMES_BUSINESS_DAY = (time(10, 0), time(17, 0))
SWEEP_TIME_WEEKEND = time(12, 0)


@attrs.frozen(kw_only=True)
class Quarter:
    """A calendar quarter in the company's time zone, from its first instant to the next one."""

    year: int
    number: int

    @classmethod
    def last_full_before(cls, today: date) -> Quarter:
        """The most recent quarter that ended before `today`, so nothing in it lies ahead."""
        number = (today.month - 1) // 3  # the current quarter's number minus one
        if number == 0:
            return cls(year=today.year - 1, number=4)
        return cls(year=today.year, number=number)

    @property
    def label(self) -> str:
        return f"{self.year}-Q{self.number}"

    @property
    def first_day(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def end_day(self) -> date:
        """The first day after the quarter."""
        if self.number == 4:
            return date(self.year + 1, 1, 1)
        return date(self.year, 3 * self.number + 1, 1)

    @property
    def start(self) -> datetime:
        return local(self.first_day, time(0, 0))

    @property
    def end(self) -> datetime:
        return local(self.end_day, time(0, 0))

    def days(self) -> list[date]:
        count = (self.end_day - self.first_day).days
        return [self.first_day + timedelta(days=offset) for offset in range(count)]

    def business_days(self) -> list[date]:
        return [day for day in self.days() if is_business_day(day)]

    def week_of(self, instant: datetime) -> int:
        """Which week of the quarter an instant falls in, counting from 1."""
        return (instant.astimezone(COMPANY_TZ).date() - self.first_day).days // 7 + 1

    @property
    def weeks(self) -> int:
        return (len(self.days()) + 6) // 7


def local(day: date, at: time) -> datetime:
    """The instant of a local wall-clock time on a day, in the company's time zone."""
    return datetime.combine(day, at, tzinfo=COMPANY_TZ)


def is_business_day(day: date) -> bool:
    """Monday to Friday (public holidays are not modelled)."""
    return day.weekday() < 5


def next_business_moment(instant: datetime) -> datetime:
    """The instant itself inside office hours on a business day, else the next opening."""
    moment = instant.astimezone(COMPANY_TZ)
    day = moment.date()
    if is_business_day(day) and OPENS <= moment.time() < CLOSES:
        return moment
    if is_business_day(day) and moment.time() < OPENS:
        return local(day, OPENS)
    day += timedelta(days=1)
    while not is_business_day(day):
        day += timedelta(days=1)
    return local(day, OPENS)


def sweep_times(quarter: Quarter) -> list[datetime]:
    """Every instant the demo runs the deadline sweep, ending with a last one as the quarter
    closes so every deadline passed in the quarter is noticed in it."""
    times: list[datetime] = []
    for day in quarter.days():
        if is_business_day(day):
            times.extend(local(day, at) for at in SWEEP_TIMES_BUSINESS_DAY)
        else:
            times.append(local(day, SWEEP_TIME_WEEKEND))
    times.append(quarter.end - timedelta(seconds=1))
    return times


def first_after(times: Sequence[datetime], instant: datetime) -> datetime | None:
    """The first of the sorted `times` strictly after `instant`."""
    index = bisect_right(times, instant)
    return times[index] if index < len(times) else None


class SimulatedClock:
    """The demo's clock: it stands where the simulation has got to and only moves forward."""

    def __init__(self, start: datetime) -> None:
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def advance_to(self, instant: datetime) -> None:
        """Move to `instant`; a moment already passed leaves the clock where it is."""
        self._now = max(self._now, instant.astimezone(UTC))
