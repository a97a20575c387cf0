"""Who may send each risk command (DOMAIN §6 "who"): every command by every role, the owner
and that action's owner whatever roles they hold."""

from __future__ import annotations

import pytest

from domain.risk import decisions
from domain.risk.events import (
    MitigationActionAdded,
    MitigationActionCompleted,
    ResidualRiskAssessed,
    ResponseChosen,
    RiskAcceptanceApproved,
    RiskAssessed,
    RiskClosed,
    RiskEvent,
    RiskIdentified,
    RiskReopened,
    RiskReviewed,
)
from domain.shared.actor import Actor, Role
from domain.shared.errors import Forbidden
from tests.domain.risk.fixtures import (
    ACCEPTANCE_PENDING,
    ASSESSED,
    CLOSED,
    COMMANDS,
    DOER,
    IDENTIFIED,
    MONITORING,
    OWNER,
    RESPONDING,
    Step,
    actor,
    given,
    history,
    identify_as,
    next_moment,
)

OFFICERS = frozenset({Role.RISK_OFFICER})
NOBODY_BY_ROLE: frozenset[Role] = frozenset()
THE_OWNER, THE_ACTIONS_OWNER = "the owner", "that action's owner"


def holder_of(role: Role) -> Actor:
    """Someone holding only `role`, who neither owns the risk nor any of its actions."""
    return actor(f"u-{role.value}", role)


#: command: (the history it is sent after, the roles that may send it, the person recorded on
#: the risk who may send it too, whatever their roles, the event decided).
ROLE_RULES: dict[str, tuple[tuple[Step, ...], frozenset[Role], str | None, type[RiskEvent]]] = {
    "assess": (IDENTIFIED, OFFICERS, THE_OWNER, RiskAssessed),
    "choose_response": (ASSESSED, OFFICERS, THE_OWNER, ResponseChosen),
    "approve_acceptance": (
        ACCEPTANCE_PENDING,
        frozenset({Role.MANAGEMENT}),
        None,
        RiskAcceptanceApproved,
    ),
    "add_action": (RESPONDING, OFFICERS, THE_OWNER, MitigationActionAdded),
    "complete_action": (RESPONDING, NOBODY_BY_ROLE, THE_ACTIONS_OWNER, MitigationActionCompleted),
    "assess_residual": (RESPONDING, OFFICERS, None, ResidualRiskAssessed),
    "review": (ASSESSED, OFFICERS, THE_OWNER, RiskReviewed),
    "close": (MONITORING, OFFICERS, None, RiskClosed),
    "reopen": (CLOSED, OFFICERS, None, RiskReopened),
}
#: Who "the owner" and "that action's owner" are on every road of the table.
RECORDED = {THE_OWNER: OWNER, THE_ACTIONS_OWNER: DOER}

EVERY_COMMAND_AND_ROLE = [
    pytest.param(command, role, id=f"{command}-by-{role}")
    for command in ROLE_RULES
    for role in Role
]
RECORDED_COMMANDS = [
    pytest.param(command, recorded, role, id=f"{command}-by-{recorded}-as-{role}")
    for command, (_, _, recorded, _) in ROLE_RULES.items()
    if recorded is not None
    for role in Role
]


def test_the_tables_cover_every_decision() -> None:
    """A decision added without its rows here (and a command in the fixtures) fails."""
    assert set(ROLE_RULES) | {"identify"} == set(decisions.__all__)
    assert set(COMMANDS) == set(ROLE_RULES)


class TestEachCommandIsOpenOnlyToItsRoles:
    """A holder of a listed role gets the command's event; every other role gets `forbidden`,
    naming the roles allowed and, where the rule names them, the person recorded."""

    @pytest.mark.parametrize(("command", "role"), EVERY_COMMAND_AND_ROLE)
    def test_role_decides(self, command: str, role: Role) -> None:
        steps, allowed, recorded, event_type = ROLE_RULES[command]
        past = history(steps)
        risk, who = given(past), holder_of(role)

        if role in allowed:
            events = COMMANDS[command](risk, who, next_moment(past))
            assert [type(e) for e in events] == [event_type]
        else:
            with pytest.raises(Forbidden) as refused:
                COMMANDS[command](risk, who, next_moment(past))
            assert refused.value.code == "forbidden"
            assert refused.value.details["allowed_roles"] == ", ".join(
                sorted(r.value for r in allowed)
            )
            assert "action" in refused.value.details
            if recorded is not None:
                assert refused.value.details["required_actor"] == recorded
                assert refused.value.message.startswith(f"only {recorded} may ")

    @pytest.mark.parametrize("command", [c for c in ROLE_RULES if c != "complete_action"])
    def test_the_role_is_checked_before_the_state(self, command: str) -> None:
        """An outsider learns that they may not, not what state the risk is in. (Who may
        complete an action follows from the action named, so that is looked up first.)"""
        past = history(CLOSED if command != "reopen" else IDENTIFIED)
        with pytest.raises(Forbidden):
            COMMANDS[command](given(past), holder_of(Role.AUDITOR), next_moment(past))


class TestTheRecordedPersonWhateverTheirRoles:
    """ "The owner" and "that action's owner" are the people whose ids the risk records, whatever
    roles they hold: even a role that would otherwise let them read and nothing more."""

    @pytest.mark.parametrize(("command", "recorded", "role"), RECORDED_COMMANDS)
    def test_the_recorded_person_sends_it(self, command: str, recorded: str, role: Role) -> None:
        steps, _, _, event_type = ROLE_RULES[command]
        past = history(steps)
        who = actor(RECORDED[recorded].id, role)
        events = COMMANDS[command](given(past), who, next_moment(past))
        assert [type(e) for e in events] == [event_type]

    def test_the_risks_owner_does_not_complete_someone_elses_action(self) -> None:
        past = history(RESPONDING)
        with pytest.raises(Forbidden) as refused:
            COMMANDS["complete_action"](given(past), OWNER, next_moment(past))
        assert refused.value.details["required_actor"] == THE_ACTIONS_OWNER

    def test_nor_does_a_risk_officer(self) -> None:
        past = history(RESPONDING)
        with pytest.raises(Forbidden):
            COMMANDS["complete_action"](
                given(past), holder_of(Role.RISK_OFFICER), next_moment(past)
            )

    def test_an_actions_owner_is_not_the_risks_owner(self) -> None:
        """Owning an action gives no say over the risk itself."""
        past = history(RESPONDING)
        with pytest.raises(Forbidden):
            COMMANDS["review"](given(past), DOER, next_moment(past))


class TestIdentifyIsOpenToAnyEmployee:
    """Any employee identifies a risk: anyone but the auditor and the system."""

    @pytest.mark.parametrize("role", list(Role))
    def test_role_decides(self, role: Role) -> None:
        if role in (Role.AUDITOR, Role.SYSTEM):
            with pytest.raises(Forbidden) as refused:
                identify_as(holder_of(role))
            assert refused.value.details["action"] == "identify a risk"
            assert "auditor" not in refused.value.details["allowed_roles"]
            assert "system" not in refused.value.details["allowed_roles"]
        else:
            assert [type(e) for e in identify_as(holder_of(role))] == [RiskIdentified]

    def test_an_auditor_who_is_also_an_employee_identifies(self) -> None:
        both = actor("u-both", Role.AUDITOR, Role.FINANCE)
        assert [type(e) for e in identify_as(both)] == [RiskIdentified]
