"""The shared guards: each refuses with its stable code and names what the caller needs to know."""

from __future__ import annotations

import enum

import pytest

from domain.shared.actor import Actor, Role
from domain.shared.errors import Forbidden, InvalidTransition, RuleViolation, SegregationOfDuties
from domain.shared.guards import (
    is_recorded_actor,
    require_recorded_actor,
    require_role,
    require_segregated,
    require_status,
    require_text,
)

LEGAL = Actor(id="u-legal-1", roles=[Role.LEGAL])
BOTH = Actor(id="u-both", roles=[Role.LEGAL, Role.FINANCE])
REP = Actor(id="u-rep-1", roles=[Role.SALES_REP])


class Light(enum.StrEnum):
    RED = "red"
    GREEN = "green"
    AMBER = "amber"


class TestRequireRole:
    """Holding any one of the listed roles is enough; otherwise `forbidden`."""

    def test_a_holder_of_any_listed_role_passes(self) -> None:
        require_role(BOTH, Role.FINANCE, Role.MANAGEMENT, action="approve")

    def test_others_are_forbidden_and_told_which_roles_may(self) -> None:
        with pytest.raises(Forbidden) as refused:
            require_role(REP, Role.MANAGEMENT, Role.FINANCE, action="approve a budget")
        assert refused.value.code == "forbidden"
        assert refused.value.details == {
            "action": "approve a budget",
            "allowed_roles": "finance, management",
        }
        assert (
            refused.value.message == "approve a budget needs one of the roles: finance, management"
        )


class TestRequireStatus:
    """A command in a state its rule does not name is an `invalid_transition`."""

    def test_an_allowed_state_passes(self) -> None:
        require_status(Light.GREEN, Light.GREEN, Light.AMBER, subject="signal", action="go")

    def test_any_other_state_is_refused_with_the_state_and_action(self) -> None:
        with pytest.raises(InvalidTransition) as refused:
            require_status(Light.RED, Light.GREEN, subject="signal", action="go")
        assert refused.value.code == "invalid_transition"
        assert refused.value.details == {"status": "red", "action": "go"}
        assert refused.value.message == "cannot go a signal that is red"

    def test_a_subject_starting_with_a_vowel_takes_an(self) -> None:
        with pytest.raises(InvalidTransition) as refused:
            require_status(Light.RED, Light.GREEN, subject="order", action="ship")
        assert refused.value.message == "cannot ship an order that is red"


class TestRequireText:
    """Text a rule needs must say something."""

    @pytest.mark.parametrize("blank", ["", " ", "\t\n", "\u3000"])
    def test_blank_text_is_a_rule_violation_naming_the_field(self, blank: str) -> None:
        with pytest.raises(RuleViolation) as refused:
            require_text(blank, "carrier")
        assert refused.value.code == "rule_violation"
        assert refused.value.details == {"field": "carrier"}

    def test_text_that_says_something_passes(self) -> None:
        require_text(" 顺丰 ", "carrier")


class TestRecordedActor:
    """ "The owner", "the assignee": the person recorded in that part, whatever their roles."""

    def test_the_recorded_person_passes_without_any_role(self) -> None:
        nobody_special = Actor(id="u-7", roles=[Role.OPERATIONS])
        require_recorded_actor(nobody_special, "u-7", who="the owner", action="review the risk")
        assert is_recorded_actor(nobody_special, "u-7")

    def test_someone_else_is_forbidden_even_with_senior_roles(self) -> None:
        boss = Actor(id="u-boss", roles=[Role.MANAGEMENT])
        with pytest.raises(Forbidden) as refused:
            require_recorded_actor(boss, "u-7", who="the owner", action="review the risk")
        assert refused.value.message == "only the owner may review the risk"
        assert refused.value.details == {
            "action": "review the risk",
            "allowed_roles": "",
            "required_actor": "the owner",
        }

    def test_nobody_is_the_recorded_person_while_none_is_recorded(self) -> None:
        assert not is_recorded_actor(LEGAL, None)
        with pytest.raises(Forbidden):
            require_recorded_actor(LEGAL, None, who="the assignee", action="propose")

    def test_holders_of_the_extra_roles_pass_too(self) -> None:
        require_recorded_actor(
            LEGAL, "u-7", who="the owner or legal", action="review", or_roles=[Role.LEGAL]
        )
        with pytest.raises(Forbidden) as refused:
            require_recorded_actor(
                REP, "u-7", who="the owner or legal", action="review", or_roles=[Role.LEGAL]
            )
        assert refused.value.details["allowed_roles"] == "legal"


class TestSegregation:
    """Whoever already holds a duty on a record may not take the next one."""

    def test_someone_else_passes(self) -> None:
        require_segregated(LEGAL, "u-rep-1", duty="drafted", subject="order", action="review")

    def test_nobody_holds_a_duty_not_yet_taken(self) -> None:
        require_segregated(LEGAL, None, duty="submitted", subject="budget", action="approve")

    def test_the_holder_is_refused_and_the_duty_is_named(self) -> None:
        with pytest.raises(SegregationOfDuties) as refused:
            require_segregated(REP, "u-rep-1", duty="drafted", subject="order", action="sign")
        assert refused.value.code == "segregation_of_duties"
        assert refused.value.details == {"duty": "drafted", "action": "sign"}
        assert refused.value.message == "u-rep-1 already drafted this order and may not sign it"
