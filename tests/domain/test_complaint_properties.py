"""Properties of complaint handling over generated histories and generated command sequences."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import hypothesis
from hypothesis import strategies as st

from domain.complaint import decisions
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
from domain.shared.actor import Role
from domain.shared.errors import DomainError
from tests.domain.complaint_fixtures import (
    AGENT,
    ASSIGNEE,
    ASSIGNEE_ID,
    COMMANDS,
    COMMENT,
    DEPARTMENT,
    HEAD,
    MANAGER,
    OTHER_DEPARTMENT,
    OUTSIDER,
    SYSTEM,
    T0,
    Command,
    actor,
    given,
    received,
    run_sweep,
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
    assert set(EVENTS) == set(ComplaintEvent.__subclasses__())


class TestEvolveNeverRefusesAnyStoredHistory:
    """Whatever events were stored after a ComplaintReceived, in whatever order, `evolve` folds
    them and the complaint holds the facts they state."""

    @hypothesis.settings(max_examples=300, deadline=None)
    @hypothesis.given(
        first=receipts,
        rest=st.lists(any_event, max_size=40),
    )
    def test_any_sequence_folds(self, first: ComplaintEvent, rest: list[ComplaintEvent]) -> None:
        complaint = given([first, *rest])

        history_ = [first, *rest]
        last_receipt = max(
            index for index, event in enumerate(history_) if isinstance(event, ComplaintReceived)
        )
        since_last_receipt = history_[last_receipt:]
        assert complaint.status in set(Status)
        assert complaint.escalation_level == max(
            [e.level for e in since_last_receipt if isinstance(e, ComplaintEscalated)], default=0
        )
        assert complaint.breaches == {
            e.which for e in since_last_receipt if isinstance(e, ComplaintSlaBreached)
        }


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

WALK: dict[str, Command] = {
    **COMMANDS,
    "record_dissatisfied": lambda c, a, t: decisions.record_feedback(
        c, satisfied=False, csat=2, comment=COMMENT, actor=a, at=t
    ),
    "transfer": lambda c, a, t: decisions.assign(
        c, department=OTHER_DEPARTMENT, assignee_id="u-logistics-2", actor=a, at=t
    ),
    "transfer_back": lambda c, a, t: decisions.assign(
        c, department=DEPARTMENT, assignee_id=ASSIGNEE_ID, actor=a, at=t
    ),
    "sweep": run_sweep,
}
#: Commands that move a complaint along DOMAIN §3's roads rather than around them.
ONWARD = frozenset(
    {
        "acknowledge",
        "classify",
        "assign",
        "record_investigation",
        "propose_resolution",
        "record_feedback",
        "record_dissatisfied",
        "close",
        "close_unresolved",
        "reopen",
        "resume",
        "sweep",
    }
)
WALK_ACTORS = [ANYONE_ALLOWED, AGENT, MANAGER, ASSIGNEE, HEAD, OUTSIDER, SYSTEM]


def _decides(command: str, complaint: Complaint, at: datetime) -> bool:
    """True when the command, sent by someone allowed, would append something now."""
    try:
        return bool(WALK[command](complaint, ANYONE_ALLOWED, at))
    except DomainError:
        return False


class TestAnySequenceOfCommandsKeepsTheRules:
    """Whatever commands are sent by whoever, in any order, each is either decided or refused
    with a domain error, and the history that results obeys DOMAIN §3."""

    @hypothesis.settings(max_examples=100, deadline=None)
    @hypothesis.given(data=st.data())
    def test_walk(self, data: st.DataObject) -> None:
        past: list[ComplaintEvent] = [received(T0)]
        complaint = given(past)
        for _ in range(data.draw(st.integers(min_value=0, max_value=40), label="steps")):
            at = past[-1].occurred_at + timedelta(hours=data.draw(st.integers(0, 96)))
            # Mostly a command that would move the complaint on, sent by someone allowed to,
            # so that the walk gets far; sometimes anything, by anyone.
            sendable = [name for name in sorted(WALK) if _decides(name, complaint, at)]
            onward = [name for name in sendable if name in ONWARD] or sendable or sorted(WALK)
            command = data.draw(
                st.one_of(
                    st.sampled_from(onward),
                    st.sampled_from(onward),
                    st.sampled_from(sendable or onward),
                    st.sampled_from(sorted(WALK)),
                ),
                label="command",
            )
            who = data.draw(st.just(ANYONE_ALLOWED) | st.sampled_from(WALK_ACTORS), label="actor")
            try:
                events = WALK[command](complaint, who, at)
            except DomainError:
                continue
            for event in events:
                assert event.occurred_at == at
                assert event.actor == who
                _assert_allowed_from(complaint, event)
                complaint = evolve(complaint, event)
            past += events

        assert given(past) == complaint
        kinds = [event.which for event in past if isinstance(event, ComplaintSlaBreached)]
        assert len(kinds) == len(set(kinds))
        for name in {type(event).__name__ for event in past}:
            hypothesis.event(name)  # seen with --hypothesis-show-statistics


def _assert_allowed_from(complaint: Complaint, event: ComplaintEvent) -> None:
    """The DOMAIN §3 precondition of each accepted event, stated on the state before it."""
    match event:
        case ComplaintAcknowledged():
            assert complaint.status is Status.RECEIVED
        case ComplaintClosed():
            assert complaint.status is Status.RESOLVED
        case ComplaintClosedUnresolved():
            assert complaint.is_open
            assert complaint.resolution_proposed
        case ComplaintReopened():
            assert complaint.status.is_closed
        case CustomerSatisfied() | CustomerDissatisfied():
            assert complaint.status is Status.RESOLUTION_PROPOSED
            assert 1 <= event.csat <= 5
        case ResolutionProposed():
            assert complaint.investigation_recorded
            assert event.actor.id == complaint.assignee_id
        case InvestigationRecorded():
            assert complaint.assignee_id is not None
            assert event.actor.id == complaint.assignee_id or (
                event.actor.holds(Role.DEPARTMENT_HEAD)
                and event.actor.department == complaint.department
            )
        case ComplaintResumed():
            assert complaint.status is Status.PAUSED
        case ComplaintEscalated():
            assert complaint.is_open
            assert event.level > complaint.escalation_level
        case ComplaintSlaBreached():
            assert event.actor.holds(Role.SYSTEM)
            assert event.which not in complaint.breaches
            assert complaint.is_open
            if event.which is SlaKind.ACKNOWLEDGEMENT:
                assert complaint.acknowledged_at is None
                assert event.occurred_at > complaint.acknowledge_due
            else:
                assert complaint.status not in {Status.PAUSED, Status.RESOLVED}
                assert complaint.effective_resolution_due is not None
                assert event.occurred_at > complaint.effective_resolution_due
        case _:
            pass
