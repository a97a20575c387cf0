"""Business rules of complaint handling (DOMAIN §3 "rules"), each refused with its stable code."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest

from domain.complaint import decisions
from domain.complaint.events import (
    ComplaintClosed,
    ComplaintClosedUnresolved,
    ComplaintEscalated,
    ComplaintEvent,
    CustomerDissatisfied,
    CustomerSatisfied,
    ResolutionProposed,
)
from domain.complaint.state import Complaint
from domain.complaint.values import Channel, Status
from domain.shared.actor import Actor, Role
from domain.shared.errors import InvalidTransition, RuleViolation
from tests.domain.complaint_fixtures import (
    AGENT,
    ASSIGNEE,
    ASSIGNEE_ID,
    COMMENT,
    COMPLAINT_ID,
    DEPARTMENT,
    MANAGER,
    REMEDY_OFFERED,
    RESOLUTION,
    T0,
    actor,
    assigned,
    closed,
    dissatisfied,
    escalated,
    given,
    history,
    investigated,
    next_moment,
    paused,
    proposed,
    register_as,
    reopened,
    satisfied,
    then,
)

BLANKS = [
    pytest.param("", id="empty"),
    pytest.param("   ", id="spaces"),
    pytest.param("\t\n", id="tab-newline"),
    pytest.param("\u3000", id="ideographic-space"),
]

Attempt = Callable[[Complaint, str, datetime], list[ComplaintEvent]]

#: field: (the state it is sent in, the command with `text` in that field).
TEXT_FIELDS: dict[str, tuple[Status, Attempt]] = {
    "message": (
        Status.RECEIVED,
        lambda c, text, at: decisions.acknowledge(c, message=text, actor=AGENT, at=at),
    ),
    "department": (
        Status.CLASSIFIED,
        lambda c, text, at: decisions.assign(
            c, department=text, assignee_id=ASSIGNEE_ID, actor=MANAGER, at=at
        ),
    ),
    "assignee_id": (
        Status.CLASSIFIED,
        lambda c, text, at: decisions.assign(
            c, department=DEPARTMENT, assignee_id=text, actor=MANAGER, at=at
        ),
    ),
    "root_cause": (
        Status.ASSIGNED,
        lambda c, text, at: decisions.record_investigation(
            c, root_cause=text, findings="x", actor=ASSIGNEE, at=at
        ),
    ),
    "resolution": (
        Status.INVESTIGATING,
        lambda c, text, at: decisions.propose_resolution(
            c, resolution=text, remedy_offered=REMEDY_OFFERED, actor=ASSIGNEE, at=at
        ),
    ),
}


class TestABlankSummaryIsRefused:
    """A complaint is registered only with a summary that says something."""

    @pytest.mark.parametrize("summary", BLANKS)
    def test_blank_summary(self, summary: str) -> None:
        with pytest.raises(RuleViolation) as refused:
            register_as(AGENT, summary=summary)

        assert refused.value.code == "rule_violation"
        assert refused.value.details == {"field": "summary"}

    def test_a_one_character_chinese_summary_is_enough(self) -> None:
        (event,) = register_as(AGENT, summary="坏")

        assert given([event]).summary == "坏"

    @pytest.mark.parametrize("customer_id", BLANKS)
    def test_blank_customer_is_refused_too(self, customer_id: str) -> None:
        with pytest.raises(RuleViolation) as refused:
            decisions.register(
                complaint_id=COMPLAINT_ID,
                customer_id=customer_id,
                channel=Channel.ONLINE,
                summary="late delivery",
                remedy_sought="",
                order_id=None,
                actor=AGENT,
                at=T0,
            )

        assert refused.value.details == {"field": "customer_id"}


class TestOtherRequiredTextIsNotBlank:
    """Acknowledgement message, department, assignee, root cause and resolution say something."""

    @pytest.mark.parametrize("field", list(TEXT_FIELDS))
    @pytest.mark.parametrize("text", BLANKS)
    def test_blank_text_is_a_rule_violation(self, field: str, text: str) -> None:
        status, attempt = TEXT_FIELDS[field]
        past = history(status)

        with pytest.raises(RuleViolation) as refused:
            attempt(given(past), text, next_moment(past))

        assert refused.value.code == "rule_violation"
        assert refused.value.details == {"field": field}


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


class TestReopenOnlyFromAClosedState:
    """Only a closed complaint is reopened, and it goes back to investigating."""

    @pytest.mark.parametrize("status", [s for s in Status if not s.is_closed])
    def test_an_open_complaint_is_not_reopened(self, status: Status) -> None:
        past = history(status)

        with pytest.raises(InvalidTransition) as refused:
            decisions.reopen(given(past), actor=MANAGER, at=next_moment(past))

        assert refused.value.code == "invalid_transition"
        assert refused.value.details == {"status": status.value, "action": "reopen"}

    def test_each_reopening_is_counted(self) -> None:
        past = then(history(Status.CLOSED), reopened, proposed, satisfied, closed, reopened)

        complaint = given(past)

        assert (complaint.status, complaint.reopen_count) == (Status.INVESTIGATING, 2)

    def test_a_reopened_complaint_may_be_proposed_without_a_new_investigation(self) -> None:
        past = then(history(Status.CLOSED_UNRESOLVED), reopened)

        events = decisions.propose_resolution(
            given(past),
            resolution=RESOLUTION,
            remedy_offered=REMEDY_OFFERED,
            actor=ASSIGNEE,
            at=next_moment(past),
        )

        assert [type(event) for event in events] == [ResolutionProposed]


class TestAcknowledgeOnlyOnce:
    """The first response is given once."""

    def test_a_second_acknowledgement_is_an_invalid_transition(self) -> None:
        past = history(Status.ACKNOWLEDGED)

        with pytest.raises(InvalidTransition) as refused:
            decisions.acknowledge(given(past), message="again", actor=AGENT, at=next_moment(past))

        assert refused.value.details == {"status": "acknowledged", "action": "acknowledge"}
