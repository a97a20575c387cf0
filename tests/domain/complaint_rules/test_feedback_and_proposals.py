"""Feedback and proposals (DOMAIN §3): CSAT 1 to 5; a rejection reopens work; investigate first."""

from __future__ import annotations

import pytest

from domain.complaint import decisions
from domain.complaint.events import CustomerDissatisfied, CustomerSatisfied, ResolutionProposed
from domain.complaint.values import Status
from domain.shared.actor import Role
from domain.shared.errors import InvalidTransition, RuleViolation
from tests.domain.complaint_fixtures import (
    AGENT,
    ASSIGNEE,
    ASSIGNEE_ID,
    COMMENT,
    DEPARTMENT,
    REMEDY_OFFERED,
    RESOLUTION,
    actor,
    assigned,
    dissatisfied,
    given,
    history,
    investigated,
    next_moment,
    then,
)


class TestCsatIsAScoreFromOneToFive:
    """Feedback carries a CSAT score from 1 to 5, whether the customer is satisfied or not."""

    @pytest.mark.parametrize("satisfied_", [True, False], ids=["satisfied", "dissatisfied"])
    @pytest.mark.parametrize("csat", [-1, 0, 6, 10])
    def test_out_of_range_is_a_rule_violation(self, csat: int, satisfied_: bool) -> None:
        past = history(Status.RESOLUTION_PROPOSED)

        with pytest.raises(RuleViolation) as refused:
            decisions.record_feedback(
                given(past),
                satisfied=satisfied_,
                csat=csat,
                comment=COMMENT,
                actor=AGENT,
                at=next_moment(past),
            )

        assert refused.value.code == "rule_violation"
        assert refused.value.details == {"field": "csat", "value": csat}

    @pytest.mark.parametrize("csat", [1, 2, 3, 4, 5])
    @pytest.mark.parametrize(
        ("satisfied_", "event_type"),
        [(True, CustomerSatisfied), (False, CustomerDissatisfied)],
        ids=["satisfied", "dissatisfied"],
    )
    def test_one_to_five_is_recorded(
        self,
        csat: int,
        satisfied_: bool,
        event_type: type[CustomerSatisfied] | type[CustomerDissatisfied],
    ) -> None:
        past = history(Status.RESOLUTION_PROPOSED)
        at = next_moment(past)

        events = decisions.record_feedback(
            given(past), satisfied=satisfied_, csat=csat, comment=COMMENT, actor=AGENT, at=at
        )

        assert events == [event_type(occurred_at=at, actor=AGENT, csat=csat, comment=COMMENT)]
        assert given([*past, *events]).csat == csat


class TestDissatisfiedGoesBackToInvestigating:
    """A rejected proposal sends the complaint back to investigating for another proposal."""

    def test_the_complaint_is_investigating_again(self) -> None:
        past = then(history(Status.RESOLUTION_PROPOSED), lambda at: dissatisfied(at, csat=1))

        complaint = given(past)

        assert (complaint.status, complaint.csat, complaint.satisfied_at) == (
            Status.INVESTIGATING,
            1,
            None,
        )
        assert complaint.resolution_proposed is True

    def test_the_assignee_may_propose_again(self) -> None:
        past = then(history(Status.RESOLUTION_PROPOSED), dissatisfied)
        at = next_moment(past)

        events = decisions.propose_resolution(
            given(past),
            resolution="full refund",
            remedy_offered="refund 1299 CNY",
            actor=ASSIGNEE,
            at=at,
        )

        assert events == [
            ResolutionProposed(
                occurred_at=at,
                actor=ASSIGNEE,
                resolution="full refund",
                remedy_offered="refund 1299 CNY",
            )
        ]

    def test_no_second_feedback_without_a_new_proposal(self) -> None:
        past = then(history(Status.RESOLUTION_PROPOSED), dissatisfied)

        with pytest.raises(InvalidTransition):
            decisions.record_feedback(
                given(past), satisfied=True, csat=5, comment="", actor=AGENT, at=next_moment(past)
            )


class TestAProposalNeedsAnInvestigation:
    """A resolution is proposed only for a complaint whose investigation is on record."""

    def test_an_assigned_complaint_without_investigation_cannot_be_proposed(self) -> None:
        past = history(Status.ASSIGNED)

        with pytest.raises(InvalidTransition) as refused:
            decisions.propose_resolution(
                given(past),
                resolution=RESOLUTION,
                remedy_offered=REMEDY_OFFERED,
                actor=ASSIGNEE,
                at=next_moment(past),
            )

        assert refused.value.details["status"] == "assigned"

    def test_after_a_transfer_the_new_assignee_investigates_before_proposing(self) -> None:
        new_assignee = ASSIGNEE_ID + "-b"
        transferred = then(
            history(Status.INVESTIGATING), lambda at: assigned(at, assignee_id=new_assignee)
        )
        who = actor(new_assignee, Role.QUALITY_INSPECTOR, department=DEPARTMENT)

        with pytest.raises(InvalidTransition):
            decisions.propose_resolution(
                given(transferred),
                resolution=RESOLUTION,
                remedy_offered=REMEDY_OFFERED,
                actor=who,
                at=next_moment(transferred),
            )
        investigated_again = then(transferred, lambda at: investigated(at, by=who))
        events = decisions.propose_resolution(
            given(investigated_again),
            resolution=RESOLUTION,
            remedy_offered=REMEDY_OFFERED,
            actor=who,
            at=next_moment(investigated_again),
        )
        assert [type(event) for event in events] == [ResolutionProposed]
