"""Escalating a complaint (DOMAIN §3 rules): each escalation to a higher level."""

from __future__ import annotations

import pytest

from domain.complaint import decisions
from domain.complaint.events import ComplaintEscalated
from domain.complaint.values import Status
from domain.shared.errors import InvalidTransition, RuleViolation
from tests.domain.complaint_fixtures import (
    AGENT,
    MANAGER,
    closed,
    escalated,
    given,
    history,
    next_moment,
    reopened,
    then,
)


class TestEscalationLevelMustRise:
    """Each escalation goes to a higher level than the complaint has reached."""

    @pytest.mark.parametrize("level", [0, -1])
    def test_levels_start_at_one(self, level: int) -> None:
        past = history(Status.INVESTIGATING)

        with pytest.raises(RuleViolation) as refused:
            decisions.escalate(given(past), level=level, actor=MANAGER, at=next_moment(past))

        assert refused.value.details == {"field": "level", "value": level}

    @pytest.mark.parametrize("level", [1, 2])
    def test_the_same_or_a_lower_level_is_a_rule_violation(self, level: int) -> None:
        past = then(history(Status.INVESTIGATING), lambda at: escalated(at, level=2))

        with pytest.raises(RuleViolation) as refused:
            decisions.escalate(given(past), level=level, actor=MANAGER, at=next_moment(past))

        assert refused.value.code == "rule_violation"
        assert refused.value.details == {"field": "level", "value": level}

    def test_a_higher_level_may_skip_levels(self) -> None:
        past = then(history(Status.INVESTIGATING), lambda at: escalated(at, level=1))
        at = next_moment(past)

        events = decisions.escalate(given(past), level=3, actor=AGENT, at=at)

        assert events == [ComplaintEscalated(occurred_at=at, actor=AGENT, level=3)]
        assert given([*past, *events]).escalation_level == 3

    def test_the_level_survives_reopening(self) -> None:
        past = then(history(Status.RESOLVED), lambda at: escalated(at, level=2), closed, reopened)

        with pytest.raises(RuleViolation):
            decisions.escalate(given(past), level=2, actor=MANAGER, at=next_moment(past))

    @pytest.mark.parametrize("status", [Status.CLOSED, Status.CLOSED_UNRESOLVED])
    def test_a_closed_complaint_is_not_escalated(self, status: Status) -> None:
        past = history(status)

        with pytest.raises(InvalidTransition):
            decisions.escalate(given(past), level=1, actor=MANAGER, at=next_moment(past))
