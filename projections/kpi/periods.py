"""Which facts fall in a reporting period: by an instant's day in the company's time zone, or
by a calendar date."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import tzinfo
from typing import Any

from domain.shared.period import Period


def in_period(
    rows: Sequence[Mapping[str, Any]], column: str, period: Period, zone: tzinfo
) -> list[Mapping[str, Any]]:
    """The rows whose instant `column` is set and falls in the period on the company's
    calendar (an instant late on 31 July in UTC is 1 August in Shanghai)."""
    return [row for row in rows if row[column] is not None and period.contains(row[column], zone)]


def dated_in(
    rows: Sequence[Mapping[str, Any]], column: str, period: Period
) -> list[Mapping[str, Any]]:
    """The rows whose calendar date `column` is set and lies in the period."""
    return [
        row
        for row in rows
        if row[column] is not None and period.first_day <= row[column] <= period.last_day
    ]
