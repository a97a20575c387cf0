"""`evolve` folds every stored complaint event without refusing, and decisions are pure."""

from __future__ import annotations

import pytest
from freezegun import freeze_time

from domain.complaint.events import (
    ComplaintAcknowledged,
    ComplaintAssigned,
    ComplaintClassified,
    ComplaintClosed,
    ComplaintClosedUnresolved,
    ComplaintEscalated,
    ComplaintEvent,
    ComplaintPaused,
    ComplaintReceived,
    ComplaintReopened,
    ComplaintResumed,
    ComplaintSlaBreached,
    CustomerDissatisfied,
    CustomerSatisfied,
    InvestigationRecorded,
    ResolutionProposed,
)
from domain.complaint.state import Complaint, evolve
from domain.complaint.values import Severity, SlaKind, Status
from domain.shared.actor import Actor
from domain.shared.errors import DomainError
from domain.shared.events import event_types
from tests.catalogue_verbs import creating_verbs, verbs
from tests.domain.complaint_fixtures import (
    AGENT,
    ASSIGNEE,
    CLASSIFIED_AT,
    COMMANDS,
    HEAD,
    HOUR,
    MANAGER,
    OUTSIDER,
    RESOLUTION_DUE,
    SYSTEM,
    T0,
    acknowledged,
    assigned,
    breached,
    classified,
    closed,
    closed_unresolved,
    dissatisfied,
    escalated,
    given,
    history,
    investigated,
    next_moment,
    paused,
    proposed,
    received,
    reopened,
    resumed,
    run_sweep,
    satisfied,
)
from tests.domain.complaint_model import read

#: One instance of every complaint event type, all at the same business time.
ONE_OF_EACH: dict[type[ComplaintEvent], ComplaintEvent] = {
    ComplaintReceived: received(T0 + 100 * HOUR),
    ComplaintAcknowledged: acknowledged(T0 + 100 * HOUR),
    ComplaintClassified: classified(T0 + 100 * HOUR, severity=Severity.LOW),
    ComplaintAssigned: assigned(T0 + 100 * HOUR, assignee_id="u-other"),
    InvestigationRecorded: investigated(T0 + 100 * HOUR),
    ComplaintPaused: paused(T0 + 100 * HOUR),
    ComplaintResumed: resumed(T0 + 100 * HOUR, paused_seconds=600),
    ResolutionProposed: proposed(T0 + 100 * HOUR),
    CustomerSatisfied: satisfied(T0 + 100 * HOUR),
    CustomerDissatisfied: dissatisfied(T0 + 100 * HOUR),
    ComplaintClosed: closed(T0 + 100 * HOUR),
    ComplaintClosedUnresolved: closed_unresolved(T0 + 100 * HOUR),
    ComplaintReopened: reopened(T0 + 100 * HOUR),
    ComplaintEscalated: escalated(T0 + 100 * HOUR, level=4),
    ComplaintSlaBreached: breached(
        T0 + 100 * HOUR, which=SlaKind.RESOLUTION, deadline=RESOLUTION_DUE
    ),
}


def test_every_complaint_event_type_has_a_sample() -> None:
    # The registry, not `__subclasses__()`: attrs replaces each class by a slotted copy, and
    # the class it replaced stays among the subclasses until the garbage collector runs.
    registered = {cls for cls in event_types.values() if issubclass(cls, ComplaintEvent)}
    assert set(ONE_OF_EACH) == registered - {ComplaintEvent}


class TestEveryCanonicalHistoryFoldsToItsStatus:
    """Folding the events that lead to a status gives a complaint in that status."""

    @pytest.mark.parametrize("status", list(Status))
    def test_fold(self, status: Status) -> None:
        complaint = given(history(status))

        assert complaint.status is status
        assert complaint.is_open is not status.is_closed


class TestEvolveAcceptsEveryEventInEveryState:
    """Replay never refuses: any known event folds into a complaint in any state, leaving the
    status an independent reading of the events gives."""

    @pytest.mark.parametrize("status", list(Status))
    @pytest.mark.parametrize(
        "event", [pytest.param(event, id=type(event).__name__) for event in ONE_OF_EACH.values()]
    )
    def test_fold_any_event(self, status: Status, event: ComplaintEvent) -> None:
        past = history(status)

        complaint = evolve(given(past), event)

        assert isinstance(complaint, Complaint)
        assert complaint.status is read([*past, event]).status

    @pytest.mark.parametrize("status", list(Status))
    def test_a_breach_folded_twice_is_one_breach(self, status: Status) -> None:
        complaint = given(history(status))

        # A breach noticed twice (as an older sweep might have stored it) changes nothing.
        once = evolve(complaint, ONE_OF_EACH[ComplaintSlaBreached])
        twice = evolve(once, ONE_OF_EACH[ComplaintSlaBreached])

        assert twice == once


class TestEvolveRecordsWhatEachEventSays:
    """Each event leaves exactly its fact on the complaint."""

    def test_a_reclassification_keeps_the_first_classification_time(self) -> None:
        past = [*history(Status.ASSIGNED), classified(T0 + 9 * HOUR, severity=Severity.HIGH)]

        complaint = given(past)

        assert (complaint.status, complaint.severity, complaint.classified_at) == (
            Status.ASSIGNED,
            Severity.HIGH,
            CLASSIFIED_AT,
        )

    def test_an_escalation_never_lowers_the_level(self) -> None:
        past = [*history(Status.INVESTIGATING), escalated(level=3), escalated(level=1)]

        assert given(past).escalation_level == 3

    def test_breaches_accumulate_by_kind(self) -> None:
        past = [
            *history(Status.INVESTIGATING),
            breached(T0 + 30 * HOUR, which=SlaKind.ACKNOWLEDGEMENT, deadline=T0 + 24 * HOUR),
            breached(RESOLUTION_DUE + HOUR, which=SlaKind.RESOLUTION, deadline=RESOLUTION_DUE),
        ]

        assert given(past).breaches == {SlaKind.ACKNOWLEDGEMENT, SlaKind.RESOLUTION}

    def test_a_breach_does_not_change_the_status(self) -> None:
        past = [
            *history(Status.RECEIVED),
            breached(T0 + 30 * HOUR, which=SlaKind.ACKNOWLEDGEMENT, deadline=T0 + 24 * HOUR),
        ]

        assert given(past).status is Status.RECEIVED

    def test_paused_time_before_classification_is_not_counted(self) -> None:
        past = [
            *history(Status.ACKNOWLEDGED),
            paused(T0 + 2 * HOUR),
            resumed(T0 + 5 * HOUR, paused_seconds=3 * 3600),
        ]

        complaint = given(past)

        assert (complaint.status, complaint.paused_seconds_after_classification) == (
            Status.ACKNOWLEDGED,
            0,
        )


class TestEvolveIsDeterministic:
    """The same events always fold into the same complaint, and the events are left as they were."""

    @pytest.mark.parametrize("status", list(Status))
    def test_fold_twice(self, status: Status) -> None:
        events = history(status)
        copy = list(events)

        with freeze_time("2031-02-03T04:05:06Z"):
            first = given(events)
        with freeze_time("1999-12-31T23:59:59Z"):
            second = given(events)

        assert first == second
        assert events == copy


# --- decisions are pure ---------------------------------------------------------------------------

#: command: (a state it is allowed in, an actor allowed to send it).
SENDABLE: dict[str, tuple[Status, Actor]] = {
    "acknowledge": (Status.RECEIVED, AGENT),
    "classify": (Status.ACKNOWLEDGED, AGENT),
    "assign": (Status.CLASSIFIED, MANAGER),
    "record_investigation": (Status.ASSIGNED, HEAD),
    "pause": (Status.INVESTIGATING, ASSIGNEE),
    "resume": (Status.PAUSED, AGENT),
    "propose_resolution": (Status.INVESTIGATING, ASSIGNEE),
    "record_feedback": (Status.RESOLUTION_PROPOSED, AGENT),
    "close": (Status.RESOLVED, MANAGER),
    "close_unresolved": (Status.RESOLUTION_PROPOSED, MANAGER),
    "reopen": (Status.CLOSED, AGENT),
    "escalate": (Status.INVESTIGATING, MANAGER),
}


def test_every_command_in_the_catalogue_is_sendable() -> None:
    """A command the catalogue declares without a row here fails (register starts a history)."""
    assert set(SENDABLE) == verbs("complaint") - creating_verbs("complaint")


class TestDecisionsArePure:
    """A decision depends only on its inputs: no clock, no hidden state, no change to its input."""

    @pytest.mark.parametrize("command", list(SENDABLE))
    def test_same_inputs_same_events_whatever_the_wall_clock(self, command: str) -> None:
        status, who = SENDABLE[command]
        past = history(status)
        complaint = given(past)
        at = next_moment(past)

        with freeze_time("2031-02-03T04:05:06Z"):
            first = COMMANDS[command](complaint, who, at)
        with freeze_time("1999-12-31T23:59:59Z"):
            second = COMMANDS[command](complaint, who, at)

        assert first == second
        assert len(first) == 1
        assert complaint == given(past)
        assert complaint.status is status

    @pytest.mark.parametrize("command", list(SENDABLE))
    def test_same_inputs_same_refusal(self, command: str) -> None:
        past = history(SENDABLE[command][0])
        complaint = given(past)

        refusals = []
        for _ in range(2):
            with pytest.raises(DomainError) as refused:
                COMMANDS[command](complaint, OUTSIDER, next_moment(past))
            refusals.append((refused.value.code, refused.value.message, refused.value.details))

        assert refusals[0] == refusals[1]
        assert refusals[0][0] == "forbidden"

    def test_the_sweep_is_pure(self) -> None:
        complaint = given(history(Status.INVESTIGATING))
        now = RESOLUTION_DUE + HOUR

        with freeze_time("2040-01-01T00:00:00Z"):
            first = run_sweep(complaint, SYSTEM, now)
        second = run_sweep(complaint, SYSTEM, now)

        assert first == second
        assert [type(event) for event in first] == [ComplaintSlaBreached]
