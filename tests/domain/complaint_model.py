"""An independent model of complaint handling (DOMAIN §3) for the property tests: what a stored
history says, and what each command should decide, written from the specification without
`evolve`, the decisions or the deadline sweep, so that the properties compare two accounts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

import attrs

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
from domain.complaint.values import Severity, SlaKind, Status
from domain.shared.actor import Actor, Role

S = Status
CS = Role.CUSTOMER_SERVICE
SM = Role.SERVICE_MANAGER

#: DOMAIN §3's default SLA: acknowledge within a day of receipt, resolve within so many days of
#: classification by severity.
ACKNOWLEDGE_WITHIN = timedelta(hours=24)
RESOLVE_WITHIN = {
    Severity.CRITICAL: timedelta(days=2),
    Severity.HIGH: timedelta(days=5),
    Severity.MEDIUM: timedelta(days=10),
    Severity.LOW: timedelta(days=15),
}

# --- what a stored history says -------------------------------------------------------------------

#: The status each event leaves a complaint in, whatever it was in before.
LEAVES_IN: dict[type[ComplaintEvent], Status] = {
    ComplaintAcknowledged: S.ACKNOWLEDGED,
    ComplaintAssigned: S.ASSIGNED,
    InvestigationRecorded: S.INVESTIGATING,
    ResolutionProposed: S.RESOLUTION_PROPOSED,
    CustomerSatisfied: S.RESOLVED,
    CustomerDissatisfied: S.INVESTIGATING,
    ComplaintClosed: S.CLOSED,
    ComplaintReopened: S.INVESTIGATING,
}


@attrs.frozen(kw_only=True)
class Reading:
    """What a stored history states about its complaint."""

    status: Status
    received_at: datetime
    acknowledge_due: datetime
    acknowledged_at: datetime | None
    classified_at: datetime | None
    severity: Severity | None
    resolution_due: datetime | None
    department: str | None
    assignee_id: str | None
    investigation_recorded: bool
    resolution_proposed: bool
    csat: int | None
    escalation_level: int
    reopen_count: int
    breaches: frozenset[SlaKind]


def read(history: Sequence[ComplaintEvent]) -> Reading:
    """A history as an auditor reads it: everything from its latest ComplaintReceived on (a
    second receipt starts the complaint afresh), each fact the latest of its kind except the
    first classification time and the highest escalation level."""
    start = max(i for i, event in enumerate(history) if isinstance(event, ComplaintReceived))
    receipt = history[start]
    assert isinstance(receipt, ComplaintReceived)
    since = history[start + 1 :]
    classifications = [e for e in since if isinstance(e, ComplaintClassified)]
    assignments = [e for e in since if isinstance(e, ComplaintAssigned)]
    acknowledgements = [e for e in since if isinstance(e, ComplaintAcknowledged)]
    feedback = [e for e in since if isinstance(e, CustomerSatisfied | CustomerDissatisfied)]
    return Reading(
        status=_status(since),
        received_at=receipt.occurred_at,
        acknowledge_due=receipt.acknowledge_due,
        acknowledged_at=acknowledgements[-1].occurred_at if acknowledgements else None,
        classified_at=classifications[0].occurred_at if classifications else None,
        severity=classifications[-1].severity if classifications else None,
        resolution_due=classifications[-1].resolution_due if classifications else None,
        department=assignments[-1].department if assignments else None,
        assignee_id=assignments[-1].assignee_id if assignments else None,
        investigation_recorded=any(isinstance(e, InvestigationRecorded) for e in since),
        resolution_proposed=any(isinstance(e, ResolutionProposed) for e in since),
        csat=feedback[-1].csat if feedback else None,
        escalation_level=max(
            (e.level for e in since if isinstance(e, ComplaintEscalated)), default=0
        ),
        reopen_count=sum(isinstance(e, ComplaintReopened) for e in since),
        breaches=frozenset(e.which for e in since if isinstance(e, ComplaintSlaBreached)),
    )


def _status(since_receipt: Sequence[ComplaintEvent]) -> Status:
    """Classification moves an acknowledged complaint on and leaves a later one where it is; a
    resumption returns to where the pause began (investigating when no pause is on record);
    closing unresolved ends a pause; escalations and breaches leave the status alone."""
    status = S.RECEIVED
    paused_from: Status | None = None
    for event in since_receipt:
        if isinstance(event, ComplaintClassified) and status is S.ACKNOWLEDGED:
            status = S.CLASSIFIED
        elif isinstance(event, ComplaintPaused):
            paused_from, status = status, S.PAUSED
        elif isinstance(event, ComplaintResumed):
            status, paused_from = paused_from or S.INVESTIGATING, None
        elif isinstance(event, ComplaintClosedUnresolved):
            if status is S.PAUSED:
                paused_from = None
            status = S.CLOSED_UNRESOLVED
        elif type(event) in LEAVES_IN:
            status = LEAVES_IN[type(event)]
    return status


# --- what each command should decide --------------------------------------------------------------


@attrs.frozen
class Command:
    """A command as the walk sends it: its verb and the payload values that matter here."""

    verb: str
    severity: Severity = Severity.HIGH
    department: str = ""
    assignee_id: str = ""
    satisfied: bool = True
    level: int = 1


@attrs.frozen
class Accepted:
    """The command decides one event of this type (for the sweep: one per breach), whose
    fields named in `fields` hold these values."""

    event_types: tuple[type[ComplaintEvent], ...]
    fields: tuple[Mapping[str, object], ...] = ()


@attrs.frozen
class Refused:
    """The command is refused: the actor may not send it, or the complaint's state or a rule
    does not allow it (or both)."""

    forbidden: bool
    by_state: bool


#: Where the resolution clock stands still: paused, or resolved or closed until a reopening.
CLOCK_STOPPED = frozenset({S.PAUSED, S.RESOLVED, S.CLOSED, S.CLOSED_UNRESOLVED})
#: Where a complaint may be paused: being worked on, before the customer's verdict.
PAUSABLE = frozenset(
    {S.ACKNOWLEDGED, S.CLASSIFIED, S.ASSIGNED, S.INVESTIGATING, S.RESOLUTION_PROPOSED}
)
CLOSED = frozenset({S.CLOSED, S.CLOSED_UNRESOLVED})

#: DOMAIN §3 "who": the roles that may send each command (the assignee's rights are separate).
ROLES: dict[str, frozenset[Role]] = {
    "acknowledge": frozenset({CS}),
    "classify": frozenset({CS, SM}),
    "assign": frozenset({SM}),
    "record_investigation": frozenset(),
    "pause": frozenset({CS}),
    "resume": frozenset({CS}),
    "propose_resolution": frozenset(),
    "record_feedback": frozenset({CS}),
    "close": frozenset({CS, SM}),
    "close_unresolved": frozenset({SM}),
    "reopen": frozenset({CS, SM}),
    "escalate": frozenset({CS, SM}),
    "sweep": frozenset({Role.SYSTEM}),
}
#: Commands DOMAIN §3 also opens to the assignee, whatever roles they hold.
OPEN_TO_THE_ASSIGNEE = frozenset({"record_investigation", "pause", "resume", "propose_resolution"})


@attrs.frozen(kw_only=True)
class Model:
    """A complaint as DOMAIN §3 describes it, followed one accepted command at a time."""

    received_at: datetime
    status: Status = S.RECEIVED
    acknowledged: bool = False
    first_classified_at: datetime | None = None
    severity: Severity | None = None
    department: str | None = None
    assignee_id: str | None = None
    investigated: bool = False
    proposed: bool = False
    escalation_level: int = 0
    reported: frozenset[SlaKind] = frozenset()
    paused_from: Status | None = None
    paused_at: datetime | None = None
    #: When the resolution clock last stopped, while it stands still.
    stopped_at: datetime | None = None
    #: How long the resolution clock stood still after classification, stops now over.
    stopped_for: timedelta = timedelta(0)

    @property
    def acknowledge_due(self) -> datetime:
        return self.received_at + ACKNOWLEDGE_WITHIN

    @property
    def resolution_due(self) -> datetime | None:
        """First classification + the latest severity's days + the time the clock stood still."""
        if self.first_classified_at is None or self.severity is None:
            return None
        return self.first_classified_at + RESOLVE_WITHIN[self.severity] + self.stopped_for

    def running(self) -> dict[SlaKind, datetime]:
        """The deadlines the sweep still watches: the acknowledgement until it is given, the
        resolution while its clock runs; neither once reported."""
        found: dict[SlaKind, datetime] = {}
        if not self.acknowledged and SlaKind.ACKNOWLEDGEMENT not in self.reported:
            found[SlaKind.ACKNOWLEDGEMENT] = self.acknowledge_due
        due = self.resolution_due
        if (
            due is not None
            and self.status not in CLOCK_STOPPED
            and SlaKind.RESOLUTION not in self.reported
        ):
            found[SlaKind.RESOLUTION] = due
        return found

    def next_deadline(self) -> datetime | None:
        return min(self.running().values(), default=None)

    def may_send(self, verb: str, actor: Actor) -> bool:
        """DOMAIN §3 "who": a listed role; the assignee where named; for the investigation also
        the department head of the assigned department."""
        if actor.holds(*ROLES[verb]):
            return True
        if verb in OPEN_TO_THE_ASSIGNEE and actor.id == self.assignee_id:
            return True
        return (
            verb == "record_investigation"
            and self.department is not None
            and actor.holds(Role.DEPARTMENT_HEAD)
            and actor.department == self.department
        )

    def allows(self, command: Command) -> bool:
        """Whether the complaint's state and DOMAIN §3's rules allow the command now."""
        status = self.status
        match command.verb:
            case "acknowledge":
                return status is S.RECEIVED
            case "classify":
                return status in {S.ACKNOWLEDGED, S.CLASSIFIED, S.ASSIGNED, S.INVESTIGATING}
            case "assign":
                return status in {S.CLASSIFIED, S.ASSIGNED, S.INVESTIGATING}
            case "record_investigation":
                return status in {S.ASSIGNED, S.INVESTIGATING}
            case "pause":
                return status in PAUSABLE
            case "resume":
                return status is S.PAUSED
            case "propose_resolution":
                return status is S.INVESTIGATING and self.investigated
            case "record_feedback":
                return status is S.RESOLUTION_PROPOSED
            case "close":
                return status is S.RESOLVED
            case "close_unresolved":
                return status not in CLOSED and self.proposed
            case "reopen":
                return status in CLOSED
            case "escalate":
                return status not in CLOSED and command.level > self.escalation_level
            case "sweep":
                return True
        raise AssertionError(f"the model does not know {command.verb}")

    def attempt(
        self, command: Command, actor: Actor, at: datetime
    ) -> tuple[Accepted | Refused, Model]:
        """What the command, sent by `actor` at `at`, should decide, and the complaint after."""
        may, allowed = self.may_send(command.verb, actor), self.allows(command)
        if not (may and allowed):
            return Refused(forbidden=not may, by_state=not allowed), self
        return self._decide(command, at)

    def _decide(self, command: Command, at: datetime) -> tuple[Accepted, Model]:
        match command.verb:
            case "acknowledge":
                return Accepted((ComplaintAcknowledged,)), self._to(
                    S.ACKNOWLEDGED, at, acknowledged=True
                )
            case "classify":
                first = self.first_classified_at or at
                due = first + RESOLVE_WITHIN[command.severity]
                status = S.CLASSIFIED if self.status is S.ACKNOWLEDGED else self.status
                return (
                    Accepted(
                        (ComplaintClassified,),
                        ({"severity": command.severity, "resolution_due": due},),
                    ),
                    self._to(status, at, first_classified_at=first, severity=command.severity),
                )
            case "assign":
                fields = {"department": command.department, "assignee_id": command.assignee_id}
                return Accepted((ComplaintAssigned,), (fields,)), self._to(S.ASSIGNED, at, **fields)
            case "record_investigation":
                return Accepted((InvestigationRecorded,)), self._to(
                    S.INVESTIGATING, at, investigated=True
                )
            case "pause":
                return Accepted((ComplaintPaused,)), self._to(
                    S.PAUSED, at, paused_from=self.status, paused_at=at
                )
            case "resume":
                assert self.paused_from is not None
                assert self.paused_at is not None
                seconds = int((at - self.paused_at).total_seconds())
                return Accepted((ComplaintResumed,), ({"paused_seconds": seconds},)), self._to(
                    self.paused_from, at, paused_from=None, paused_at=None
                )
            case "propose_resolution":
                return Accepted((ResolutionProposed,)), self._to(
                    S.RESOLUTION_PROPOSED, at, proposed=True
                )
            case "record_feedback" if command.satisfied:
                return Accepted((CustomerSatisfied,)), self._to(S.RESOLVED, at)
            case "record_feedback":
                return Accepted((CustomerDissatisfied,)), self._to(S.INVESTIGATING, at)
            case "close":
                return Accepted((ComplaintClosed,)), self._to(S.CLOSED, at)
            case "close_unresolved":
                # Closing ends a pause, whose time counts from then on; the clock stays stopped.
                ended = self._to(S.INVESTIGATING, at) if self.status is S.PAUSED else self
                return Accepted((ComplaintClosedUnresolved,)), ended._to(
                    S.CLOSED_UNRESOLVED, at, paused_from=None, paused_at=None
                )
            case "reopen":
                return Accepted((ComplaintReopened,)), self._to(S.INVESTIGATING, at)
            case "escalate":
                return Accepted((ComplaintEscalated,), ({"level": command.level},)), self._to(
                    self.status, at, escalation_level=command.level
                )
            case "sweep":
                overdue = {w: due for w, due in self.running().items() if at > due}
                return (
                    Accepted(
                        tuple(ComplaintSlaBreached for _ in overdue),
                        tuple({"which": w, "deadline": d} for w, d in overdue.items()),
                    ),
                    attrs.evolve(self, reported=self.reported | set(overdue)),
                )
        raise AssertionError(f"the model does not know {command.verb}")

    def _to(self, status: Status, at: datetime, **changes: Any) -> Model:
        """Move to `status` at `at`: the resolution clock stops on entering a stopped state and,
        on leaving one, the time it stood still counts once the complaint is classified."""
        stopped_at, stopped_for = self.stopped_at, self.stopped_for
        if status in CLOCK_STOPPED and self.status not in CLOCK_STOPPED:
            stopped_at = at
        elif status not in CLOCK_STOPPED and self.status in CLOCK_STOPPED:
            assert stopped_at is not None
            if self.first_classified_at is not None:
                stopped_for += at - stopped_at
            stopped_at = None
        return attrs.evolve(
            self, status=status, stopped_at=stopped_at, stopped_for=stopped_for, **changes
        )
