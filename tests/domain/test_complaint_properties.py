"""Properties of complaint handling over generated histories and generated command sequences,
each compared with an independent account of DOMAIN §3 (`tests/domain/complaint_model.py`)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import hypothesis
import pytest
from hypothesis import strategies as st

from domain.complaint import decisions
from domain.complaint.deadlines import next_deadline, sweep
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
from domain.complaint.values import Category, Channel, Severity, SlaKind, Status, WaitingFor
from domain.shared.actor import Actor, Role
from domain.shared.errors import DomainError
from domain.shared.events import event_types
from tests.domain.complaint_fixtures import (
    AGENT,
    ASSIGNEE,
    ASSIGNEE_ID,
    COMMENT,
    DEPARTMENT,
    FINDINGS,
    HEAD,
    MANAGER,
    MESSAGE,
    OTHER_DEPARTMENT,
    OTHER_HEAD,
    OUTSIDER,
    REMEDY_OFFERED,
    RESOLUTION,
    ROOT_CAUSE,
    SYSTEM,
    T0,
    actor,
    given,
    register_as,
)
from tests.domain.complaint_model import (
    RESOLVE_WITHIN,
    Accepted,
    Command,
    Model,
    Refused,
    read,
)

instants = st.datetimes(
    min_value=datetime(2020, 1, 1),  # hypothesis takes naive bounds
    max_value=datetime(2035, 12, 31),
    timezones=st.just(UTC),
)
actors = st.sampled_from([AGENT, MANAGER, ASSIGNEE, HEAD, OUTSIDER, SYSTEM])
texts = st.text(max_size=20)

receipts: st.SearchStrategy[ComplaintReceived] = st.builds(
    ComplaintReceived,
    occurred_at=instants,
    actor=actors,
    complaint_id=st.uuids(),
    customer_id=texts,
    channel=st.sampled_from(Channel),
    summary=texts,
    remedy_sought=texts,
    acknowledge_due=instants,
    order_id=st.none() | texts,
)

#: A strategy for every complaint event type, with any field values a stored event may hold.
EVENTS: dict[type[ComplaintEvent], st.SearchStrategy[ComplaintEvent]] = {
    ComplaintReceived: receipts,
    ComplaintAcknowledged: st.builds(
        ComplaintAcknowledged, occurred_at=instants, actor=actors, message=texts
    ),
    ComplaintClassified: st.builds(
        ComplaintClassified,
        occurred_at=instants,
        actor=actors,
        category=st.sampled_from(Category),
        severity=st.sampled_from(Severity),
        resolution_due=instants,
    ),
    ComplaintAssigned: st.builds(
        ComplaintAssigned, occurred_at=instants, actor=actors, department=texts, assignee_id=texts
    ),
    InvestigationRecorded: st.builds(
        InvestigationRecorded, occurred_at=instants, actor=actors, root_cause=texts, findings=texts
    ),
    ComplaintPaused: st.builds(
        ComplaintPaused, occurred_at=instants, actor=actors, waiting_for=st.sampled_from(WaitingFor)
    ),
    ComplaintResumed: st.builds(
        ComplaintResumed,
        occurred_at=instants,
        actor=actors,
        paused_seconds=st.integers(min_value=0, max_value=10 * 365 * 86_400),
    ),
    ResolutionProposed: st.builds(
        ResolutionProposed,
        occurred_at=instants,
        actor=actors,
        resolution=texts,
        remedy_offered=texts,
    ),
    CustomerSatisfied: st.builds(
        CustomerSatisfied, occurred_at=instants, actor=actors, csat=st.integers(1, 5), comment=texts
    ),
    CustomerDissatisfied: st.builds(
        CustomerDissatisfied,
        occurred_at=instants,
        actor=actors,
        csat=st.integers(1, 5),
        comment=texts,
    ),
    ComplaintClosed: st.builds(ComplaintClosed, occurred_at=instants, actor=actors),
    ComplaintClosedUnresolved: st.builds(
        ComplaintClosedUnresolved,
        occurred_at=instants,
        actor=actors,
        recourse_explained=st.booleans(),
    ),
    ComplaintReopened: st.builds(ComplaintReopened, occurred_at=instants, actor=actors),
    ComplaintEscalated: st.builds(
        ComplaintEscalated, occurred_at=instants, actor=actors, level=st.integers(1, 9)
    ),
    ComplaintSlaBreached: st.builds(
        ComplaintSlaBreached,
        occurred_at=instants,
        actor=actors,
        which=st.sampled_from(SlaKind),
        deadline=instants,
    ),
}
any_event: st.SearchStrategy[ComplaintEvent] = st.one_of(*EVENTS.values())


def test_every_complaint_event_type_is_generated() -> None:
    # The registry, not `__subclasses__()`: attrs replaces each class by a slotted copy, and
    # the class it replaced stays among the subclasses until the garbage collector runs.
    registered = {cls for cls in event_types.values() if issubclass(cls, ComplaintEvent)}
    assert set(EVENTS) == registered - {ComplaintEvent}


class TestEvolveReadsAnyStoredHistoryAsItsEventsSayIt:
    """Whatever events were stored after a ComplaintReceived, in whatever order, `evolve` folds
    them without refusing, and the complaint states what an independent reading of the same
    events states: its status, deadlines, assignment, feedback, escalation and breaches."""

    @hypothesis.settings(max_examples=300, deadline=None)
    @hypothesis.given(first=receipts, rest=st.lists(any_event, max_size=40))
    def test_any_sequence_folds_to_what_it_says(
        self, first: ComplaintReceived, rest: list[ComplaintEvent]
    ) -> None:
        complaint = given([first, *rest])

        expected = read([first, *rest])
        assert complaint.status is expected.status
        assert (complaint.received_at, complaint.acknowledge_due) == (
            expected.received_at,
            expected.acknowledge_due,
        )
        assert complaint.acknowledged_at == expected.acknowledged_at
        assert (complaint.classified_at, complaint.severity, complaint.resolution_due) == (
            expected.classified_at,
            expected.severity,
            expected.resolution_due,
        )
        assert (complaint.department, complaint.assignee_id) == (
            expected.department,
            expected.assignee_id,
        )
        assert (complaint.investigation_recorded, complaint.resolution_proposed) == (
            expected.investigation_recorded,
            expected.resolution_proposed,
        )
        assert complaint.csat == expected.csat
        assert complaint.escalation_level == expected.escalation_level
        assert complaint.reopen_count == expected.reopen_count
        assert complaint.breaches == expected.breaches


# --- random command sequences against the model ---------------------------------------------------

NEW_ASSIGNEE_ID = "u-logistics-2"

#: Holds every role the complaint commands name (and `system`), is the assignee and heads the
#: assigned department: the walk sends most commands as this actor so that it gets far.
ANYONE_ALLOWED = actor(
    ASSIGNEE_ID,
    Role.CUSTOMER_SERVICE,
    Role.SERVICE_MANAGER,
    Role.DEPARTMENT_HEAD,
    Role.SYSTEM,
    department=DEPARTMENT,
)
NEW_ASSIGNEE = actor(NEW_ASSIGNEE_ID, Role.OPERATIONS, department=OTHER_DEPARTMENT)
WALK_ACTORS = [
    ANYONE_ALLOWED,
    AGENT,
    MANAGER,
    ASSIGNEE,
    NEW_ASSIGNEE,
    HEAD,
    OTHER_HEAD,
    OUTSIDER,
    SYSTEM,
    actor("u-auditor", Role.AUDITOR),
]

#: Every command the walk may send, with the payload values the model needs to know.
WALK: dict[str, Command] = {
    "acknowledge": Command("acknowledge"),
    **{f"classify_{severity}": Command("classify", severity=severity) for severity in Severity},
    "assign": Command("assign", department=DEPARTMENT, assignee_id=ASSIGNEE_ID),
    "transfer": Command("assign", department=OTHER_DEPARTMENT, assignee_id=NEW_ASSIGNEE_ID),
    "record_investigation": Command("record_investigation"),
    "pause": Command("pause"),
    "resume": Command("resume"),
    "propose_resolution": Command("propose_resolution"),
    "record_satisfied": Command("record_feedback", satisfied=True),
    "record_dissatisfied": Command("record_feedback", satisfied=False),
    "close": Command("close"),
    "close_unresolved": Command("close_unresolved"),
    "reopen": Command("reopen"),
    **{f"escalate_{level}": Command("escalate", level=level) for level in (1, 2, 3)},
    "sweep": Command("sweep"),
}
#: The commands that move a complaint in each status along DOMAIN §3's roads.
ONWARD: dict[Status, frozenset[str]] = {
    # The sweep too, so that acknowledgements are sometimes overdue.
    Status.RECEIVED: frozenset({"acknowledge", "sweep"}),
    Status.ACKNOWLEDGED: frozenset({"classify_medium", "classify_critical"}),
    Status.CLASSIFIED: frozenset({"assign"}),
    Status.ASSIGNED: frozenset({"record_investigation"}),
    Status.INVESTIGATING: frozenset({"propose_resolution"}),
    Status.RESOLUTION_PROPOSED: frozenset(
        {"record_satisfied", "record_dissatisfied", "close_unresolved"}
    ),
    Status.RESOLVED: frozenset({"close", "close_unresolved"}),
    Status.CLOSED: frozenset({"reopen"}),
    Status.CLOSED_UNRESOLVED: frozenset({"reopen"}),
    Status.PAUSED: frozenset({"resume"}),
}


def send(command: Command, complaint: Complaint, who: Actor, at: datetime) -> list[ComplaintEvent]:
    """The production decision (or the sweep) for the command."""
    match command.verb:
        case "acknowledge":
            return decisions.acknowledge(complaint, message=MESSAGE, actor=who, at=at)
        case "classify":
            return decisions.classify(
                complaint, category=Category.DELIVERY, severity=command.severity, actor=who, at=at
            )
        case "assign":
            return decisions.assign(
                complaint,
                department=command.department,
                assignee_id=command.assignee_id,
                actor=who,
                at=at,
            )
        case "record_investigation":
            return decisions.record_investigation(
                complaint, root_cause=ROOT_CAUSE, findings=FINDINGS, actor=who, at=at
            )
        case "pause":
            return decisions.pause(complaint, waiting_for=WaitingFor.CUSTOMER, actor=who, at=at)
        case "resume":
            return decisions.resume(complaint, actor=who, at=at)
        case "propose_resolution":
            return decisions.propose_resolution(
                complaint, resolution=RESOLUTION, remedy_offered=REMEDY_OFFERED, actor=who, at=at
            )
        case "record_feedback":
            return decisions.record_feedback(
                complaint, satisfied=command.satisfied, csat=3, comment=COMMENT, actor=who, at=at
            )
        case "close":
            return decisions.close(complaint, actor=who, at=at)
        case "close_unresolved":
            return decisions.close_unresolved(complaint, recourse_explained=True, actor=who, at=at)
        case "reopen":
            return decisions.reopen(complaint, actor=who, at=at)
        case "escalate":
            return decisions.escalate(complaint, level=command.level, actor=who, at=at)
        case "sweep":
            return sweep(complaint, actor=who, now=at)
    raise AssertionError(f"no decision for {command.verb}")


def _accepts(model: Model, command: Command, who: Actor, at: datetime) -> bool:
    return isinstance(model.attempt(command, who, at)[0], Accepted)


def _assert_as_modelled(
    expected: Accepted | Refused, command: Command, complaint: Complaint, who: Actor, at: datetime
) -> list[ComplaintEvent]:
    """The decision does what the model says: the same events with the same facts, or a
    refusal whose code names the model's reason."""
    if isinstance(expected, Refused):
        codes = {"forbidden"} if expected.forbidden else set()
        if expected.by_state:
            codes |= {"invalid_transition", "rule_violation"}
        with pytest.raises(DomainError) as refused:
            send(command, complaint, who, at)
        assert refused.value.code in codes
        return []

    events = send(command, complaint, who, at)
    assert tuple(type(event) for event in events) == expected.event_types
    for event, fields in zip(events, expected.fields, strict=False):
        assert {name: getattr(event, name) for name in fields} == fields
    assert all(event.occurred_at == at and event.actor == who for event in events)
    return events


def _assert_agrees(complaint: Complaint, model: Model) -> None:
    """The folded complaint states what the model says of it."""
    assert complaint.status is model.status
    assert complaint.acknowledge_due == model.acknowledge_due
    assert complaint.effective_resolution_due == model.resolution_due
    assert (complaint.department, complaint.assignee_id) == (model.department, model.assignee_id)
    assert complaint.escalation_level == model.escalation_level
    assert complaint.breaches == model.reported
    assert next_deadline(complaint) == model.next_deadline()


class TestAnySequenceOfCommandsDoesWhatDomainSays:
    """Whatever commands are sent by whoever, in any order and at any pace, each decision gives
    the events the model of DOMAIN §3 expects (or refuses for the model's reason), and the
    folded complaint has the model's status, SLA deadlines (paused and closed time added back),
    assignment, escalation level and reported breaches; each breach is reported once."""

    @hypothesis.settings(max_examples=150, deadline=None)
    @hypothesis.given(data=st.data())
    def test_walk(self, data: st.DataObject) -> None:
        past: list[ComplaintEvent] = register_as(AGENT, T0)
        complaint = given(past)
        model = Model(received_at=T0)
        at = T0
        for _ in range(data.draw(st.integers(min_value=0, max_value=40), label="steps")):
            at += timedelta(minutes=data.draw(st.integers(0, 96 * 60), label="minutes later"))
            # Mostly a command that moves the complaint on, from someone the model says may
            # send it now, so that the walk gets far; sometimes anything; and now and then
            # from someone the model says may not.
            senders = {
                name: [who for who in WALK_ACTORS if _accepts(model, command, who, at)]
                for name, command in WALK.items()
            }
            accepted = sorted(name for name, allowed in senders.items() if allowed)
            onward = sorted(ONWARD[model.status] & set(accepted)) or accepted or sorted(WALK)
            name = data.draw(
                st.sampled_from(onward)
                | st.sampled_from(onward)
                | st.sampled_from(accepted or onward)
                | st.sampled_from(sorted(WALK)),
                label="command",
            )
            others = [who for who in WALK_ACTORS if who not in senders[name]]
            who = data.draw(
                st.sampled_from(senders[name] or WALK_ACTORS)
                | st.sampled_from(senders[name] or WALK_ACTORS)
                | st.sampled_from(others or WALK_ACTORS),
                label="actor",
            )
            command = WALK[name]

            expected, model = model.attempt(command, who, at)
            events = _assert_as_modelled(expected, command, complaint, who, at)
            for event in events:
                complaint = evolve(complaint, event)
            past += events
            _assert_agrees(complaint, model)
            hypothesis.event(f"{name}: {type(expected).__name__}")
            for event in events:
                if isinstance(event, ComplaintSlaBreached):
                    hypothesis.event(f"{event.which} breach reported")

        breaches = [event.which for event in past if isinstance(event, ComplaintSlaBreached)]
        assert len(breaches) == len(set(breaches))


# --- SLA deadlines from the timestamps of a command sequence -------------------------------------

minutes = st.integers(min_value=0, max_value=30 * 24 * 60).map(lambda m: timedelta(minutes=m))


class TestTheResolutionDeadlineIsClassificationPlusSeverityPlusPauses:
    """Resolution is due the severity's days after the first classification (a later
    reclassification changes the days, never the start), plus every pause after it; the sweep
    reports the breach the first moment after that, never at it, and never while paused."""

    @hypothesis.settings(max_examples=200, deadline=None)
    @hypothesis.given(
        acknowledged_after=minutes,
        classified_after=minutes,
        severity=st.sampled_from(Severity),
        reclassifications=st.lists(st.tuples(minutes, st.sampled_from(Severity)), max_size=3),
        pauses=st.lists(st.tuples(minutes, minutes), max_size=5),
    )
    def test_deadline_and_breach(
        self,
        acknowledged_after: timedelta,
        classified_after: timedelta,
        severity: Severity,
        reclassifications: list[tuple[timedelta, Severity]],
        pauses: list[tuple[timedelta, timedelta]],
    ) -> None:
        past = register_as(AGENT, T0)
        at = T0 + acknowledged_after
        past += decisions.acknowledge(given(past), message=MESSAGE, actor=AGENT, at=at)
        at += classified_after
        classified_at = at
        for later, severity_now in [(timedelta(0), severity), *reclassifications]:
            at += later
            past += decisions.classify(
                given(past), category=Category.BILLING, severity=severity_now, actor=AGENT, at=at
            )
        for running_for, paused_for in pauses:
            at += running_for
            past += decisions.pause(
                given(past), waiting_for=WaitingFor.CUSTOMER, actor=AGENT, at=at
            )
            at += paused_for
            past += decisions.resume(given(past), actor=AGENT, at=at)

        latest_severity = reclassifications[-1][1] if reclassifications else severity
        paused = sum((paused_for for _, paused_for in pauses), timedelta(0))
        due = classified_at + RESOLVE_WITHIN[latest_severity] + paused
        complaint = given(past)
        assert complaint.effective_resolution_due == due
        assert sweep(complaint, actor=SYSTEM, now=due) == []
        (breach,) = sweep(complaint, actor=SYSTEM, now=due + timedelta(seconds=1))
        assert isinstance(breach, ComplaintSlaBreached)
        assert (breach.which, breach.deadline) == (SlaKind.RESOLUTION, due)

    @hypothesis.settings(max_examples=100, deadline=None)
    @hypothesis.given(paused_after=minutes, swept_after=minutes)
    def test_no_resolution_breach_while_paused(
        self, paused_after: timedelta, swept_after: timedelta
    ) -> None:
        past = register_as(AGENT, T0)
        past += decisions.acknowledge(given(past), message=MESSAGE, actor=AGENT, at=T0)
        past += decisions.classify(
            given(past), category=Category.SERVICE, severity=Severity.CRITICAL, actor=AGENT, at=T0
        )
        paused_at = T0 + paused_after
        past += decisions.pause(
            given(past), waiting_for=WaitingFor.THIRD_PARTY, actor=AGENT, at=paused_at
        )

        swept = sweep(given(past), actor=SYSTEM, now=paused_at + swept_after)

        assert [event.which for event in swept if isinstance(event, ComplaintSlaBreached)] == []


class TestTheAcknowledgementDeadlineIsADayAfterReceipt:
    """The acknowledgement is due 24 hours after the business time of receipt; the sweep
    reports it the first moment after that, never at it, until the acknowledgement is given."""

    @hypothesis.settings(max_examples=200, deadline=None)
    @hypothesis.given(received_at=instants, swept_after=minutes, acknowledged=st.booleans())
    def test_deadline_and_breach(
        self, received_at: datetime, swept_after: timedelta, acknowledged: bool
    ) -> None:
        past = register_as(AGENT, received_at)
        if acknowledged:
            past += decisions.acknowledge(given(past), message=MESSAGE, actor=AGENT, at=received_at)
        complaint = given(past)

        def reported(now: datetime) -> list[tuple[SlaKind, datetime]]:
            swept = sweep(complaint, actor=SYSTEM, now=now)
            return [(e.which, e.deadline) for e in swept if isinstance(e, ComplaintSlaBreached)]

        due = received_at + timedelta(hours=24)
        breach = [] if acknowledged else [(SlaKind.ACKNOWLEDGEMENT, due)]
        assert complaint.acknowledge_due == due
        assert reported(due) == []
        assert reported(due + timedelta(seconds=1)) == breach
        assert reported(received_at + swept_after) == (
            breach if received_at + swept_after > due else []
        )
