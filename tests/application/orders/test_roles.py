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

#: Two roads that send every order command where it is accepted, in turn: (command type,
#: review aspect or None). Before each step is taken by its right sender, every wrong role
#: tries it.
MAIN_ROAD: list[tuple[str, str | None]] = [
    ("order.draft", None),
    ("order.amend", None),
    ("order.request_review", None),
    ("order.review_clause", "legal"),
    ("order.review_clause", "financial"),
    ("order.review_clause", "risk"),
    ("order.sign", None),
    ("order.start_fulfilment", None),
    ("order.ship", None),
    ("order.confirm_delivery", None),
    ("order.invoice", None),
    ("order.record_payment", None),
    ("order.close", None),
]
SIDE_ROAD: list[tuple[str, str | None]] = [
    ("order.hold", None),
    ("order.resume", None),
    ("order.cancel", None),
]

ORDER_COMMANDS = sorted(t for t in COMMANDS if t.startswith("order."))
EVERY_ROLE = [role.value for role in Role]


class TestTheRoleTableCoversTheCatalogue:
    def test_every_order_command_in_the_catalogue_has_a_row(self) -> None:
        assert set(WHO) == set(ORDER_COMMANDS)
        assert {command_type for command_type, _ in MAIN_ROAD + SIDE_ROAD} == set(ORDER_COMMANDS)

    @pytest.mark.parametrize("command_type", ORDER_COMMANDS)
    def test_the_declared_senders_are_domains(self, command_type: str) -> None:
        declared = {role.value for role in COMMANDS[command_type].who.roles}
        assert declared == WHO[command_type]


def allowed_for(command_type: str, aspect: str | None) -> frozenset[str]:
    return WHO[command_type] if aspect is None else frozenset({ASPECT_ROLE[aspect]})


def sent(command_type: str, aspect: str | None, order_id: UUID | None, actor: Json) -> Json:
    """The step's command to the order, from `actor`."""
    if aspect is not None:
        assert order_id is not None
        return review(order_id, aspect, actor=actor)
    return command(command_type.removeprefix("order."), order_id, actor=actor)


Found = dict[str, dict[str, tuple[str | None, bool]]]


def walked(
    ledger: Opsledger, clock: FixedClock, road: list[tuple[str, str | None]], order_id: UUID | None
) -> tuple[Found, UUID | None]:
    """Walk `road`: at each step every role not allowed tries it, then the right sender takes
    it. Gives, per step, each wrong role's code and, for `forbidden`, whether the roles it
    names include an allowed one and not the sender's; and the order walked."""
    found: Found = {}
    for command_type, aspect in road:
        allowed = allowed_for(command_type, aspect)
        before = head(ledger)
        results = {}
        bodies = []
        for role in (role for role in EVERY_ROLE if role not in allowed):
            bodies.append(sent(command_type, aspect, order_id, holding(role)))
            refused = ledger.submit(bodies[-1])
            named = set(refused.details.get("allowed_roles", "").split(", ")) - {""}
            # `system` is refused for claiming the sweep's role, whatever the command
            names_rightly = role == "system" or bool(named & allowed and role not in named)
            results[role] = (refused.code, names_rightly)
        assert head(ledger) == before, command_type
        logged = ledger.security_log.entries()[-len(bodies) :]
        assert [e.command_id for e in logged] == [body["command_id"] for body in bodies]
        found[f"{command_type}/{aspect}" if aspect else command_type] = results

        clock.advance(hours=1)
        right = holding(*sorted(allowed)[:1])
        order_id = accept(ledger, sent(command_type, aspect, order_id, right)).aggregate_id
    return found, order_id


def all_forbidden(road: list[tuple[str, str | None]]) -> Found:
    """What `walked` must find: every wrong role forbidden, with the roles named rightly."""
    return {
        f"{command_type}/{aspect}" if aspect else command_type: {
            role: ("forbidden", True)
            for role in EVERY_ROLE
            if role not in allowed_for(command_type, aspect)
        }
        for command_type, aspect in road
    }


class TestEveryOtherRoleIsForbidden:
    """For every order command (and each review aspect), an actor holding any single role that
    DOMAIN does not list for it is refused `forbidden`, naming roles that may send it; nothing
    is appended and each refusal is in the security log; then the right sender is accepted."""

    def test_along_an_orders_life(self, ledger: Opsledger, clock: FixedClock) -> None:
        """Draft to closed. Only legal reviews the legal aspect, finance the financial, a risk
        officer the risk: the other two reviewers are forbidden as much as anyone."""
        found, order_id = walked(ledger, clock, MAIN_ROAD, None)
        assert found == all_forbidden(MAIN_ROAD)
        assert order_id is not None
        assert status_of(ledger, order_id) == "closed"

    def test_hold_resume_and_cancel(self, ledger: Opsledger, clock: FixedClock) -> None:
        order_id = drive(ledger, clock, to="signed")
        found, _ = walked(ledger, clock, SIDE_ROAD, order_id)
        assert found == all_forbidden(SIDE_ROAD)
        assert status_of(ledger, order_id) == "cancelled"

    def test_several_wrong_roles_together_are_still_forbidden(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        order_id = drive(ledger, clock, to="in_fulfilment")
        everyone_but = holding(*(r for r in EVERY_ROLE if r not in ("operations", "system")))
        refused = refuse(ledger, command("ship", order_id, actor=everyone_but), "forbidden")
        assert refused.details["allowed_roles"] == "operations"


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
