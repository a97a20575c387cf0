"""Closing a complaint (DOMAIN §3): satisfied first, or unresolved after a proposal."""

from __future__ import annotations

import pytest

from domain.complaint import decisions
from domain.complaint.events import ComplaintClosed, ComplaintClosedUnresolved, ComplaintEvent
from domain.complaint.values import Status
from domain.shared.actor import Actor
from domain.shared.errors import InvalidTransition, RuleViolation
from tests.domain.complaint_fixtures import (
    AGENT,
    MANAGER,
    assigned,
    dissatisfied,
    escalated,
    given,
    history,
    next_moment,
    paused,
    proposed,
    reopened,
    satisfied,
    then,
)


def _close(past: list[ComplaintEvent], *, by: Actor = AGENT) -> list[ComplaintEvent]:
    return decisions.close(given(past), actor=by, at=next_moment(past))


class TestCloseOnlyAfterCustomerSatisfied:
    """A complaint is closed only once the customer said they are satisfied."""

    @pytest.mark.parametrize(
        "past",
        [
            pytest.param(history(Status.RESOLUTION_PROPOSED), id="proposal-awaiting-feedback"),
            pytest.param(
                then(history(Status.RESOLUTION_PROPOSED), dissatisfied), id="after-dissatisfied"
            ),
            pytest.param(then(history(Status.RESOLUTION_PROPOSED), paused), id="paused-proposal"),
            pytest.param(then(history(Status.CLOSED), reopened), id="reopened-after-satisfied"),
        ],
    )
    def test_not_satisfied_now_is_a_rule_violation(self, past: list[ComplaintEvent]) -> None:
        with pytest.raises(RuleViolation) as refused:
            _close(past)

        assert refused.value.code == "rule_violation"
        assert refused.value.details == {"status": given(past).status.value}

    def test_closing_twice_is_an_invalid_transition(self) -> None:
        with pytest.raises(InvalidTransition):
            _close(history(Status.CLOSED))

    def test_a_reopened_complaint_closes_after_a_fresh_satisfied_feedback(self) -> None:
        past = then(history(Status.CLOSED), reopened, proposed, satisfied)

        events = _close(past, by=MANAGER)

        assert events == [ComplaintClosed(occurred_at=next_moment(past), actor=MANAGER)]


#: Open states reached after at least one proposal, other than awaiting feedback.
AFTER_A_PROPOSAL = [
    pytest.param(history(Status.RESOLUTION_PROPOSED), id="awaiting-feedback"),
    pytest.param(then(history(Status.RESOLUTION_PROPOSED), dissatisfied), id="rejected"),
    pytest.param(then(history(Status.RESOLUTION_PROPOSED), paused), id="paused-proposal"),
    pytest.param(
        then(history(Status.RESOLUTION_PROPOSED), dissatisfied, paused), id="paused-after-rejection"
    ),
    pytest.param(
        then(history(Status.RESOLUTION_PROPOSED), dissatisfied, assigned),
        id="transferred-after-rejection",
    ),
    pytest.param(
        then(history(Status.RESOLUTION_PROPOSED), dissatisfied, escalated),
        id="escalated-after-rejection",
    ),
    pytest.param(then(history(Status.CLOSED_UNRESOLVED), reopened), id="reopened"),
]


class TestCloseUnresolvedOnlyOnceAResolutionWasProposed:
    """Closing unresolved is a final decision taken only after at least one proposal."""

    @pytest.mark.parametrize("past", AFTER_A_PROPOSAL)
    def test_any_open_state_after_a_proposal_may_be_closed_unresolved(
        self, past: list[ComplaintEvent]
    ) -> None:
        at = next_moment(past)

        events = decisions.close_unresolved(
            given(past), recourse_explained=True, actor=MANAGER, at=at
        )

        assert events == [
            ComplaintClosedUnresolved(occurred_at=at, actor=MANAGER, recourse_explained=True)
        ]
        assert given([*past, *events]).status is Status.CLOSED_UNRESOLVED

    @pytest.mark.parametrize(
        "past",
        [
            pytest.param(history(status), id=str(status))
            for status in (
                Status.RECEIVED,
                Status.ACKNOWLEDGED,
                Status.CLASSIFIED,
                Status.ASSIGNED,
                Status.INVESTIGATING,
                Status.PAUSED,
            )
        ]
        + [
            pytest.param(
                then(history(Status.INVESTIGATING), escalated, escalated),
                id="escalated-without-proposal",
            )
        ],
    )
    def test_without_any_proposal_it_is_a_rule_violation(self, past: list[ComplaintEvent]) -> None:
        with pytest.raises(RuleViolation) as refused:
            decisions.close_unresolved(
                given(past), recourse_explained=True, actor=MANAGER, at=next_moment(past)
            )

        assert refused.value.code == "rule_violation"

    @pytest.mark.parametrize("status", [Status.CLOSED, Status.CLOSED_UNRESOLVED])
    def test_a_closed_complaint_is_an_invalid_transition(self, status: Status) -> None:
        past = history(status)

        with pytest.raises(InvalidTransition):
            decisions.close_unresolved(
                given(past), recourse_explained=True, actor=MANAGER, at=next_moment(past)
            )


class TestCloseUnresolvedNeedsTheRecourseExplained:
    """The customer's recourse must be explained before a complaint is closed unresolved."""

    @pytest.mark.parametrize("past", AFTER_A_PROPOSAL)
    def test_recourse_not_explained_is_a_rule_violation(self, past: list[ComplaintEvent]) -> None:
        with pytest.raises(RuleViolation) as refused:
            decisions.close_unresolved(
                given(past), recourse_explained=False, actor=MANAGER, at=next_moment(past)
            )

        assert refused.value.code == "rule_violation"
        assert refused.value.details == {"field": "recourse_explained"}
