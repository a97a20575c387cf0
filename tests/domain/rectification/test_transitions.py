"""Which rectification commands each state allows (DOMAIN §6a states): everything else is
refused as an `invalid_transition`."""

from __future__ import annotations

import pytest

from domain.rectification.values import UNVERIFIED, Status
from domain.shared.actor import Actor
from domain.shared.errors import InvalidTransition
from tests.domain.rectification.fixtures import (
    COMMANDS,
    RESPONSIBLE,
    SUPERVISOR,
    given,
    history_to,
    next_moment,
)

S = Status

#: command: (who sends it, the states in which it is decided).
TRANSITIONS: dict[str, tuple[Actor, frozenset[Status]]] = {
    "acknowledge": (RESPONSIBLE, frozenset({S.ISSUED})),
    "start": (RESPONSIBLE, frozenset({S.ACKNOWLEDGED})),
    "submit": (RESPONSIBLE, frozenset({S.RECTIFYING})),
    "verify": (SUPERVISOR, frozenset({S.SUBMITTED})),
    "extend": (SUPERVISOR, UNVERIFIED),
    "close": (SUPERVISOR, frozenset({S.VERIFIED})),
}

REFUSED = [
    pytest.param(command, status, id=f"{command}-in-{status}")
    for command, (_, allowed) in TRANSITIONS.items()
    for status in Status
    if status not in allowed
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


def test_rejected_is_a_fact_not_a_state() -> None:
    """DOMAIN's `rejected` sends the rectification back to `rectifying` at once; no command
    starts from it, so no rectification rests there."""
    assert "rejected" not in {status.value for status in Status}


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
        assert refused.value.message.endswith(f"a rectification that is {status.value}")


class TestCommandsInTheirStates:
    """In a state its rule names, the standard command is decided."""

    @pytest.mark.parametrize(("command", "status"), ALLOWED)
    def test_decided(self, command: str, status: Status) -> None:
        who, _ = TRANSITIONS[command]
        past = history_to(status)
        assert COMMANDS[command](given(past), who, next_moment(past))
