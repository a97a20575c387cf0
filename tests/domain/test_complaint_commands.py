"""Complaint commands on their happy path: given the past events, the exact events each decides."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.complaint import decisions
from domain.complaint.events import (
    ComplaintAcknowledged,
    ComplaintAssigned,
    ComplaintClassified,
    ComplaintClosed,
    ComplaintClosedUnresolved,
    ComplaintEscalated,
    ComplaintPaused,
    ComplaintReceived,
    ComplaintReopened,
    ComplaintResumed,
    CustomerSatisfied,
    InvestigationRecorded,
    ResolutionProposed,
)
from domain.complaint.values import Category, Channel, Severity, Status, WaitingFor
from domain.shared.actor import Actor
from tests.domain.complaint_fixtures import (
    AGENT,
    ASSIGNEE,
    ASSIGNEE_ID,
    COMMENT,
    COMPLAINT_ID,
    CUSTOMER_ID,
    DEPARTMENT,
    FINDINGS,
    HEAD,
    HOUR,
    MANAGER,
    MESSAGE,
    ORDER_ID,
    OTHER_DEPARTMENT,
    REMEDY_OFFERED,
    REMEDY_SOUGHT,
    RESOLUTION,
    ROOT_CAUSE,
    SUMMARY,
    T0,
    dissatisfied,
    given,
    history,
    next_moment,
    paused,
    then,
)


class TestRegisterRecordsTheComplaintAsReceived:
    """Customer service registers a complaint: one ComplaintReceived carrying what was said."""

    def test_the_event_carries_every_field_and_the_acknowledgement_deadline(self) -> None:
        events = decisions.register(
            complaint_id=COMPLAINT_ID,
            customer_id=CUSTOMER_ID,
            channel=Channel.EMAIL,
            summary=SUMMARY,
            remedy_sought=REMEDY_SOUGHT,
            order_id=ORDER_ID,
            actor=AGENT,
            at=T0,
        )

        assert events == [
            ComplaintReceived(
                occurred_at=T0,
                actor=AGENT,
                complaint_id=COMPLAINT_ID,
                customer_id=CUSTOMER_ID,
                channel=Channel.EMAIL,
                summary=SUMMARY,
                remedy_sought=REMEDY_SOUGHT,
                order_id=ORDER_ID,
                acknowledge_due=T0 + timedelta(hours=24),
            )
        ]

    @pytest.mark.parametrize("channel", list(Channel))
    def test_every_channel_is_accepted_without_an_order(self, channel: Channel) -> None:
        (event,) = decisions.register(
            complaint_id=COMPLAINT_ID,
            customer_id=CUSTOMER_ID,
            channel=channel,
            summary=SUMMARY,
            remedy_sought="",
            order_id=None,
            actor=AGENT,
            at=T0,
        )

        assert isinstance(event, ComplaintReceived)
        assert (event.channel, event.order_id, event.remedy_sought) == (channel, None, "")

    def test_the_folded_complaint_is_received_and_remembers_who_took_it(self) -> None:
        complaint = given(history(Status.RECEIVED))

        assert complaint.status is Status.RECEIVED
        assert complaint.id == COMPLAINT_ID
        assert complaint.summary == SUMMARY
        assert complaint.received_at == T0
        assert complaint.received_by == AGENT.id
        assert complaint.acknowledge_due == T0 + timedelta(hours=24)
        assert complaint.acknowledged_at is None


class TestAcknowledgeRecordsTheFirstResponse:
    """A received complaint is acknowledged with the message sent to the customer."""

    def test_acknowledging_a_received_complaint(self) -> None:
        past = history(Status.RECEIVED)
        at = next_moment(past)

        events = decisions.acknowledge(given(past), message=MESSAGE, actor=AGENT, at=at)

        assert events == [ComplaintAcknowledged(occurred_at=at, actor=AGENT, message=MESSAGE)]
        assert given([*past, *events]).acknowledged_at == at
        assert given([*past, *events]).status is Status.ACKNOWLEDGED


class TestClassifyFixesCategoryAndSeverity:
    """Classification records category and severity and fixes the resolution deadline."""

    @pytest.mark.parametrize("who", [AGENT, MANAGER], ids=["customer_service", "service_manager"])
    def test_classifying_an_acknowledged_complaint(self, who: Actor) -> None:
        past = history(Status.ACKNOWLEDGED)
        at = next_moment(past)

        events = decisions.classify(
            given(past), category=Category.BILLING, severity=Severity.HIGH, actor=who, at=at
        )

        assert events == [
            ComplaintClassified(
                occurred_at=at,
                actor=who,
                category=Category.BILLING,
                severity=Severity.HIGH,
                resolution_due=at + timedelta(days=5),
            )
        ]
        complaint = given([*past, *events])
        assert (complaint.status, complaint.category, complaint.severity) == (
            Status.CLASSIFIED,
            Category.BILLING,
            Severity.HIGH,
        )
        assert complaint.classified_at == at

    @pytest.mark.parametrize("status", [Status.ASSIGNED, Status.INVESTIGATING])
    def test_reclassifying_later_keeps_the_complaint_where_it_is(self, status: Status) -> None:
        past = history(status)

        events = decisions.classify(
            given(past),
            category=Category.SERVICE,
            severity=Severity.CRITICAL,
            actor=MANAGER,
            at=next_moment(past),
        )

        complaint = given([*past, *events])
        assert complaint.status is status
        assert (complaint.category, complaint.severity) == (Category.SERVICE, Severity.CRITICAL)


class TestAssignHandsTheComplaintToADepartment:
    """The service manager assigns a classified complaint to a department and an assignee."""

    def test_assigning_a_classified_complaint(self) -> None:
        past = history(Status.CLASSIFIED)
        at = next_moment(past)

        events = decisions.assign(
            given(past), department=DEPARTMENT, assignee_id=ASSIGNEE_ID, actor=MANAGER, at=at
        )

        assert events == [
            ComplaintAssigned(
                occurred_at=at, actor=MANAGER, department=DEPARTMENT, assignee_id=ASSIGNEE_ID
            )
        ]
        complaint = given([*past, *events])
        assert (complaint.status, complaint.department, complaint.assignee_id) == (
            Status.ASSIGNED,
            DEPARTMENT,
            ASSIGNEE_ID,
        )

    @pytest.mark.parametrize("status", [Status.ASSIGNED, Status.INVESTIGATING])
    def test_a_transfer_moves_it_to_the_new_department_and_back_to_assigned(
        self, status: Status
    ) -> None:
        past = history(status)

        events = decisions.assign(
            given(past),
            department=OTHER_DEPARTMENT,
            assignee_id="u-logistics-2",
            actor=MANAGER,
            at=next_moment(past),
        )

        complaint = given([*past, *events])
        assert (complaint.status, complaint.department, complaint.assignee_id) == (
            Status.ASSIGNED,
            OTHER_DEPARTMENT,
            "u-logistics-2",
        )


class TestRecordInvestigationMovesToInvestigating:
    """The assignee or the head of the assigned department records root cause and findings."""

    @pytest.mark.parametrize("who", [ASSIGNEE, HEAD], ids=["assignee", "department_head"])
    def test_recording_the_investigation_of_an_assigned_complaint(self, who: Actor) -> None:
        past = history(Status.ASSIGNED)
        at = next_moment(past)

        events = decisions.record_investigation(
            given(past), root_cause=ROOT_CAUSE, findings=FINDINGS, actor=who, at=at
        )

        assert events == [
            InvestigationRecorded(
                occurred_at=at, actor=who, root_cause=ROOT_CAUSE, findings=FINDINGS
            )
        ]
        complaint = given([*past, *events])
        assert complaint.status is Status.INVESTIGATING
        assert complaint.investigation_recorded is True

    def test_more_findings_may_be_recorded_while_investigating(self) -> None:
        past = history(Status.INVESTIGATING)

        events = decisions.record_investigation(
            given(past),
            root_cause="supplier change",
            findings="",
            actor=ASSIGNEE,
            at=next_moment(past),
        )

        assert [type(e) for e in events] == [InvestigationRecorded]
        assert given([*past, *events]).status is Status.INVESTIGATING


class TestPauseStopsTheClockWhileWaiting:
    """A complaint being worked on is paused while waiting for the customer or a third party."""

    @pytest.mark.parametrize("waiting_for", list(WaitingFor))
    def test_pausing_an_investigation(self, waiting_for: WaitingFor) -> None:
        past = history(Status.INVESTIGATING)
        at = next_moment(past)

        events = decisions.pause(given(past), waiting_for=waiting_for, actor=ASSIGNEE, at=at)

        assert events == [ComplaintPaused(occurred_at=at, actor=ASSIGNEE, waiting_for=waiting_for)]
        complaint = given([*past, *events])
        assert (complaint.status, complaint.paused_from, complaint.paused_at) == (
            Status.PAUSED,
            Status.INVESTIGATING,
            at,
        )
        assert complaint.waiting_for is waiting_for


class TestResumeReturnsToWhereItWasPaused:
    """Resuming records how long the complaint was paused and returns it to its earlier state."""

    def test_resume_records_the_paused_seconds(self) -> None:
        past = history(Status.PAUSED)
        at = past[-1].occurred_at + 3 * HOUR + timedelta(seconds=7)

        events = decisions.resume(given(past), actor=AGENT, at=at)

        assert events == [
            ComplaintResumed(occurred_at=at, actor=AGENT, paused_seconds=3 * 3600 + 7)
        ]

    @pytest.mark.parametrize(
        "status",
        [
            Status.ACKNOWLEDGED,
            Status.CLASSIFIED,
            Status.ASSIGNED,
            Status.INVESTIGATING,
            Status.RESOLUTION_PROPOSED,
        ],
    )
    def test_pause_then_resume_comes_back_to_the_same_state(self, status: Status) -> None:
        past = then(history(status), paused)

        events = decisions.resume(given(past), actor=AGENT, at=next_moment(past))

        complaint = given([*past, *events])
        assert complaint.status is status
        assert (complaint.paused_from, complaint.paused_at, complaint.waiting_for) == (
            None,
            None,
            None,
        )


class TestProposeResolutionOffersARemedy:
    """The assignee proposes a resolution for an investigated complaint."""

    def test_proposing_after_the_investigation(self) -> None:
        past = history(Status.INVESTIGATING)
        at = next_moment(past)

        events = decisions.propose_resolution(
            given(past),
            resolution=RESOLUTION,
            remedy_offered=REMEDY_OFFERED,
            actor=ASSIGNEE,
            at=at,
        )

        assert events == [
            ResolutionProposed(
                occurred_at=at,
                actor=ASSIGNEE,
                resolution=RESOLUTION,
                remedy_offered=REMEDY_OFFERED,
            )
        ]
        complaint = given([*past, *events])
        assert complaint.status is Status.RESOLUTION_PROPOSED
        assert complaint.resolution_proposed is True


class TestSatisfiedFeedbackResolvesTheComplaint:
    """The customer accepting the proposed resolution resolves the complaint with their score."""

    def test_recording_satisfied_feedback(self) -> None:
        past = history(Status.RESOLUTION_PROPOSED)
        at = next_moment(past)

        events = decisions.record_feedback(
            given(past), satisfied=True, csat=4, comment=COMMENT, actor=AGENT, at=at
        )

        assert events == [CustomerSatisfied(occurred_at=at, actor=AGENT, csat=4, comment=COMMENT)]
        complaint = given([*past, *events])
        assert (complaint.status, complaint.satisfied_at, complaint.csat) == (
            Status.RESOLVED,
            at,
            4,
        )


class TestCloseFinishesASatisfiedComplaint:
    """A resolved complaint is closed by customer service or the service manager."""

    @pytest.mark.parametrize("who", [AGENT, MANAGER], ids=["customer_service", "service_manager"])
    def test_closing_a_resolved_complaint(self, who: Actor) -> None:
        past = history(Status.RESOLVED)
        at = next_moment(past)

        events = decisions.close(given(past), actor=who, at=at)

        assert events == [ComplaintClosed(occurred_at=at, actor=who)]
        complaint = given([*past, *events])
        assert (complaint.status, complaint.closed_at, complaint.is_open) == (
            Status.CLOSED,
            at,
            False,
        )


class TestCloseUnresolvedIsTheFinalDecision:
    """The service manager closes a complaint unresolved after a rejected proposal."""

    def test_closing_unresolved_after_the_customer_rejected_the_proposal(self) -> None:
        past = then(history(Status.RESOLUTION_PROPOSED), dissatisfied)
        at = next_moment(past)

        events = decisions.close_unresolved(
            given(past), recourse_explained=True, actor=MANAGER, at=at
        )

        assert events == [
            ComplaintClosedUnresolved(occurred_at=at, actor=MANAGER, recourse_explained=True)
        ]
        complaint = given([*past, *events])
        assert (complaint.status, complaint.closed_at, complaint.is_open) == (
            Status.CLOSED_UNRESOLVED,
            at,
            False,
        )


class TestReopenSendsAClosedComplaintBackToInvestigating:
    """A closed complaint, satisfied or not, is reopened into investigating."""

    @pytest.mark.parametrize("status", [Status.CLOSED, Status.CLOSED_UNRESOLVED])
    @pytest.mark.parametrize("who", [AGENT, MANAGER], ids=["customer_service", "service_manager"])
    def test_reopening(self, status: Status, who: Actor) -> None:
        past = history(status)
        at = next_moment(past)

        events = decisions.reopen(given(past), actor=who, at=at)

        assert events == [ComplaintReopened(occurred_at=at, actor=who)]
        complaint = given([*past, *events])
        assert complaint.status is Status.INVESTIGATING
        assert (complaint.closed_at, complaint.satisfied_at, complaint.reopen_count) == (
            None,
            None,
            1,
        )


class TestEscalateRaisesTheLevel:
    """An open complaint is escalated to a level recorded on the complaint."""

    def test_escalating_a_fresh_complaint_to_level_one(self) -> None:
        past = history(Status.RECEIVED)
        at = next_moment(past)

        events = decisions.escalate(given(past), level=1, actor=AGENT, at=at)

        assert events == [ComplaintEscalated(occurred_at=at, actor=AGENT, level=1)]
        assert given([*past, *events]).escalation_level == 1

    def test_escalation_does_not_change_the_status(self) -> None:
        past = history(Status.PAUSED)

        events = decisions.escalate(given(past), level=2, actor=MANAGER, at=next_moment(past))

        complaint = given([*past, *events])
        assert (complaint.status, complaint.escalation_level) == (Status.PAUSED, 2)
