"""The complaint SLA (DOMAIN §3): deadlines, paused time added back, and the breach sweep."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from domain.complaint import decisions
from domain.complaint.deadlines import overdue, sweep
from domain.complaint.events import ComplaintEvent, ComplaintResumed, ComplaintSlaBreached
from domain.complaint.values import Category, Channel, Severity, SlaKind, SlaPolicy, Status
from tests.domain.complaint_fixtures import (
    AGENT,
    CLASSIFIED_AT,
    COMPLAINT_ID,
    DAY,
    HOUR,
    RESOLUTION_DUE,
    SYSTEM,
    T0,
    acknowledged,
    breached,
    classified,
    closed_unresolved,
    dissatisfied,
    given,
    history,
    next_moment,
    paused,
    received,
    register_as,
    reopened,
    resumed,
    then,
)

SECOND = timedelta(seconds=1)
ACK_DUE = T0 + 24 * HOUR


def sweep_at(past: list[ComplaintEvent], now: datetime) -> list[ComplaintEvent]:
    """What the system's sweep decides for the complaint `past` made, at `now`."""
    return sweep(given(past), actor=SYSTEM, now=now)


def paused_for(past: list[ComplaintEvent], duration: timedelta) -> list[ComplaintEvent]:
    """`past`, then paused an hour later and resumed `duration` after that."""
    pause_at = next_moment(past)
    resume_at = pause_at + duration
    return [
        *past,
        paused(pause_at),
        resumed(resume_at, paused_seconds=int(duration.total_seconds())),
    ]


class TestAcknowledgementIsDueADayAfterReceipt:
    """The acknowledgement deadline is 24 hours after the business time of receipt."""

    def test_registration_fixes_the_deadline(self) -> None:
        received_at = T0 - 3 * DAY  # phoned in three days ago, entered now

        (event,) = register_as(AGENT, received_at)

        assert given([event]).acknowledge_due == received_at + timedelta(hours=24)

    def test_a_configured_policy_sets_another_deadline(self) -> None:
        (event,) = decisions.register(
            complaint_id=COMPLAINT_ID,
            customer_id="c-7",
            channel=Channel.IN_PERSON,
            summary="rude driver",
            remedy_sought="apology",
            order_id=None,
            actor=AGENT,
            at=T0,
            policy=SlaPolicy(acknowledge_within=timedelta(hours=4)),
        )

        assert given([event]).acknowledge_due == T0 + timedelta(hours=4)


class TestResolutionIsDueBySeverityAfterClassification:
    """Resolution is due 2, 5, 10 or 15 days after classification: critical to low."""

    @pytest.mark.parametrize(
        ("severity", "days"),
        [
            (Severity.CRITICAL, 2),
            (Severity.HIGH, 5),
            (Severity.MEDIUM, 10),
            (Severity.LOW, 15),
        ],
    )
    def test_classification_fixes_the_deadline(self, severity: Severity, days: int) -> None:
        past = history(Status.ACKNOWLEDGED)
        at = next_moment(past)

        events = decisions.classify(
            given(past), category=Category.DELIVERY, severity=severity, actor=AGENT, at=at
        )

        complaint = given([*past, *events])
        assert complaint.resolution_due == at + timedelta(days=days)
        assert complaint.effective_resolution_due == at + timedelta(days=days)

    def test_a_configured_policy_sets_other_days(self) -> None:
        past = history(Status.ACKNOWLEDGED)
        at = next_moment(past)
        policy = SlaPolicy(resolve_within={severity: timedelta(days=1) for severity in Severity})

        events = decisions.classify(
            given(past),
            category=Category.OTHER,
            severity=Severity.LOW,
            actor=AGENT,
            at=at,
            policy=policy,
        )

        assert given([*past, *events]).resolution_due == at + timedelta(days=1)

    def test_reclassification_counts_from_the_first_classification(self) -> None:
        past = history(Status.INVESTIGATING)  # classified medium at CLASSIFIED_AT

        events = decisions.classify(
            given(past),
            category=Category.PRODUCT_QUALITY,
            severity=Severity.CRITICAL,
            actor=AGENT,
            at=next_moment(past),
        )

        complaint = given([*past, *events])
        assert complaint.classified_at == CLASSIFIED_AT
        assert complaint.resolution_due == CLASSIFIED_AT + timedelta(days=2)

    def test_there_is_no_resolution_deadline_before_classification(self) -> None:
        complaint = given(history(Status.ACKNOWLEDGED))

        assert (complaint.resolution_due, complaint.effective_resolution_due) == (None, None)
        assert overdue(complaint, now=T0 + 365 * DAY) == []


class TestPausedTimeIsAddedBackToTheResolutionDeadline:
    """Time paused after classification does not count against the resolution SLA."""

    def test_resume_decides_the_paused_seconds_and_the_deadline_moves(self) -> None:
        past = history(Status.PAUSED)  # paused one hour after the investigation
        at = past[-1].occurred_at + 3 * HOUR

        events = decisions.resume(given(past), actor=AGENT, at=at)

        assert events == [ComplaintResumed(occurred_at=at, actor=AGENT, paused_seconds=10_800)]
        complaint = given([*past, *events])
        assert complaint.resolution_due == RESOLUTION_DUE
        assert complaint.effective_resolution_due == RESOLUTION_DUE + 3 * HOUR

    def test_every_pause_adds_up(self) -> None:
        past = paused_for(paused_for(history(Status.INVESTIGATING), 3 * HOUR), DAY)

        assert given(past).effective_resolution_due == RESOLUTION_DUE + 27 * HOUR

    def test_a_pause_before_classification_adds_nothing(self) -> None:
        past = paused_for(history(Status.ACKNOWLEDGED), 2 * DAY)
        classified_at = next_moment(past)
        past = [*past, classified(classified_at, severity=Severity.HIGH)]

        assert given(past).effective_resolution_due == classified_at + timedelta(days=5)

    def test_the_acknowledgement_deadline_is_never_moved(self) -> None:
        past = paused_for(history(Status.INVESTIGATING), 5 * DAY)

        assert given(past).acknowledge_due == ACK_DUE


class TestAcknowledgementBreach:
    """A complaint not acknowledged 24 hours after receipt is reported once by the sweep."""

    def test_not_overdue_at_the_deadline_itself(self) -> None:
        assert overdue(given(history(Status.RECEIVED)), now=ACK_DUE) == []

    def test_overdue_just_after_the_deadline(self) -> None:
        assert overdue(given(history(Status.RECEIVED)), now=ACK_DUE + SECOND) == [
            SlaKind.ACKNOWLEDGEMENT
        ]

    def test_the_sweep_reports_it_with_its_deadline(self) -> None:
        now = ACK_DUE + 5 * HOUR

        events = sweep_at(history(Status.RECEIVED), now)

        assert events == [
            ComplaintSlaBreached(
                occurred_at=now, actor=SYSTEM, which=SlaKind.ACKNOWLEDGEMENT, deadline=ACK_DUE
            )
        ]
        assert given([*history(Status.RECEIVED), *events]).breaches == {SlaKind.ACKNOWLEDGEMENT}

    def test_acknowledged_in_time_is_never_reported(self) -> None:
        assert sweep_at(history(Status.ACKNOWLEDGED), ACK_DUE + 30 * DAY) == []

    def test_acknowledged_late_is_not_reported_by_the_sweep(self) -> None:
        past = [received(T0), acknowledged(ACK_DUE + 6 * HOUR)]

        assert sweep_at(past, ACK_DUE + 7 * HOUR) == []

    def test_already_reported_is_not_reported_again(self) -> None:
        past = [
            received(T0),
            breached(ACK_DUE + HOUR, which=SlaKind.ACKNOWLEDGEMENT, deadline=ACK_DUE),
        ]

        assert overdue(given(past), now=ACK_DUE + 10 * DAY) == []
        assert sweep_at(past, ACK_DUE + 10 * DAY) == []


UNRESOLVED = [
    pytest.param(history(Status.CLASSIFIED), id="classified"),
    pytest.param(history(Status.ASSIGNED), id="assigned"),
    pytest.param(history(Status.INVESTIGATING), id="investigating"),
    pytest.param(history(Status.RESOLUTION_PROPOSED), id="resolution_proposed"),
    pytest.param(then(history(Status.RESOLUTION_PROPOSED), dissatisfied), id="rejected"),
]


class TestResolutionBreach:
    """A classified complaint not resolved by its deadline is reported once by the sweep."""

    @pytest.mark.parametrize("past", UNRESOLVED)
    def test_not_overdue_at_the_deadline_itself(self, past: list[ComplaintEvent]) -> None:
        assert overdue(given(past), now=RESOLUTION_DUE) == []

    @pytest.mark.parametrize("past", UNRESOLVED)
    def test_unresolved_after_the_deadline_is_reported(self, past: list[ComplaintEvent]) -> None:
        now = RESOLUTION_DUE + SECOND

        assert overdue(given(past), now=now) == [SlaKind.RESOLUTION]
        assert sweep_at(past, now) == [
            ComplaintSlaBreached(
                occurred_at=now, actor=SYSTEM, which=SlaKind.RESOLUTION, deadline=RESOLUTION_DUE
            )
        ]

    @pytest.mark.parametrize(
        "status", [Status.RESOLVED, Status.CLOSED, Status.CLOSED_UNRESOLVED, Status.PAUSED]
    )
    def test_resolved_closed_or_paused_is_never_reported(self, status: Status) -> None:
        assert sweep_at(history(status), RESOLUTION_DUE + 100 * DAY) == []

    def test_a_critical_complaint_is_overdue_after_two_days(self) -> None:
        classified_at = T0 + 2 * HOUR
        past = [
            received(T0),
            acknowledged(T0 + HOUR),
            classified(classified_at, severity=Severity.CRITICAL),
        ]
        due = classified_at + 2 * DAY

        assert sweep_at(past, due - SECOND) == []
        assert sweep_at(past, due + SECOND) == [
            ComplaintSlaBreached(
                occurred_at=due + SECOND, actor=SYSTEM, which=SlaKind.RESOLUTION, deadline=due
            )
        ]

    def test_a_pause_across_the_deadline_moves_the_breach(self) -> None:
        investigating = history(Status.INVESTIGATING)
        pause_at = next_moment(investigating)
        resume_at = RESOLUTION_DUE + DAY
        paused_seconds = int((resume_at - pause_at).total_seconds())
        past = [
            *investigating,
            paused(pause_at),
            resumed(resume_at, paused_seconds=paused_seconds),
        ]
        moved_due = RESOLUTION_DUE + timedelta(seconds=paused_seconds)

        assert sweep_at(past[:-1], RESOLUTION_DUE + HOUR) == []  # while paused
        assert sweep_at(past, resume_at + HOUR) == []
        assert sweep_at(past, moved_due) == []
        assert sweep_at(past, moved_due + SECOND) == [
            ComplaintSlaBreached(
                occurred_at=moved_due + SECOND,
                actor=SYSTEM,
                which=SlaKind.RESOLUTION,
                deadline=moved_due,
            )
        ]

    def test_already_reported_is_not_reported_again(self) -> None:
        past = [
            *history(Status.INVESTIGATING),
            breached(RESOLUTION_DUE + HOUR, which=SlaKind.RESOLUTION, deadline=RESOLUTION_DUE),
        ]

        assert sweep_at(past, RESOLUTION_DUE + 20 * DAY) == []

    def test_a_late_acknowledgement_does_not_hide_a_resolution_breach(self) -> None:
        past = [
            received(T0),
            acknowledged(ACK_DUE + HOUR),
            classified(ACK_DUE + 2 * HOUR, severity=Severity.HIGH),
        ]
        due = ACK_DUE + 2 * HOUR + 5 * DAY

        assert overdue(given(past), now=due + SECOND) == [SlaKind.RESOLUTION]


class TestEachBreachIsReportedExactlyOnce:
    """However often the sweep runs, each breach appears in the history exactly once."""

    @staticmethod
    def sweep_repeatedly(
        past: list[ComplaintEvent], *, until: datetime, every: timedelta
    ) -> list[ComplaintEvent]:
        now = next_moment(past)
        while now <= until:
            past = [*past, *sweep_at(past, now)]
            now += every
        return past

    def test_an_unacknowledged_complaint_is_reported_once(self) -> None:
        past = self.sweep_repeatedly(history(Status.RECEIVED), until=T0 + 30 * DAY, every=HOUR)

        breaches = [event for event in past if isinstance(event, ComplaintSlaBreached)]
        assert breaches == [
            ComplaintSlaBreached(
                occurred_at=T0 + 25 * HOUR,
                actor=SYSTEM,
                which=SlaKind.ACKNOWLEDGEMENT,
                deadline=ACK_DUE,
            )
        ]

    def test_an_unresolved_complaint_is_reported_once_at_the_first_sweep_after_its_deadline(
        self,
    ) -> None:
        start = history(Status.INVESTIGATING)
        past = self.sweep_repeatedly(start, until=T0 + 40 * DAY, every=6 * HOUR)

        breaches = [event for event in past if isinstance(event, ComplaintSlaBreached)]
        first_sweep_after_due = next_moment(start) + 40 * 6 * HOUR
        assert first_sweep_after_due - 6 * HOUR <= RESOLUTION_DUE < first_sweep_after_due
        assert breaches == [
            ComplaintSlaBreached(
                occurred_at=first_sweep_after_due,
                actor=SYSTEM,
                which=SlaKind.RESOLUTION,
                deadline=RESOLUTION_DUE,
            )
        ]


class TestTheClockStandsStillWhileResolvedOrClosed:
    """A reopened complaint gets back the time it spent resolved or closed, so a complaint
    resolved on time is not reported late just because it was reopened."""

    def test_reopened_after_the_deadline_is_not_yet_overdue(self) -> None:
        closed_events = history(Status.CLOSED)
        satisfied_at = closed_events[-2].occurred_at
        reopen_at = RESOLUTION_DUE + 3 * DAY
        past = [*closed_events, reopened(reopen_at)]
        complaint = given(past)
        expected_due = RESOLUTION_DUE + (reopen_at - satisfied_at)
        assert complaint.effective_resolution_due == expected_due
        assert sweep_at(past, reopen_at + HOUR) == []
        assert overdue(complaint, now=expected_due + SECOND) == [SlaKind.RESOLUTION]

    def test_closed_unresolved_then_reopened_counts_from_the_closing(self) -> None:
        closed_events = history(Status.CLOSED_UNRESOLVED)
        closed_at = closed_events[-1].occurred_at
        reopen_at = closed_at + 5 * DAY
        complaint = given([*closed_events, reopened(reopen_at)])
        assert complaint.effective_resolution_due == RESOLUTION_DUE + (reopen_at - closed_at)


class TestTheSweepJudgesDeadlinesAtItsOwnNow:
    """A breach may be dated a little later than the sweep's clock (never before the latest
    event), but whether a deadline has passed is judged at the sweep's now."""

    def test_not_overdue_now_even_if_dated_after_the_deadline(self) -> None:
        past = [received(T0)]
        now = ACK_DUE - SECOND
        assert sweep(given(past), actor=SYSTEM, now=now, dated=ACK_DUE + 4 * 60 * SECOND) == []

    def test_overdue_now_is_dated_as_asked(self) -> None:
        past = [received(T0)]
        dated = ACK_DUE + 10 * SECOND
        (event,) = sweep(given(past), actor=SYSTEM, now=ACK_DUE + SECOND, dated=dated)
        assert isinstance(event, ComplaintSlaBreached)
        assert event.occurred_at == dated


class TestClosingUnresolvedWhilePausedEndsThePause:
    """Closed unresolved while paused: the pause ends there, its time counts as paused time, and
    a reopened complaint no longer says it waits for anyone."""

    def test_pause_time_is_added_back_and_the_pause_is_cleared(self) -> None:
        past = then(history(Status.RESOLUTION_PROPOSED), dissatisfied)
        paused_at = next_moment(past)
        closed_at = paused_at + 2 * DAY
        complaint = given([*past, paused(paused_at), closed_unresolved(closed_at)])
        assert complaint.status is Status.CLOSED_UNRESOLVED
        assert (complaint.paused_at, complaint.paused_from, complaint.waiting_for) == (
            None,
            None,
            None,
        )
        assert complaint.paused_seconds_after_classification == int(
            (closed_at - paused_at).total_seconds()
        )
