"""The checks on a project's plan, on the money recorded for it and on its schedule deadline."""

from __future__ import annotations

import decimal
from collections.abc import Sequence
from datetime import date, datetime, timedelta, tzinfo
from decimal import Decimal

from domain.project.values import WEIGHT_PLACES, Milestone
from domain.shared.errors import RuleViolation
from domain.shared.guards import require_text
from domain.shared.money import Money
from domain.shared.period import start_of_day

WHOLE = Decimal(1)

# Only to find out whether a weight is finer than a millionth; nothing rounded is kept.
_ROUNDING = decimal.Context(prec=60, traps=[])

#: The finest share a weight may name: a millionth.
FINEST_WEIGHT = Decimal(1).scaleb(-WEIGHT_PLACES)


def schedule_due(planned_end: date, *, zone: tzinfo) -> datetime:
    """When a project not yet accepted becomes late: the first instant after its planned end
    day in the company's time zone."""
    return start_of_day(planned_end + timedelta(days=1), zone)


def checked_amount(amount: Money, *, currency: str, field: str) -> Decimal:
    """An amount recorded for a project: above zero, in the project's currency."""
    if amount.currency != currency:
        raise RuleViolation(
            f"the amount is in {amount.currency}; this project is in {currency}", field=field
        )
    if amount.amount <= 0:
        raise RuleViolation(f"{field} must be above zero, not {amount}", field=field)
    return amount.amount


def checked_milestones(
    milestones: Sequence[Milestone], *, planned_start: date, planned_end: date
) -> tuple[Milestone, ...]:
    """A plan's milestones as the rules allow them: at least one, each named once, each due
    within the project's planned dates (both ends included), each weight a share above zero
    with at most six decimal places, and the weights adding up to exactly 1."""
    if not milestones:
        raise RuleViolation("a plan has at least one milestone", field="milestones")
    seen: set[str] = set()
    weights: list[Decimal] = []
    for index, milestone in enumerate(milestones):
        where = f"milestones[{index}]"
        require_text(milestone.name, f"{where}.name")
        if milestone.name in seen:
            raise RuleViolation(
                f"milestone {milestone.name} is named twice; each milestone is named once",
                field=f"{where}.name",
            )
        seen.add(milestone.name)
        _require_within(milestone.due, planned_start, planned_end, field=f"{where}.due")
        weights.append(_checked_weight(milestone.weight, field=f"{where}.weight"))
    weight_sum = sum(weights, Decimal(0))  # exact: each weight is at most 1, to 6 places
    if weight_sum != WHOLE:
        raise RuleViolation(
            f"the milestone weights add up to {weight_sum}, not exactly 1",
            field="milestones",
            weight_sum=str(weight_sum),
        )
    return tuple(milestones)


def _require_within(due: date, start: date, end: date, *, field: str) -> None:
    if isinstance(due, datetime) or not isinstance(due, date):
        raise RuleViolation(f"a milestone is due on a calendar day, not {due!r}", field=field)
    if not start <= due <= end:
        raise RuleViolation(
            f"a milestone is due within the project's dates, {start} to {end}, not on {due}",
            field=field,
        )


def _checked_weight(weight: Decimal, *, field: str) -> Decimal:
    if not isinstance(weight, Decimal) or not weight.is_finite():
        # Floats above all: 0.1 is not a tenth, and 0.1 + 0.2 + 0.7 is not 1.
        raise RuleViolation(f"a weight is an exact decimal number, not {weight!r}", field=field)
    if not 0 < weight <= WHOLE:
        raise RuleViolation(f"a weight is above 0 and at most 1, not {weight}", field=field)
    if weight.quantize(FINEST_WEIGHT, context=_ROUNDING) != weight:
        raise RuleViolation(
            f"a weight has at most {WEIGHT_PLACES} decimal places, not {weight}", field=field
        )
    return weight
