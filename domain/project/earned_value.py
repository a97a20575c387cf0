"""Earned value of a project as it stood at the end of any day (DOMAIN §4): BAC, PV, EV, AC."""

from __future__ import annotations

import decimal
from collections.abc import Callable, Iterable
from datetime import date, datetime, tzinfo
from decimal import ROUND_HALF_UP, Decimal

import attrs

from domain.project.state import Project
from domain.shared.period import local_date

#: Amounts are given to the cent, ratios to four decimal places, both rounded half up.
CENT = Decimal("0.01")
RATIO_PLACES = Decimal("0.0001")
ZERO = Decimal("0.00")
HUNDRED = Decimal(100)

#: Whether a business time falls on or before the day the figures are for.
_Day = Callable[[datetime], bool]

# Figures are computed exactly (stored amounts have two places, weights six, percentages
# none) and rounded once at the end. Nothing stored makes them raise: a value no decision would
# record counts for nothing.
_FIGURES = decimal.Context(prec=60, rounding=ROUND_HALF_UP, traps=[])


@attrs.frozen(kw_only=True)
class EarnedValue:
    """A project's earned value figures at the end of the day `on` (company time zone), in its
    currency. Amounts are to the cent; ratios to four places; a figure whose denominator is 0
    is None.

    - `bac`: budget at completion, the baseline cost in force that day (0 before any plan);
    - `pv`: planned value, BAC times the weight of the milestones due on or before that day;
    - `ev`: earned value, BAC times the sum of weight times percent complete (as recorded by
      that day) over the milestones;
    - `ac`: actual cost, every cost recorded by that day;
    - `sv` = EV - PV and `cv` = EV - AC, from the figures above;
    - `spi` = EV / PV, `cpi` = EV / AC, and `eac` = BAC / CPI (that is BAC x AC / EV, from the
      unrounded CPI).
    """

    on: date
    currency: str
    bac: Decimal
    pv: Decimal
    ev: Decimal
    ac: Decimal
    sv: Decimal
    cv: Decimal
    spi: Decimal | None
    cpi: Decimal | None
    eac: Decimal | None


def earned_value(project: Project, *, on: date, zone: tzinfo) -> EarnedValue:
    """Earned value at the end of the day `on`: the baseline in force, the milestones due and
    the progress and costs recorded by then, each placed on its day by its business time in the
    company's time zone. After a baseline change BAC is the new baseline from the change's day
    on; before it, the old one."""

    def by_then(at: datetime) -> bool:
        return local_date(at, zone) <= on

    bac = _cents(_baseline_on(project, by_then))
    milestones = [m for m in project.milestones if _finite(m.weight)]
    due_share = _sum(m.weight for m in milestones if m.due <= on)
    reached = _progress_by(project, by_then)
    earned_share = _sum(
        _FIGURES.multiply(m.weight, _FIGURES.divide(Decimal(reached.get(m.name, 0)), HUNDRED))
        for m in milestones
    )
    pv = _cents(_FIGURES.multiply(bac, due_share))
    ev = _cents(_FIGURES.multiply(bac, earned_share))
    ac = _cents(_sum(entry.amount for entry in project.cost_log if by_then(entry.at)))
    return EarnedValue(
        on=on,
        currency=project.currency,
        bac=bac,
        pv=pv,
        ev=ev,
        ac=ac,
        sv=_FIGURES.subtract(ev, pv),
        cv=_FIGURES.subtract(ev, ac),
        spi=_ratio(ev, pv),
        cpi=_ratio(ev, ac),
        eac=None if ev == 0 or ac == 0 else _cents(_FIGURES.divide(_FIGURES.multiply(bac, ac), ev)),
    )


def latest_earned_value(project: Project, *, zone: tzinfo) -> EarnedValue:
    """Earned value as the project stands: at the end of the day of its latest event."""
    return earned_value(project, on=local_date(project.last_event_at, zone), zone=zone)


def _baseline_on(project: Project, by_then: _Day) -> Decimal:
    """The baseline cost in force at the end of the day: the last one in effect by then."""
    in_force = [b.cost for b in project.baselines if by_then(b.effective_at) and _finite(b.cost)]
    return in_force[-1] if in_force else ZERO


def _progress_by(project: Project, by_then: _Day) -> dict[str, int]:
    """Each milestone's percent complete as last recorded by the end of the day."""
    reached: dict[str, int] = {}
    for entry in project.progress_log:
        percent = entry.percent_complete
        if by_then(entry.at) and isinstance(percent, int) and 0 <= percent <= 100:
            reached[entry.milestone] = percent
    return reached


def _sum(values: Iterable[Decimal]) -> Decimal:
    result = Decimal(0)
    for value in values:
        if _finite(value):
            result = _FIGURES.add(result, value)
    return result


def _cents(value: Decimal) -> Decimal:
    rounded = value.quantize(CENT, context=_FIGURES)
    return rounded if rounded.is_finite() else ZERO


def _ratio(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    if denominator == 0:
        return None
    return _FIGURES.divide(numerator, denominator).quantize(RATIO_PLACES, context=_FIGURES)


def _finite(value: object) -> bool:
    return isinstance(value, Decimal) and value.is_finite()
