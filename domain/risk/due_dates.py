"""When a risk's next review and its mitigation actions fall due, on the company's calendar."""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo

from domain.risk.matrix import REVIEW_DAYS
from domain.risk.values import Level
from domain.shared.period import local_date, start_of_day


def late_from(day: date, *, zone: tzinfo) -> datetime:
    """When something due on `day` becomes late: the first instant after that day in the
    company's time zone."""
    return start_of_day(day + timedelta(days=1), zone)


def next_review(level: Level, *, at: datetime, zone: tzinfo) -> tuple[date, datetime]:
    """The next review date after an assessment or review at `at`: 30 days on for a critical
    risk, 60 for high, 90 for medium, 180 for low, counted from the day `at` falls on in the
    company's time zone; and the instant from which that review is overdue."""
    day = local_date(at, zone) + timedelta(days=REVIEW_DAYS[level])
    return day, late_from(day, zone=zone)
