"""Who may send each rectification command (DOMAIN §6a "who"): every command by every role, and
the responsible person whatever roles they hold."""

from __future__ import annotations

import pytest

from domain.rectification import decisions
from domain.rectification.events import (
    RectificationAcknowledged,
    RectificationClosed,
    RectificationDeadlineExtended,
    RectificationEvent,
    RectificationIssued,
    RectificationStarted,
    RectificationSubmitted,
    RectificationVerified,
)
from domain.shared.actor import Actor, Role
from domain.shared.errors import Forbidden
from tests.domain.rectification.fixtures import (
    ACKNOWLEDGED,
    CLOSED,
    COMMANDS,
    DEPARTMENT,
    ISSUED,
    RECTIFYING,
    RESPONSIBLE,
    SUBMITTED,
    VERIFIED,
    Step,
    actor,
    given,
    history,
    issue_as,
    next_moment,
)

SUPERVISOR = frozenset({Role.SUPERVISOR})
NOBODY_BY_ROLE: frozenset[Role] = frozenset()


def holder_of(role: Role) -> Actor:
    """Someone holding only `role`, in the department the notice is for, who neither issued
    the notice nor answers for it."""
    return actor(f"u-{role.value}", role, department=DEPARTMENT)


#: command: (the history it is sent after, the roles that may send it, whether the responsible
#: person may send it too, the event decided). The department head acknowledges only for their
#: own department: `holder_of` is in it, the head of another department is tested beside it.
ROLE_RULES: dict[str, tuple[tuple[Step, ...], frozenset[Role], bool, type[RectificationEvent]]] = {
    "acknowledge": (ISSUED, frozenset({Role.DEPARTMENT_HEAD}), True, RectificationAcknowledged),
    "start": (ACKNOWLEDGED, NOBODY_BY_ROLE, True, RectificationStarted),
    "submit": (RECTIFYING, NOBODY_BY_ROLE, True, RectificationSubmitted),
    "verify": (SUBMITTED, SUPERVISOR, False, RectificationVerified),
    "extend": (
        RECTIFYING,
        frozenset({Role.SUPERVISOR, Role.MANAGEMENT}),
        False,
        RectificationDeadlineExtended,
    ),
    "close": (VERIFIED, SUPERVISOR, False, RectificationClosed),
}

EVERY_COMMAND_AND_ROLE = [
    pytest.param(command, role, id=f"{command}-by-{role}")
    for command in ROLE_RULES
    for role in Role
]
RESPONSIBLE_COMMANDS = [command for command, (_, _, by_them, _) in ROLE_RULES.items() if by_them]


def test_the_tables_cover_every_decision() -> None:
    """A decision added without its rows here (and a command in the fixtures) fails."""
    assert set(ROLE_RULES) | {"issue"} == set(decisions.__all__)
    assert set(COMMANDS) == set(ROLE_RULES)


class TestEachCommandIsOpenOnlyToItsRoles:
    """A holder of a listed role gets the command's event; every other role gets `forbidden`,
    naming the roles allowed and, where the rule names them, the responsible person."""

    @pytest.mark.parametrize(("command", "role"), EVERY_COMMAND_AND_ROLE)
    def test_role_decides(self, command: str, role: Role) -> None:
        steps, allowed, by_responsible, event_type = ROLE_RULES[command]
        past = history(steps)
        rectification, who = given(past), holder_of(role)

        if role in allowed:
            events = COMMANDS[command](rectification, who, next_moment(past))
            assert [type(e) for e in events] == [event_type]
        else:
            with pytest.raises(Forbidden) as refused:
                COMMANDS[command](rectification, who, next_moment(past))
            assert refused.value.code == "forbidden"
            assert refused.value.details["allowed_roles"] == ", ".join(
                sorted(r.value for r in allowed)
            )
            assert "action" in refused.value.details
            if by_responsible:
                assert refused.value.details["required_actor"] == "the responsible person"

    @pytest.mark.parametrize("command", list(ROLE_RULES))
    def test_the_role_is_checked_before_the_state(self, command: str) -> None:
        """An outsider learns that they may not, not what state the rectification is in."""
        past = history(CLOSED)
        with pytest.raises(Forbidden):
            COMMANDS[command](given(past), holder_of(Role.AUDITOR), next_moment(past))


class TestTheResponsiblePersonWhateverTheirRoles:
    """ "The responsible person" is the person the notice names, whatever roles they hold: even
    one whose only role would otherwise let them read and nothing more."""

    @pytest.mark.parametrize("role", list(Role))
    @pytest.mark.parametrize("command", RESPONSIBLE_COMMANDS)
    def test_the_responsible_person_sends_it(self, command: str, role: Role) -> None:
        steps, _, _, event_type = ROLE_RULES[command]
        past = history(steps)
        events = COMMANDS[command](given(past), actor(RESPONSIBLE.id, role), next_moment(past))
        assert [type(e) for e in events] == [event_type]

    @pytest.mark.parametrize("command", RESPONSIBLE_COMMANDS)
    def test_a_colleague_in_the_same_department_is_forbidden(self, command: str) -> None:
        steps, *_ = ROLE_RULES[command]
        past = history(steps)
        colleague = actor("u-wh-8", Role.OPERATIONS, department=DEPARTMENT)
        with pytest.raises(Forbidden) as refused:
            COMMANDS[command](given(past), colleague, next_moment(past))
        assert refused.value.message.startswith("only the responsible person ")


class TestTheDepartmentHeadOfThatDepartment:
    """A department head acknowledges for their own department only."""

    def test_the_head_of_another_department_is_forbidden(self) -> None:
        past = history(ISSUED)
        elsewhere = actor("u-head-sales", Role.DEPARTMENT_HEAD, department="sales")
        with pytest.raises(Forbidden) as refused:
            COMMANDS["acknowledge"](given(past), elsewhere, next_moment(past))
        assert refused.value.details["department"] == DEPARTMENT


class TestIssueIsOpenOnlyToSupervisors:
    """Only the supervision group issues rectification notices."""

    @pytest.mark.parametrize("role", list(Role))
    def test_role_decides(self, role: Role) -> None:
        if role is Role.SUPERVISOR:
            assert [type(e) for e in issue_as(holder_of(role))] == [RectificationIssued]
        else:
            with pytest.raises(Forbidden) as refused:
                issue_as(holder_of(role))
            assert refused.value.details == {
                "action": "issue a rectification",
                "allowed_roles": "supervisor",
            }


class TestAnActorWithSeveralRoles:
    """Holding several roles, an actor may do what any one of them allows."""

    def test_a_supervisor_and_manager_extends_and_verifies(self) -> None:
        both = actor("u-both", Role.SUPERVISOR, Role.MANAGEMENT)
        past = history(SUBMITTED)
        extended = COMMANDS["extend"](given(past), both, next_moment(past))
        later = [*past, *extended]
        verified = COMMANDS["verify"](given(later), both, next_moment(later))
        assert [type(e) for e in extended + verified] == [
            RectificationDeadlineExtended,
            RectificationVerified,
        ]
