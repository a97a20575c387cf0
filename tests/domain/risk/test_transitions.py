"""Which risk commands each state allows (DOMAIN §6 states): everything else is refused.

identified → assessed (assess) → responding (choose_response) → monitoring (assess_residual)
→ closed (close) → reopened (reopen) → assessed (assess). An assessment while responding or
monitoring starts over at assessed; a response chosen afresh while monitoring goes back to
responding; adding and completing actions, approving an acceptance and reviewing leave the
state as it is.
"""

from __future__ import annotations

import pytest

from domain.risk.values import Status
from domain.shared.actor import Actor
from domain.shared.errors import InvalidTransition, RuleViolation
from tests.domain.risk.fixtures import (
    BOSS,
    COMMANDS,
    DOER,
    OFFICER,
    OWNER,
    given,
    history_to,
    next_moment,
)

S = Status
OPEN = frozenset(Status) - {S.CLOSED}
ASSESSED_OPEN = frozenset({S.ASSESSED, S.RESPONDING, S.MONITORING})
RESPONDED = frozenset({S.RESPONDING, S.MONITORING})

#: command: (who sends it, the states in which it is not an invalid transition, the state it
#: leaves the risk in, None where it stays as it is).
TRANSITIONS: dict[str, tuple[Actor, frozenset[Status], Status | None]] = {
    "assess": (OFFICER, OPEN, S.ASSESSED),
    "choose_response": (OWNER, ASSESSED_OPEN, S.RESPONDING),
    "approve_acceptance": (BOSS, frozenset({S.RESPONDING}), None),
    "add_action": (OWNER, RESPONDED, None),
    "complete_action": (DOER, OPEN, None),
    "assess_residual": (OFFICER, RESPONDED, S.MONITORING),
    "review": (OWNER, ASSESSED_OPEN, None),
    "close": (OFFICER, OPEN, S.CLOSED),
    "reopen": (OFFICER, frozenset({S.CLOSED}), S.REOPENED),
}

#: Where the canonical history meets another rule of the command (`rule_violation`): no action
#: A-1 before a response, A-1 already completed once monitoring, no acceptance pending, A-1
#: still open while responding.
BY_RULE = {
    ("complete_action", S.IDENTIFIED),
    ("complete_action", S.ASSESSED),
    ("complete_action", S.MONITORING),
    ("complete_action", S.REOPENED),
    ("approve_acceptance", S.RESPONDING),
    ("close", S.RESPONDING),
}

REFUSED = [
    pytest.param(command, status, id=f"{command}-in-{status}")
    for command, (_, allowed, _) in TRANSITIONS.items()
    for status in Status
    if status not in allowed
]
ALLOWED = [
    pytest.param(command, status, id=f"{command}-in-{status}")
    for command, (_, allowed, _) in TRANSITIONS.items()
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
        who, _, _ = TRANSITIONS[command]
        past = history_to(status)
        with pytest.raises(InvalidTransition) as refused:
            COMMANDS[command](given(past), who, next_moment(past))
        assert refused.value.code == "invalid_transition"
        assert refused.value.details["status"] == status.value
        assert refused.value.message.startswith("cannot ")
        assert refused.value.message.endswith(f"a risk that is {status.value}")


class TestCommandsInTheirStates:
    """In a state its rule names, a command is decided by its other rules, never refused as a
    wrong state; accepted, it leaves the risk in the state the table names."""

    @pytest.mark.parametrize(("command", "status"), ALLOWED)
    def test_not_a_wrong_state(self, command: str, status: Status) -> None:
        who, _, leaves_in = TRANSITIONS[command]
        past = history_to(status)
        if (command, status) in BY_RULE:
            with pytest.raises(RuleViolation):
                COMMANDS[command](given(past), who, next_moment(past))
            return
        events = COMMANDS[command](given(past), who, next_moment(past))
        after = given([*past, *events])
        assert after.status is (status if leaves_in is None else leaves_in)


def test_the_rule_refusals_lie_in_allowed_states() -> None:
    """A guard on the table: every pair refused by a rule is one the state allows."""
    assert all(status in TRANSITIONS[command][1] for command, status in BY_RULE)
