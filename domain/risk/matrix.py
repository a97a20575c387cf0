"""The risk policy's numbers: the 5x5 level matrix, the recommended response, review intervals."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType

from domain.risk.values import HIGHEST_SCORE, LEVELS, LOWEST_SCORE, Level, Strategy

#: The level of each likelihood (rows 1-5) and impact (columns 1-5), exactly as DOMAIN §6
#: writes it: 0 low, 1 medium, 2 high, 3 critical.
MATRIX: tuple[tuple[int, ...], ...] = (
    (0, 0, 0, 1, 1),  # likelihood 1
    (0, 0, 1, 1, 2),  # likelihood 2
    (0, 1, 1, 2, 2),  # likelihood 3
    (1, 1, 2, 3, 3),  # likelihood 4
    (1, 2, 2, 3, 3),  # likelihood 5
)

#: Days from an assessment or review to the next review, by the level in force.
REVIEW_DAYS: Mapping[Level, int] = MappingProxyType(
    {Level.CRITICAL: 30, Level.HIGH: 60, Level.MEDIUM: 90, Level.LOW: 180}
)


def is_score(value: object) -> bool:
    """A likelihood or impact score: a whole number from 1 to 5."""
    return (
        isinstance(value, int)
        and not isinstance(value, bool)
        and LOWEST_SCORE <= value <= HIGHEST_SCORE
    )


def level_of(likelihood: int, impact: int) -> Level:
    """The level the matrix gives a likelihood and an impact, each 1 to 5. It is derived,
    never entered."""
    if not (is_score(likelihood) and is_score(impact)):
        raise ValueError(f"likelihood and impact run from 1 to 5, not {likelihood!r}, {impact!r}")
    return LEVELS[MATRIX[likelihood - 1][impact - 1]]


class Band(enum.StrEnum):
    """How the policy's words read a 1-5 score: low is 1-2, medium is 3, high is 4-5."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


def band(score: int) -> Band:
    """Low (1-2), medium (3) or high (4-5): the policy's words for a likelihood or impact."""
    if score >= 4:
        return Band.HIGH
    return Band.MEDIUM if score == 3 else Band.LOW


#: The policy's recommended response by the bands of likelihood and impact; where it says
#: nothing (a likely but minor risk, anything of medium likelihood, an unlikely risk of medium
#: impact) there is no recommendation.
RECOMMENDED: Mapping[tuple[Band, Band], Strategy] = MappingProxyType(
    {
        (Band.HIGH, Band.HIGH): Strategy.AVOID,
        (Band.HIGH, Band.MEDIUM): Strategy.REDUCE,
        (Band.LOW, Band.HIGH): Strategy.TRANSFER,
        (Band.LOW, Band.LOW): Strategy.ACCEPT,
    }
)


def recommended_strategy(likelihood: int, impact: int) -> Strategy | None:
    """The response the policies recommend: avoid when likelihood and impact are both high,
    reduce when likelihood is high and impact medium, transfer when likelihood is low and
    impact high, accept when both are low; None where the policies recommend nothing."""
    return RECOMMENDED.get((band(likelihood), band(impact)))
