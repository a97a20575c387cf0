"""The arithmetic KPI figures share: percentages, means, medians and the 90th percentile."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

#: Decimal places of percentages, hours and days in reports.
PLACES = 2


def pct(part: int, whole: int) -> float | None:
    """`part` of `whole` as a percentage rounded to 2 places; None when `whole` is 0."""
    if whole == 0:
        return None
    return round(100 * part / whole, PLACES)


def mean(values: Sequence[float]) -> float | None:
    return round(math.fsum(values) / len(values), PLACES) if values else None


def median(values: Sequence[float]) -> float | None:
    """The middle value (the mean of the two middle ones for an even count)."""
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return round(ordered[middle], PLACES)
    return round((ordered[middle - 1] + ordered[middle]) / 2, PLACES)


def p90(values: Sequence[float]) -> float | None:
    """The 90th percentile by the nearest-rank method: the ⌈0.9·n⌉-th smallest value."""
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[math.ceil(0.9 * len(ordered)) - 1], PLACES)


def hours(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / 3600


def days(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / 86400


def money(amount: Decimal) -> str:
    """An amount as a decimal string, exactly."""
    return str(amount)
