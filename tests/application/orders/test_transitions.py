"""Commands out of state (DOMAIN §2's state machine): `invalid_transition`, naming the status
the order is in; a command to an order that does not exist: `not_found`. Closed and cancelled
orders take no command at all. Nothing is appended. Both stores."""

from __future__ import annotations

from uuid import uuid4

import pytest

from infrastructure.opsledger import Opsledger
from tests.application import complaint_envelopes
from tests.application.order_envelopes import (
    accept,
    command,
    drive,
    head,
    refuse,
    review,
    status_of,
    step,
    version_of,
)
from tests.clocks import FixedClock

#: Every command that acts on an existing order.
ON_AN_ORDER = (
    "amend",
    "request_review",
    "review_legal",
    "review_financial",
    "review_risk",
    "sign",
    "start_fulfilment",
    "ship",
    "confirm_delivery",
    "invoice",
    "record_payment",
    "hold",
    "resume",
    "cancel",
    "close",
)

#: For each status (as `drive` reaches it), commands DOMAIN §2's states do not allow there.
OUT_OF_STATE: dict[str, tuple[str, ...]] = {
    "draft": ("review_legal", "review_risk", "sign", "start_fulfilment", "ship", "resume"),
    "under_review": ("request_review", "sign", "start_fulfilment", "ship", "resume"),
    "approved": ("amend", "request_review", "review_legal", "start_fulfilment", "ship", "resume"),
    "signed": (
        "amend",
        "request_review",
        "review_risk",
        "sign",
        "ship",
        "confirm_delivery",
        "resume",
    ),
    "in_fulfilment": ("amend", "request_review", "review_financial", "sign", "start_fulfilment"),
    "on_hold": ("amend", "sign", "start_fulfilment", "ship", "hold"),
    "delivered": ("amend", "request_review", "sign", "start_fulfilment", "hold", "resume"),
    "closed": ON_AN_ORDER,
    "cancelled": ON_AN_ORDER,
}


class TestOutOfState:
    @pytest.mark.parametrize("status", sorted(OUT_OF_STATE))
    def test_each_command_the_state_does_not_allow(
        self, ledger: Opsledger, clock: FixedClock, status: str
    ) -> None:
        order_id = drive(ledger, clock, to=status)
        clock.advance(hours=1)
        version, before = version_of(ledger, order_id), head(ledger)

        refused = {}
        for name in OUT_OF_STATE[status]:
            result = ledger.submit(step(name, order_id))
            refused[name] = (result.code, result.details.get("status"))

        assert refused == dict.fromkeys(OUT_OF_STATE[status], ("invalid_transition", status))
        assert head(ledger) == before
        assert (status_of(ledger, order_id), version_of(ledger, order_id)) == (status, version)

    def test_an_aspect_reviewed_after_a_rejection_needs_a_new_request(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        """A fail sends the order back to draft: the other reviewers are too late."""
        order_id = drive(ledger, clock, to="under_review")
        clock.advance(hours=1)
        accept(ledger, review(order_id, "risk", "fail", notes="客户信用不足 (poor credit)"))
        clock.advance(hours=1)

        refuse(ledger, review(order_id, "legal"), "invalid_transition")


class TestNoSuchOrder:
    def test_a_command_to_an_unknown_order(self, ledger: Opsledger) -> None:
        codes = {name: ledger.submit(step(name, uuid4())).code for name in ON_AN_ORDER}
        assert codes == dict.fromkeys(ON_AN_ORDER, "not_found")
        assert head(ledger) is None

    def test_a_complaint_is_not_an_order(self, ledger: Opsledger, clock: FixedClock) -> None:
        complaint_id = complaint_envelopes.drive(ledger, clock)
        refuse(ledger, command("hold", complaint_id), "not_found")
