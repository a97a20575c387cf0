"""Which order commands each state allows (DOMAIN §2 states): everything else is refused."""

from __future__ import annotations

import contextlib

import pytest

from domain.order.values import Aspect, Status
from domain.shared.actor import Actor
from domain.shared.errors import InvalidTransition, RuleViolation
from tests.domain.order.fixtures import (
    ACCOUNTANT,
    COMMANDS,
    LAWYER,
    MANAGER,
    OPS,
    REP,
    REVIEWER,
    given,
    history_to,
    next_moment,
)

OPEN_BEFORE_DELIVERY = frozenset(
    {Status.DRAFT, Status.UNDER_REVIEW, Status.APPROVED, Status.SIGNED, Status.IN_FULFILMENT}
)

#: command: (who sends it, the states in which it is not an invalid transition).
#: `cancel` and `close` in a state that is still open are refused by their rule instead
#: (`rule_violation`); they are tested in their own modules.
TRANSITIONS: dict[str, tuple[Actor, frozenset[Status]]] = {
    "amend": (REP, frozenset({Status.DRAFT, Status.UNDER_REVIEW})),
    "request_review": (REP, frozenset({Status.DRAFT})),
    "review_legal": (LAWYER, frozenset({Status.UNDER_REVIEW})),
    "review_financial": (REVIEWER[Aspect.FINANCIAL], frozenset({Status.UNDER_REVIEW})),
    "review_risk": (REVIEWER[Aspect.RISK], frozenset({Status.UNDER_REVIEW})),
    "sign": (MANAGER, frozenset({Status.APPROVED})),
    "start_fulfilment": (OPS, frozenset({Status.SIGNED})),
    "ship": (OPS, frozenset({Status.IN_FULFILMENT})),
    "confirm_delivery": (OPS, frozenset({Status.IN_FULFILMENT})),
    "invoice": (ACCOUNTANT, frozenset({Status.IN_FULFILMENT, Status.DELIVERED})),
    "record_payment": (
        ACCOUNTANT,
        frozenset({Status.IN_FULFILMENT, Status.DELIVERED, Status.ON_HOLD}),
    ),
    "hold": (MANAGER, OPEN_BEFORE_DELIVERY),
    "resume": (MANAGER, frozenset({Status.ON_HOLD})),
    "cancel": (MANAGER, OPEN_BEFORE_DELIVERY | {Status.ON_HOLD}),
    "close": (ACCOUNTANT, frozenset(Status) - {Status.CLOSED, Status.CANCELLED}),
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
        assert refused.value.message.endswith(f"an order that is {status.value}")


class TestCommandsInTheirStates:
    """In a state its rule names, a command is decided by its other rules, never refused as a
    wrong state."""

    @pytest.mark.parametrize(("command", "status"), ALLOWED)
    def test_not_a_wrong_state(self, command: str, status: Status) -> None:
        who, _ = TRANSITIONS[command]
        past = history_to(status)
        # Their other rules may still refuse: nothing shipped to deliver yet, nothing invoiced.
        with contextlib.suppress(RuleViolation):
            COMMANDS[command](given(past), who, next_moment(past))


class TestFinishedOrders:
    """Closed and cancelled orders take no more commands at all."""

    @pytest.mark.parametrize("status", [Status.CLOSED, Status.CANCELLED])
    @pytest.mark.parametrize("command", list(TRANSITIONS))
    def test_every_command_is_refused(self, command: str, status: Status) -> None:
        who, _ = TRANSITIONS[command]
        past = history_to(status)
        with pytest.raises(InvalidTransition):
            COMMANDS[command](given(past), who, next_moment(past))
