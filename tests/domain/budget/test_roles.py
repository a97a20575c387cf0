"""Who may send each budget command (DOMAIN §5 "who"): every command by every role."""

from __future__ import annotations

import pytest

from domain.budget import decisions
from domain.budget.events import (
    AdjustmentRejected,
    AdjustmentRequested,
    AdjustmentReviewed,
    BudgetAdjusted,
    BudgetApproved,
    BudgetClosed,
    BudgetDrafted,
    BudgetDraftRevised,
    BudgetEvent,
    BudgetReviewed,
    BudgetSubmitted,
    FundsCommitted,
    SpendRecorded,
)
from domain.budget.values import Status
from domain.shared.actor import Actor, Role
from domain.shared.errors import Forbidden
from tests.domain.budget.fixtures import (
    ADJUSTMENT_PENDING,
    ADJUSTMENT_REVIEWED,
    APPROVED,
    COMMANDS,
    DRAFTED,
    REVIEWED,
    SUBMITTED,
    Step,
    actor,
    draft_as,
    given,
    history,
    next_moment,
)

HEAD = frozenset({Role.DEPARTMENT_HEAD})
FINANCE = frozenset({Role.FINANCE})
MANAGEMENT = frozenset({Role.MANAGEMENT})


def holder_of(role: Role) -> Actor:
    """Someone holding only `role`, who neither drafted, submitted, reviewed nor requested."""
    return actor(f"u-{role.value}", role)


#: command: (the history it is sent after, the roles that may send it, the first event decided).
ROLE_RULES: dict[str, tuple[tuple[Step, ...], frozenset[Role], type[BudgetEvent]]] = {
    "revise_draft": (DRAFTED, HEAD, BudgetDraftRevised),
    "submit": (DRAFTED, HEAD, BudgetSubmitted),
    "review": (SUBMITTED, FINANCE, BudgetReviewed),
    "approve": (REVIEWED, MANAGEMENT, BudgetApproved),
    "commit_funds": (
        APPROVED,
        frozenset({Role.DEPARTMENT_HEAD, Role.PROJECT_MANAGER}),
        FundsCommitted,
    ),
    "record_spend": (APPROVED, FINANCE, SpendRecorded),
    "request_adjustment": (APPROVED, HEAD, AdjustmentRequested),
    "review_adjustment": (ADJUSTMENT_PENDING, FINANCE, AdjustmentReviewed),
    "approve_adjustment": (ADJUSTMENT_REVIEWED, MANAGEMENT, BudgetAdjusted),
    "reject_adjustment": (ADJUSTMENT_REVIEWED, MANAGEMENT, AdjustmentRejected),
    "close": (APPROVED, frozenset({Role.FINANCE_MANAGER}), BudgetClosed),
}

EVERY_COMMAND_AND_ROLE = [
    pytest.param(command, role, id=f"{command}-by-{role}")
    for command in ROLE_RULES
    for role in Role
]


def test_the_tables_cover_every_decision() -> None:
    """A decision added without its rows here (and a command in the fixtures) fails."""
    assert set(ROLE_RULES) | {"draft"} == set(decisions.__all__)
    assert set(COMMANDS) == set(ROLE_RULES)


class TestEachCommandIsOpenOnlyToItsRoles:
    """A holder of a listed role gets the command's event; every other role gets `forbidden`,
    naming the action and the roles allowed."""

    @pytest.mark.parametrize(("command", "role"), EVERY_COMMAND_AND_ROLE)
    def test_role_decides(self, command: str, role: Role) -> None:
        steps, allowed, event_type = ROLE_RULES[command]
        past = history(steps)
        budget, who = given(past), holder_of(role)

        if role in allowed:
            events = COMMANDS[command](budget, who, next_moment(past))
            assert type(events[0]) is event_type
        else:
            with pytest.raises(Forbidden) as refused:
                COMMANDS[command](budget, who, next_moment(past))
            assert refused.value.code == "forbidden"
            assert refused.value.details["allowed_roles"] == ", ".join(
                sorted(r.value for r in allowed)
            )
            assert "budget" in refused.value.details["action"]

    @pytest.mark.parametrize("command", list(ROLE_RULES))
    def test_the_role_is_checked_before_the_state(self, command: str) -> None:
        """An outsider learns that they may not, not what state the budget is in."""
        past = history(DRAFTED if command != "revise_draft" else APPROVED)
        with pytest.raises(Forbidden):
            COMMANDS[command](given(past), holder_of(Role.AUDITOR), next_moment(past))


class TestDraftIsForDepartmentHeads:
    """Only a department head drafts a budget."""

    @pytest.mark.parametrize("role", list(Role))
    def test_role_decides(self, role: Role) -> None:
        if role is Role.DEPARTMENT_HEAD:
            assert [type(e) for e in draft_as(holder_of(role))] == [BudgetDrafted]
        else:
            with pytest.raises(Forbidden) as refused:
                draft_as(holder_of(role))
            assert refused.value.details == {
                "action": "draft a budget",
                "allowed_roles": "department_head",
            }

    def test_a_head_who_holds_other_roles_too_drafts(self) -> None:
        both = actor("u-both", Role.AUDITOR, Role.DEPARTMENT_HEAD)
        assert [type(e) for e in draft_as(both)] == [BudgetDrafted]


def test_every_road_of_the_role_table_ends_where_its_command_is_sent() -> None:
    """A guard on the fixtures."""
    assert given(history(APPROVED)).status is Status.APPROVED
    pending = given(history(ADJUSTMENT_REVIEWED)).pending_adjustment
    assert pending is not None
    assert pending.reviewed_by is not None
