"""Which project commands each state allows (DOMAIN §4 states): everything else is refused."""

from __future__ import annotations

import contextlib

import pytest

from domain.project.values import Status
from domain.shared.actor import Actor
from domain.shared.errors import Forbidden, InvalidTransition, RuleViolation
from tests.domain.project.fixtures import (
    ACCOUNTANT,
    BOSS,
    COMMANDS,
    HEAD,
    INSPECTOR,
    PM,
    UNMANAGED,
    given,
    history_to,
    next_moment,
)

S = Status
BEFORE_ACCEPTANCE = frozenset(
    {
        S.PROPOSED,
        S.APPROVED,
        S.PLANNING,
        S.PLAN_APPROVED,
        S.EXECUTING,
        S.ACCEPTANCE_REQUESTED,
    }
)
BASELINED = frozenset({S.PLAN_APPROVED, S.EXECUTING, S.ACCEPTANCE_REQUESTED})
TEAM_OPEN = frozenset({S.PLANNING, S.PLAN_APPROVED, S.EXECUTING})

#: command: (who sends it, the states in which it is not an invalid transition).
#: `close` in a state that is open but not accepted is refused by its rule instead
#: (`rule_violation`); it is tested with acceptance and closing.
TRANSITIONS: dict[str, tuple[Actor, frozenset[Status]]] = {
    "approve": (BOSS, frozenset({S.PROPOSED})),
    "reject": (BOSS, frozenset({S.PROPOSED})),
    "appoint_manager": (BOSS, frozenset({S.APPROVED}) | TEAM_OPEN),
    "add_member": (PM, TEAM_OPEN),
    "submit_plan": (PM, frozenset({S.PLANNING})),
    "approve_plan": (HEAD, frozenset({S.PLANNING})),
    "start": (PM, frozenset({S.PLAN_APPROVED})),
    "record_progress": (PM, frozenset({S.EXECUTING})),
    "record_cost": (ACCOUNTANT, BASELINED | {S.ACCEPTED, S.ON_HOLD}),
    "request_change": (PM, BASELINED),
    "approve_change": (BOSS, BASELINED),
    "hold": (BOSS, BEFORE_ACCEPTANCE),
    "resume": (BOSS, frozenset({S.ON_HOLD})),
    "cancel": (BOSS, BEFORE_ACCEPTANCE | {S.ON_HOLD}),
    "request_acceptance": (PM, frozenset({S.EXECUTING})),
    "record_acceptance": (INSPECTOR, frozenset({S.ACCEPTANCE_REQUESTED})),
    "submit_closing_report": (PM, frozenset({S.ACCEPTED})),
    "close": (BOSS, frozenset(Status) - {S.CLOSED, S.REJECTED, S.CANCELLED, S.ON_HOLD}),
}


def _needs_a_manager(command: str, status: Status) -> bool:
    """The project manager's commands are forbidden while nobody manages the project: who
    may send them is checked before the state."""
    return TRANSITIONS[command][0] is PM and status in UNMANAGED


REFUSED = [
    pytest.param(command, status, id=f"{command}-in-{status}")
    for command, (_, allowed) in TRANSITIONS.items()
    for status in Status
    if status not in allowed and not _needs_a_manager(command, status)
]
UNMANAGED_REFUSED = [
    pytest.param(command, status, id=f"{command}-in-{status}")
    for command in TRANSITIONS
    for status in sorted(UNMANAGED)
    if _needs_a_manager(command, status)
]
ALLOWED = [
    pytest.param(command, status, id=f"{command}-in-{status}")
    for command, (_, allowed) in TRANSITIONS.items()
    for status in allowed
]


def test_the_transition_table_covers_every_command() -> None:
    assert set(TRANSITIONS) == set(COMMANDS)


@pytest.mark.parametrize("status", list(Status))
def test_each_canonical_history_ends_in_its_state(status: Status) -> None:
    assert given(history_to(status)).status is status


class TestCommandsOutsideTheirStates:
    """A command sent in a state its rule does not name is an `invalid_transition`."""

    @pytest.mark.parametrize(("command", "status"), REFUSED)
    def test_refused_with_the_state_and_action(self, command: str, status: Status) -> None:
        who, _ = TRANSITIONS[command]
        past = history_to(status)
        with pytest.raises(InvalidTransition) as refused:
            COMMANDS[command](given(past), who, next_moment(past))
        assert refused.value.code == "invalid_transition"
        assert refused.value.details["status"] == status.value
        assert refused.value.message.startswith("cannot ")
        assert refused.value.message.endswith(f"a project that is {status.value}")


class TestTheManagersCommandsBeforeAnyoneManages:
    """Before a manager is appointed (and after a rejection) nobody may send the project
    manager's commands: `forbidden`, naming the project manager."""

    @pytest.mark.parametrize(("command", "status"), UNMANAGED_REFUSED)
    def test_forbidden(self, command: str, status: Status) -> None:
        past = history_to(status)
        with pytest.raises(Forbidden) as refused:
            COMMANDS[command](given(past), PM, next_moment(past))
        assert refused.value.details["required_actor"] == "the project manager"


class TestCommandsInTheirStates:
    """In a state its rule names, a command is decided by its other rules, never refused as a
    wrong state."""

    @pytest.mark.parametrize(("command", "status"), ALLOWED)
    def test_not_a_wrong_state(self, command: str, status: Status) -> None:
        who, _ = TRANSITIONS[command]
        past = history_to(status)
        # Their other rules may still refuse: no change pending, milestones not done.
        with contextlib.suppress(RuleViolation):
            COMMANDS[command](given(past), who, next_moment(past))


class TestFinishedProjects:
    """Closed, rejected and cancelled projects take no more commands at all."""

    @pytest.mark.parametrize("status", [S.CLOSED, S.REJECTED, S.CANCELLED])
    @pytest.mark.parametrize("command", list(TRANSITIONS))
    def test_every_command_is_refused(self, command: str, status: Status) -> None:
        who, _ = TRANSITIONS[command]
        past = history_to(status)
        with pytest.raises((InvalidTransition, Forbidden)):
            COMMANDS[command](given(past), who, next_moment(past))
