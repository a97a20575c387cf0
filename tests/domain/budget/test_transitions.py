"""Which budget commands each state allows (DOMAIN §5 states): everything else is refused."""

from __future__ import annotations

import contextlib

import pytest

from domain.budget.values import Status
from domain.shared.actor import Actor
from domain.shared.errors import InvalidTransition, RuleViolation
from tests.domain.budget.fixtures import (
    ACCOUNTANT,
    BOSS,
    COMMANDS,
    CONTROLLER,
    HEAD,
    OTHER_ACCOUNTANT,
    OTHER_BOSS,
    PM,
    given,
    history_to,
    next_moment,
)

S = Status
DRAFTING = frozenset({S.DRAFT, S.RETURNED})
APPROVED = frozenset({S.APPROVED})

#: command: (who sends it, the states in which it is not an invalid transition). The senders
#: hold no other duty on the canonical histories, so that only the state can refuse them.
TRANSITIONS: dict[str, tuple[Actor, frozenset[Status]]] = {
    "revise_draft": (HEAD, DRAFTING),
    "submit": (HEAD, DRAFTING),
    "review": (OTHER_ACCOUNTANT, frozenset({S.SUBMITTED})),
    "approve": (OTHER_BOSS, frozenset({S.FINANCE_REVIEWED})),
    "commit_funds": (PM, APPROVED),
    "record_spend": (ACCOUNTANT, APPROVED),
    "request_adjustment": (HEAD, APPROVED),
    "review_adjustment": (OTHER_ACCOUNTANT, APPROVED),
    "approve_adjustment": (BOSS, APPROVED),
    "reject_adjustment": (BOSS, APPROVED),
    "close": (CONTROLLER, APPROVED),
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


class TestCommandsOutsideTheirStates:
    """A command sent in a state its rule does not name is an `invalid_transition`; a closed
    budget is named by none, so nothing more is recorded against it."""

    @pytest.mark.parametrize(("command", "status"), REFUSED)
    def test_refused_with_the_state_and_action(self, command: str, status: Status) -> None:
        who, _ = TRANSITIONS[command]
        past = history_to(status)
        with pytest.raises(InvalidTransition) as refused:
            COMMANDS[command](given(past), who, next_moment(past))
        assert refused.value.code == "invalid_transition"
        assert refused.value.details["status"] == status.value
        assert refused.value.message.startswith("cannot ")
        assert refused.value.message.endswith(f"a budget that is {status.value}")


class TestCommandsInTheirStates:
    """In a state its rule names, a command is decided by its other rules, never refused as a
    wrong state."""

    @pytest.mark.parametrize(("command", "status"), ALLOWED)
    def test_not_a_wrong_state(self, command: str, status: Status) -> None:
        who, _ = TRANSITIONS[command]
        past = history_to(status)
        # Their other rules may still refuse: no adjustment pending on the canonical road.
        with contextlib.suppress(RuleViolation):
            COMMANDS[command](given(past), who, next_moment(past))
