"""The complaint state machine of DOMAIN §3: every command tried from every state."""

from __future__ import annotations

import pytest

from domain.complaint.events import (
    ComplaintAcknowledged,
    ComplaintAssigned,
    ComplaintClassified,
    ComplaintClosed,
    ComplaintClosedUnresolved,
    ComplaintEscalated,
    ComplaintEvent,
    ComplaintPaused,
    ComplaintReopened,
    ComplaintResumed,
    CustomerSatisfied,
    InvestigationRecorded,
    ResolutionProposed,
)
from domain.complaint.values import Status
from domain.shared.actor import Role
from domain.shared.errors import DomainError, Forbidden, InvalidTransition, RuleViolation
from tests.catalogue_verbs import creating_verbs, verbs
from tests.domain.complaint_fixtures import (
    ASSIGNEE_ID,
    COMMANDS,
    DEPARTMENT,
    T0,
    actor,
    given,
    history,
    next_moment,
    register_as,
)

S = Status
Outcome = type[ComplaintEvent] | type[DomainError]

#: Holds every role the complaint commands name, is the assignee and heads the assigned
#: department: whatever refuses this actor, refuses because of the state, not the actor.
EVERYONE = actor(
    ASSIGNEE_ID,
    Role.CUSTOMER_SERVICE,
    Role.SERVICE_MANAGER,
    Role.DEPARTMENT_HEAD,
    department=DEPARTMENT,
)


def row(
    allowed: dict[Status, type[ComplaintEvent]],
    *,
    refused_by_rule: frozenset[Status] = frozenset(),
) -> dict[Status, Outcome]:
    """One command's outcome from every state: its event where allowed, else a refusal.

    Refusals are `invalid_transition` unless the state is open but a business rule is not yet
    met (closing before the customer is satisfied, closing unresolved before any proposal).
    """
    outcomes: dict[Status, Outcome] = {}
    for status in Status:
        if status in allowed:
            outcomes[status] = allowed[status]
        elif status in refused_by_rule:
            outcomes[status] = RuleViolation
        else:
            outcomes[status] = InvalidTransition
    return outcomes


OPEN_BEFORE_RESOLVED = frozenset(
    {S.RECEIVED, S.ACKNOWLEDGED, S.CLASSIFIED, S.ASSIGNED, S.INVESTIGATING}
)

#: The canonical histories: PAUSED is paused while investigating, before any proposal;
#: CLOSED_UNRESOLVED followed one rejected proposal.
TRANSITIONS: dict[str, dict[Status, Outcome]] = {
    "acknowledge": row({S.RECEIVED: ComplaintAcknowledged}),
    "classify": row(
        {
            S.ACKNOWLEDGED: ComplaintClassified,
            S.CLASSIFIED: ComplaintClassified,
            S.ASSIGNED: ComplaintClassified,
            S.INVESTIGATING: ComplaintClassified,
        }
    ),
    "assign": row(
        {
            S.CLASSIFIED: ComplaintAssigned,
            S.ASSIGNED: ComplaintAssigned,
            S.INVESTIGATING: ComplaintAssigned,
        }
    ),
    "record_investigation": row(
        {S.ASSIGNED: InvestigationRecorded, S.INVESTIGATING: InvestigationRecorded}
    ),
    "pause": row(
        {
            S.ACKNOWLEDGED: ComplaintPaused,
            S.CLASSIFIED: ComplaintPaused,
            S.ASSIGNED: ComplaintPaused,
            S.INVESTIGATING: ComplaintPaused,
            S.RESOLUTION_PROPOSED: ComplaintPaused,
        }
    ),
    "resume": row({S.PAUSED: ComplaintResumed}),
    "propose_resolution": {
        status: outcome
        for status, outcome in row({S.INVESTIGATING: ResolutionProposed}).items()
        # Before assignment there is no assignee, so nobody may propose (see the roles tests).
        if status not in {S.RECEIVED, S.ACKNOWLEDGED, S.CLASSIFIED}
    },
    "record_feedback": row({S.RESOLUTION_PROPOSED: CustomerSatisfied}),
    "close": row(
        {S.RESOLVED: ComplaintClosed},
        refused_by_rule=OPEN_BEFORE_RESOLVED | {S.RESOLUTION_PROPOSED, S.PAUSED},
    ),
    "close_unresolved": row(
        {
            S.RESOLUTION_PROPOSED: ComplaintClosedUnresolved,
            S.RESOLVED: ComplaintClosedUnresolved,
        },
        refused_by_rule=OPEN_BEFORE_RESOLVED | {S.PAUSED},
    ),
    "reopen": row({S.CLOSED: ComplaintReopened, S.CLOSED_UNRESOLVED: ComplaintReopened}),
    "escalate": row({status: ComplaintEscalated for status in Status if not status.is_closed}),
}


def test_the_table_covers_every_command_in_the_catalogue() -> None:
    """A command the catalogue declares without a row here fails (register starts a history)."""
    assert set(TRANSITIONS) == verbs("complaint") - creating_verbs("complaint")


ALLOWED = [
    pytest.param(command, status, outcome, id=f"{command}-from-{status}")
    for command, outcomes in TRANSITIONS.items()
    for status, outcome in outcomes.items()
    if issubclass(outcome, ComplaintEvent)
]
REFUSED_BY_STATE = [
    pytest.param(command, status, id=f"{command}-from-{status}")
    for command, outcomes in TRANSITIONS.items()
    for status, outcome in outcomes.items()
    if outcome is InvalidTransition
]
REFUSED_BY_RULE = [
    pytest.param(command, status, id=f"{command}-from-{status}")
    for command, outcomes in TRANSITIONS.items()
    for status, outcome in outcomes.items()
    if outcome is RuleViolation
]


class TestAllowedTransitions:
    """Each command listed for a state decides exactly its one event there."""

    @pytest.mark.parametrize(("command", "status", "event_type"), ALLOWED)
    def test_the_command_decides_its_event(
        self, command: str, status: Status, event_type: type[ComplaintEvent]
    ) -> None:
        past = history(status)
        at = next_moment(past)

        events = COMMANDS[command](given(past), EVERYONE, at)

        assert [type(event) for event in events] == [event_type]
        assert events[0].occurred_at == at
        assert events[0].actor == EVERYONE


class TestRefusedTransitions:
    """A command from a state it is not allowed in is refused with `invalid_transition`."""

    @pytest.mark.parametrize(("command", "status"), REFUSED_BY_STATE)
    def test_the_command_is_an_invalid_transition(self, command: str, status: Status) -> None:
        past = history(status)

        with pytest.raises(InvalidTransition) as refused:
            COMMANDS[command](given(past), EVERYONE, next_moment(past))

        assert refused.value.code == "invalid_transition"
        assert refused.value.details["status"] == status.value


class TestOpenStatesRefusedByARule:
    """Closing an open complaint too early is a `rule_violation`, not a wrong state."""

    @pytest.mark.parametrize(("command", "status"), REFUSED_BY_RULE)
    def test_the_command_breaks_a_rule(self, command: str, status: Status) -> None:
        past = history(status)

        with pytest.raises(RuleViolation) as refused:
            COMMANDS[command](given(past), EVERYONE, next_moment(past))

        assert refused.value.code == "rule_violation"


class TestProposingBeforeAssignmentIsForbidden:
    """Before assignment no one is the assignee, so no one may propose a resolution."""

    @pytest.mark.parametrize("status", [S.RECEIVED, S.ACKNOWLEDGED, S.CLASSIFIED])
    def test_proposal_is_forbidden(self, status: Status) -> None:
        past = history(status)

        with pytest.raises(Forbidden) as refused:
            COMMANDS["propose_resolution"](given(past), EVERYONE, next_moment(past))

        assert refused.value.code == "forbidden"


class TestTheHappyPathFromReceiptToClosure:
    """Received → acknowledged → classified → assigned → investigating → proposed → resolved
    → closed, each step decided on the state the previous steps folded into."""

    def test_walking_the_main_road(self) -> None:
        past = register_as(EVERYONE, T0)
        statuses = [given(past).status]
        for command in (
            "acknowledge",
            "classify",
            "assign",
            "record_investigation",
            "propose_resolution",
            "record_feedback",
            "close",
        ):
            past += COMMANDS[command](given(past), EVERYONE, next_moment(past))
            statuses.append(given(past).status)

        assert statuses == [
            S.RECEIVED,
            S.ACKNOWLEDGED,
            S.CLASSIFIED,
            S.ASSIGNED,
            S.INVESTIGATING,
            S.RESOLUTION_PROPOSED,
            S.RESOLVED,
            S.CLOSED,
        ]
