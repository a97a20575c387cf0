"""Who may send each order command (DOMAIN §2 "who"): every command by every role."""

from __future__ import annotations

import pytest

from domain.order.events import (
    ContractClauseReviewed,
    ContractReviewRequested,
    ContractSigned,
    DeliveryConfirmed,
    FulfilmentStarted,
    InvoiceIssued,
    OrderAmended,
    OrderCancelled,
    OrderClosed,
    OrderDrafted,
    OrderEvent,
    OrderPutOnHold,
    OrderResumed,
    PaymentReceived,
    ShipmentDispatched,
)
from domain.order.values import Status
from domain.shared.actor import Actor, Role
from domain.shared.errors import Forbidden
from tests.domain.order.fixtures import (
    APPROVED,
    COMMANDS,
    DELIVERED,
    DRAFT,
    IN_FULFILMENT,
    INVOICED_IN_FULL,
    ON_HOLD,
    PAID_IN_FULL,
    SHIPPED_IN_FULL,
    SIGNED,
    UNDER_REVIEW,
    Step,
    actor,
    draft_as,
    given,
    history,
    next_moment,
)

REP = Role.SALES_REP
SM = Role.SALES_MANAGER


def holder_of(role: Role) -> Actor:
    """Someone holding only `role`, who is not the order's sales rep."""
    return actor(f"u-{role.value}", role)


#: command: (the history it is sent after, the roles that may send it, the first event decided).
ROLE_RULES: dict[str, tuple[tuple[Step, ...], frozenset[Role], type[OrderEvent]]] = {
    "amend": (DRAFT, frozenset({REP}), OrderAmended),
    "request_review": (DRAFT, frozenset({REP}), ContractReviewRequested),
    "review_legal": (UNDER_REVIEW, frozenset({Role.LEGAL}), ContractClauseReviewed),
    "review_financial": (UNDER_REVIEW, frozenset({Role.FINANCE}), ContractClauseReviewed),
    "review_risk": (UNDER_REVIEW, frozenset({Role.RISK_OFFICER}), ContractClauseReviewed),
    "sign": (APPROVED, frozenset({SM, Role.MANAGEMENT}), ContractSigned),
    "start_fulfilment": (SIGNED, frozenset({Role.OPERATIONS}), FulfilmentStarted),
    "ship": (IN_FULFILMENT, frozenset({Role.OPERATIONS}), ShipmentDispatched),
    "confirm_delivery": (SHIPPED_IN_FULL, frozenset({Role.OPERATIONS}), DeliveryConfirmed),
    "invoice": (DELIVERED, frozenset({Role.FINANCE}), InvoiceIssued),
    "record_payment": (INVOICED_IN_FULL, frozenset({Role.FINANCE}), PaymentReceived),
    "hold": (IN_FULFILMENT, frozenset({SM}), OrderPutOnHold),
    "resume": (ON_HOLD, frozenset({SM}), OrderResumed),
    "cancel": (DRAFT, frozenset({SM}), OrderCancelled),
    "close": (PAID_IN_FULL, frozenset({Role.FINANCE}), OrderClosed),
}

EVERY_COMMAND_AND_ROLE = [
    pytest.param(command, role, id=f"{command}-by-{role}")
    for command in ROLE_RULES
    for role in Role
]


def test_the_role_table_covers_every_command() -> None:
    assert set(ROLE_RULES) == set(COMMANDS)


class TestEachCommandIsOpenOnlyToItsRoles:
    """A holder of a listed role gets the command's event; every other role gets `forbidden`."""

    @pytest.mark.parametrize(("command", "role"), EVERY_COMMAND_AND_ROLE)
    def test_role_decides(self, command: str, role: Role) -> None:
        steps, allowed, event_type = ROLE_RULES[command]
        past = history(steps)
        order, who = given(past), holder_of(role)

        if role in allowed:
            events = COMMANDS[command](order, who, next_moment(past))
            assert type(events[0]) is event_type
        else:
            with pytest.raises(Forbidden) as refused:
                COMMANDS[command](order, who, next_moment(past))
            assert refused.value.code == "forbidden"
            assert refused.value.details["allowed_roles"] == ", ".join(
                sorted(r.value for r in allowed)
            )
            assert "action" in refused.value.details

    @pytest.mark.parametrize("command", list(ROLE_RULES))
    def test_the_role_is_checked_before_the_state(self, command: str) -> None:
        """An outsider learns that they may not, not what state the order is in."""
        past = history(DRAFT if command != "amend" else PAID_IN_FULL)
        with pytest.raises(Forbidden):
            COMMANDS[command](given(past), holder_of(Role.AUDITOR), next_moment(past))


class TestDraftIsOpenOnlyToSalesReps:
    """Only a sales rep drafts an order."""

    @pytest.mark.parametrize("role", list(Role))
    def test_role_decides(self, role: Role) -> None:
        if role is REP:
            assert [type(e) for e in draft_as(holder_of(role))] == [OrderDrafted]
        else:
            with pytest.raises(Forbidden) as refused:
                draft_as(holder_of(role))
            assert refused.value.details == {
                "action": "draft an order",
                "allowed_roles": "sales_rep",
            }


class TestAnActorWithSeveralRoles:
    """Holding several roles, an actor may do what any one of them allows."""

    def test_a_legal_and_finance_reviewer_reviews_both_aspects(self) -> None:
        both = actor("u-both", Role.LEGAL, Role.FINANCE)
        past = history(UNDER_REVIEW)
        at = next_moment(past)
        legal = COMMANDS["review_legal"](given(past), both, at)
        financial = COMMANDS["review_financial"](given([*past, *legal]), both, at)
        assert [type(e) for e in legal + financial] == [ContractClauseReviewed] * 2

    def test_management_signs_below_the_limit_too(self) -> None:
        past = history(APPROVED)
        events = COMMANDS["sign"](given(past), holder_of(Role.MANAGEMENT), next_moment(past))
        assert [type(e) for e in events] == [ContractSigned]


def test_every_status_has_a_road() -> None:
    """The role table's histories end where its commands are sent (a guard on the fixtures)."""
    assert given(history(ON_HOLD)).status is Status.ON_HOLD
    assert given(history(SHIPPED_IN_FULL)).status is Status.IN_FULFILMENT
