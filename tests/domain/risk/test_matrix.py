"""The risk policy's numbers (DOMAIN §6): the 5x5 matrix cell by cell, the recommended
response, and the days to the next review by level."""

from __future__ import annotations

import pytest

from domain.risk.events import RiskAssessed
from domain.risk.matrix import Band, band, level_of, recommended_strategy
from domain.risk.values import Level, Strategy
from domain.shared.errors import RuleViolation
from tests.domain.risk.fixtures import (
    IDENTIFIED,
    OFFICER,
    SHANGHAI,
    assess,
    decide,
    given,
    history,
    in_shanghai,
    next_moment,
)

#: DOMAIN §6, copied by hand: likelihood rows 1-5, impact columns 1-5, 0 low ... 3 critical.
WRITTEN = """
L1 0 0 0 1 1
L2 0 0 1 1 2
L3 0 1 1 2 2
L4 1 1 2 3 3
L5 1 2 2 3 3
"""
NAMED = {"0": Level.LOW, "1": Level.MEDIUM, "2": Level.HIGH, "3": Level.CRITICAL}
CELLS = [
    pytest.param(likelihood, impact, NAMED[cell], id=f"L{likelihood}xI{impact}")
    for likelihood, row in enumerate(WRITTEN.split("\n")[1:6], start=1)
    for impact, cell in enumerate(row.split()[1:], start=1)
]

#: The policy's recommendation for every cell, by the bands 1-2 low, 3 medium, 4-5 high:
#: avoid (both high), reduce (likely, medium impact), transfer (unlikely, high impact),
#: accept (both low); "-" where the policy says nothing.
RECOMMENDED = """
L1 accept accept - transfer transfer
L2 accept accept - transfer transfer
L3 - - - - -
L4 - - reduce avoid avoid
L5 - - reduce avoid avoid
"""
RECOMMENDATIONS = [
    pytest.param(
        likelihood,
        impact,
        None if word == "-" else Strategy(word),
        id=f"L{likelihood}xI{impact}-{word}",
    )
    for likelihood, row in enumerate(RECOMMENDED.split("\n")[1:6], start=1)
    for impact, word in enumerate(row.split()[1:], start=1)
]


def test_the_written_tables_have_every_cell() -> None:
    assert len(CELLS) == len(RECOMMENDATIONS) == 25


class TestTheMatrix:
    """The level is read from the matrix as DOMAIN writes it, never entered."""

    @pytest.mark.parametrize(("likelihood", "impact", "level"), CELLS)
    def test_each_cell(self, likelihood: int, impact: int, level: Level) -> None:
        assert level_of(likelihood, impact) is level

    @pytest.mark.parametrize(("likelihood", "impact", "level"), CELLS)
    def test_an_assessment_records_the_cells_level(
        self, likelihood: int, impact: int, level: Level
    ) -> None:
        (event,), _ = decide(history(IDENTIFIED), assess(likelihood, impact), OFFICER)
        assert isinstance(event, RiskAssessed)
        assert (event.likelihood, event.impact, event.level) == (likelihood, impact, level)

    def test_the_most_likely_and_most_severe_risk_is_critical(self) -> None:
        (event,), after = decide(history(IDENTIFIED), assess(5, 5), OFFICER)
        assert isinstance(event, RiskAssessed)
        assert event.level is Level.CRITICAL
        assert given(after).level is Level.CRITICAL

    def test_levels_rank_as_the_matrix_numbers_them(self) -> None:
        assert [level.rank for level in Level] == [0, 1, 2, 3]

    @pytest.mark.parametrize(("likelihood", "impact"), [(0, 3), (6, 3), (3, 0), (3, 6)])
    def test_there_is_no_cell_outside_1_to_5(self, likelihood: int, impact: int) -> None:
        with pytest.raises(ValueError, match="run from 1 to 5"):
            level_of(likelihood, impact)


class TestScoresAreWholeNumbersFrom1To5:
    """An assessment outside the matrix is refused, naming the field."""

    @pytest.mark.parametrize("bad", [0, 6, -1, True])
    @pytest.mark.parametrize("field", ["likelihood", "impact"])
    def test_refused(self, field: str, bad: int) -> None:
        scores = {"likelihood": 3, "impact": 3} | {field: bad}
        past = history(IDENTIFIED)
        with pytest.raises(RuleViolation) as refused:
            assess(**scores)(given(past), OFFICER, next_moment(past))
        assert refused.value.details == {"field": field}


class TestTheRecommendedResponse:
    """The policy recommends a response for some cells and nothing for the rest."""

    @pytest.mark.parametrize(("likelihood", "impact", "strategy"), RECOMMENDATIONS)
    def test_each_cell(self, likelihood: int, impact: int, strategy: Strategy | None) -> None:
        assert recommended_strategy(likelihood, impact) is strategy

    @pytest.mark.parametrize(("likelihood", "impact", "strategy"), RECOMMENDATIONS)
    def test_an_assessment_records_it(
        self, likelihood: int, impact: int, strategy: Strategy | None
    ) -> None:
        (event,), _ = decide(history(IDENTIFIED), assess(likelihood, impact), OFFICER)
        assert isinstance(event, RiskAssessed)
        assert event.recommended_strategy is strategy

    @pytest.mark.parametrize(
        ("score", "expected"),
        [
            (1, Band.LOW),
            (2, Band.LOW),
            (3, Band.MEDIUM),
            (4, Band.HIGH),
            (5, Band.HIGH),
        ],
    )
    def test_the_bands_of_a_score(self, score: int, expected: Band) -> None:
        assert band(score) is expected


class TestTheNextReviewByLevel:
    """After an assessment the next review is 30 days on (critical), 60 (high), 90 (medium),
    180 (low), counted from the day of the assessment in the company's time zone."""

    @pytest.mark.parametrize(
        ("likelihood", "impact", "days"),
        [
            pytest.param(5, 5, 30, id="critical"),
            pytest.param(4, 3, 60, id="high"),
            pytest.param(3, 3, 90, id="medium"),
            pytest.param(1, 1, 180, id="low"),
        ],
    )
    def test_days(self, likelihood: int, impact: int, days: int) -> None:
        past = history(IDENTIFIED)
        (event,), _ = decide(past, assess(likelihood, impact), OFFICER)
        assert isinstance(event, RiskAssessed)
        assert (event.next_review_on - in_shanghai(next_moment(past))).days == days
        assert event.review_due.astimezone(SHANGHAI).time().isoformat() == "00:00:00"
        assert (event.review_due.astimezone(SHANGHAI).date() - event.next_review_on).days == 1
