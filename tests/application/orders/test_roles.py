"""Who may send each order command (DOMAIN §2 "who"): every other role is `forbidden`, and the
order's own sales rep may neither review nor sign it (`segregation_of_duties`). The role table
is written from DOMAIN and tied to the production catalogue: a command added without its row
fails here. Refusals append nothing. Both stores."""

from __future__ import annotations

from uuid import UUID

import pytest

from application.commands.catalogue import COMMANDS
from domain.shared.actor import Role
from infrastructure.opsledger import Opsledger
from tests.application.order_envelopes import (
    OTHER_REP,
    SALES_REP,
    Json,
    accept,
    command,
    drive,
    head,
    holding,
    refuse,
    review,
    status_of,
    step,
)
from tests.clocks import FixedClock

#: Who may send each order command, as DOMAIN §2 lists them.
WHO: dict[str, frozenset[str]] = {
    "order.draft": frozenset({"sales_rep"}),
    "order.amend": frozenset({"sales_rep"}),
    "order.request_review": frozenset({"sales_rep"}),
    "order.review_clause": frozenset({"legal", "finance", "risk_officer"}),
    "order.sign": frozenset({"sales_manager", "management"}),
    "order.start_fulfilment": frozenset({"operations"}),
    "order.ship": frozenset({"operations"}),
    "order.confirm_delivery": frozenset({"operations"}),
    "order.invoice": frozenset({"finance"}),
    "order.record_payment": frozenset({"finance"}),
    "order.hold": frozenset({"sales_manager"}),
    "order.resume": frozenset({"sales_manager"}),
    "order.cancel": frozenset({"sales_manager"}),
    "order.close": frozenset({"finance"}),
}

#: Each aspect of a contract review has its own reviewer role (DOMAIN §2).
ASPECT_ROLE = {"legal": "legal", "financial": "finance", "risk": "risk_officer"}

#: Where each command is sent: the status an order is driven to, then the steps taken first.
WHERE: dict[str, tuple[str | None, tuple[str, ...]]] = {
    "order.draft": (None, ()),
    "order.amend": ("draft", ()),
    "order.request_review": ("draft", ()),
    "order.review_clause": ("under_review", ()),
    "order.sign": ("approved", ()),
    "order.start_fulfilment": ("signed", ()),
    "order.ship": ("in_fulfilment", ()),
    "order.confirm_delivery": ("in_fulfilment", ("ship",)),
    "order.invoice": ("delivered", ()),
    "order.record_payment": ("delivered", ("invoice",)),
    "order.hold": ("signed", ()),
    "order.resume": ("on_hold", ()),
    "order.cancel": ("approved", ()),
    "order.close": ("delivered", ("invoice", "record_payment")),
}

ORDER_COMMANDS = sorted(t for t in COMMANDS if t.startswith("order."))
EVERY_ROLE = [role.value for role in Role]


class TestTheRoleTableCoversTheCatalogue:
    def test_every_order_command_in_the_catalogue_has_a_row(self) -> None:
        assert set(WHO) == set(ORDER_COMMANDS)
        assert set(WHERE) == set(ORDER_COMMANDS)

    @pytest.mark.parametrize("command_type", ORDER_COMMANDS)
    def test_the_declared_senders_are_domains(self, command_type: str) -> None:
        declared = {role.value for role in COMMANDS[command_type].who.roles}
        assert declared == WHO[command_type]


def placed(ledger: Opsledger, clock: FixedClock, command_type: str) -> UUID | None:
    """An order where `command_type` is accepted from the right sender (None for a draft)."""
    status, first = WHERE[command_type]
    if status is None:
        return None
    order_id = drive(ledger, clock, to=status)
    for name in first:
        clock.advance(hours=1)
        accept(ledger, step(name, order_id))
    clock.advance(hours=1)
    return order_id


def assert_all_forbidden(ledger: Opsledger, bodies: list[Json], allowed: frozenset[str]) -> None:
    """Each body is refused `forbidden`, naming roles that may send it and none its sender
    holds; none appends anything, and each refusal is in the security log."""
    before = head(ledger)
    for body in bodies:
        refused = ledger.submit(body)
        assert (refused.ok, refused.code) == (False, "forbidden"), (body, refused.to_json())
        if "system" in body["actor"]["roles"]:
            continue  # the sweep's own role: refused for claiming it, whatever the command
        named = set(refused.details["allowed_roles"].split(", "))
        assert named & allowed, refused.details
        assert not named & set(body["actor"]["roles"]), refused.details
    assert head(ledger) == before
    logged = ledger.security_log.entries()[-len(bodies) :]
    assert [(e.code, e.command_id) for e in logged] == [
        ("forbidden", body["command_id"]) for body in bodies
    ]


class TestEveryOtherRoleIsForbidden:
    """For every order command, an actor holding any single role DOMAIN does not list for it is
    refused `forbidden` (naming the roles that may) and the log is unchanged; then the right
    sender is accepted on the same order."""

    @pytest.mark.parametrize(
        "command_type", [t for t in ORDER_COMMANDS if t != "order.review_clause"]
    )
    def test_each_wrong_role(self, ledger: Opsledger, clock: FixedClock, command_type: str) -> None:
        verb = command_type.removeprefix("order.")
        allowed = WHO[command_type]
        order_id = placed(ledger, clock, command_type)
        wrong = [role for role in EVERY_ROLE if role not in allowed]
        assert len(wrong) >= len(EVERY_ROLE) - 2

        assert_all_forbidden(
            ledger, [command(verb, order_id, actor=holding(role)) for role in wrong], allowed
        )

        right = holding(*sorted(allowed)[:1])
        assert accept(ledger, command(verb, order_id, actor=right)).ok

    @pytest.mark.parametrize("aspect", sorted(ASPECT_ROLE))
    def test_each_wrong_role_per_review_aspect(
        self, ledger: Opsledger, clock: FixedClock, aspect: str
    ) -> None:
        """Only legal reviews the legal aspect, finance the financial, a risk officer the risk:
        the other two reviewers are forbidden as much as anyone."""
        allowed = frozenset({ASPECT_ROLE[aspect]})
        order_id = drive(ledger, clock, to="under_review")

        wrong = [role for role in EVERY_ROLE if role not in allowed]
        assert_all_forbidden(
            ledger, [review(order_id, aspect, actor=holding(role)) for role in wrong], allowed
        )

        assert accept(ledger, review(order_id, aspect, actor=holding(ASPECT_ROLE[aspect]))).ok

    def test_several_wrong_roles_together_are_still_forbidden(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        order_id = drive(ledger, clock, to="in_fulfilment")
        everyone_but = holding(*(r for r in EVERY_ROLE if r not in ("operations", "system")))
        assert_all_forbidden(
            ledger, [command("ship", order_id, actor=everyone_but)], frozenset({"operations"})
        )


class TestTheOrdersSalesRepNeitherReviewsNorSigns:
    """SoD (DOMAIN §2): the reviewer is never the order's sales rep, nor is the signatory,
    whatever roles that person holds."""

    @pytest.mark.parametrize("aspect", sorted(ASPECT_ROLE))
    @pytest.mark.parametrize(
        "keeps_sales_rep", [True, False], ids=["with-sales_rep", "reviewer-only"]
    )
    def test_reviewing_their_own_order(
        self, ledger: Opsledger, clock: FixedClock, aspect: str, keeps_sales_rep: bool
    ) -> None:
        order_id = drive(ledger, clock, to="under_review")
        roles = ("sales_rep", ASPECT_ROLE[aspect]) if keeps_sales_rep else (ASPECT_ROLE[aspect],)
        themselves = holding(*roles, actor_id=SALES_REP["id"])

        refuse(ledger, review(order_id, aspect, actor=themselves), "segregation_of_duties")

        assert ledger.security_log.entries()[-1].code == "segregation_of_duties"
        assert status_of(ledger, order_id) == "under_review"

    @pytest.mark.parametrize("role", ["sales_manager", "management"])
    def test_signing_their_own_order(self, ledger: Opsledger, clock: FixedClock, role: str) -> None:
        order_id = drive(ledger, clock, to="approved")
        themselves = holding("sales_rep", role, actor_id=SALES_REP["id"])

        refused = refuse(
            ledger, command("sign", order_id, actor=themselves), "segregation_of_duties"
        )

        assert refused.details["duty"] == "drafted"
        assert status_of(ledger, order_id) == "approved"

    def test_another_sales_rep_may_review_and_sign(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        """The rule is about the order's own sales rep, not about the sales_rep role."""
        order_id = drive(ledger, clock, to="under_review")
        for aspect, role in ASPECT_ROLE.items():
            colleague = holding("sales_rep", role, actor_id=OTHER_REP["id"])
            clock.advance(hours=1)
            accept(ledger, review(order_id, aspect, actor=colleague))
        clock.advance(hours=1)
        colleague = holding("sales_rep", "sales_manager", actor_id=OTHER_REP["id"])
        signed = accept(ledger, command("sign", order_id, actor=colleague))
        assert signed.events == ("ContractSigned",)
