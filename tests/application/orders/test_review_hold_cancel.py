"""The contract review round, holds and cancellation (DOMAIN §2): an amendment voids earlier
clause reviews and returns the order to draft; a failed aspect rejects the contract back to
draft; a held order resumes exactly where it was; an order is never cancelled after its first
shipment. Both stores."""

from __future__ import annotations

from decimal import Decimal

import pytest

from domain.order.events import ContractSigned
from infrastructure.opsledger import Opsledger
from tests.application.ledger_reading import event_as
from tests.application.order_envelopes import (
    LINES,
    accept,
    command,
    drive,
    refuse,
    review,
    status_of,
    step,
)
from tests.clocks import FixedClock

APPROVING = ("ContractClauseReviewed", "ContractApproved")


class TestAnAmendmentClearsTheReviews:
    def test_every_aspect_is_reviewed_again(self, ledger: Opsledger, clock: FixedClock) -> None:
        order_id = drive(ledger, clock, to="under_review")
        accept(ledger, review(order_id, "legal"))
        accept(ledger, review(order_id, "financial"))  # version 4
        fewer = [{**LINES[0], "quantity": 8}, LINES[1]]  # 8 x 100.00 + 5 x 20.50 = 902.50

        amended = accept(ledger, command("amend", order_id, payload={"lines": fewer}))

        assert (amended.version, amended.events) == (5, ("OrderAmended",))
        assert status_of(ledger, order_id) == "draft"
        accept(ledger, command("request_review", order_id))
        # the risk aspect alone does not complete the round: the earlier passes are void
        assert accept(ledger, review(order_id, "risk")).events == ("ContractClauseReviewed",)
        assert accept(ledger, review(order_id, "legal")).events == ("ContractClauseReviewed",)
        approved = accept(ledger, review(order_id, "financial"))
        assert (approved.version, approved.events) == (10, APPROVING)

        accept(ledger, command("sign", order_id))
        signed = event_as(ledger.history(order_id)[-1], ContractSigned)
        assert signed.order_value == Decimal("902.50")


class TestARejectedContract:
    def test_back_to_draft_then_amended_and_approved(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        order_id = drive(ledger, clock, to="under_review")
        accept(ledger, review(order_id, "legal"))

        rejected = accept(ledger, review(order_id, "risk", "fail", notes="客户信用不足"))

        assert (rejected.version, rejected.events) == (
            5,
            ("ContractClauseReviewed", "ContractRejected"),
        )
        assert status_of(ledger, order_id) == "draft"
        refuse(ledger, command("sign", order_id), "invalid_transition")

        terms = {"payment_terms": "100% in advance"}
        assert accept(ledger, command("amend", order_id, payload=terms)).version == 6
        assert accept(ledger, command("request_review", order_id)).version == 7
        for aspect in ("legal", "financial"):
            accept(ledger, review(order_id, aspect))
        approved = accept(ledger, review(order_id, "risk"))

        assert (approved.version, approved.events) == (11, APPROVING)
        assert status_of(ledger, order_id) == "approved"
        assert ledger.state(order_id)[1].state.payment_terms == "100% in advance"

    @pytest.mark.parametrize("aspect", ["legal", "financial", "risk"])
    def test_any_one_aspect_failing_rejects(
        self, ledger: Opsledger, clock: FixedClock, aspect: str
    ) -> None:
        order_id = drive(ledger, clock, to="under_review")
        others = [a for a in ("legal", "financial", "risk") if a != aspect]
        accept(ledger, review(order_id, others[0]))
        accept(ledger, review(order_id, others[1]))

        rejected = accept(ledger, review(order_id, aspect, "fail", notes="不通过 (fails)"))

        assert rejected.events == ("ContractClauseReviewed", "ContractRejected")
        assert status_of(ledger, order_id) == "draft"


class TestHoldAndResume:
    @pytest.mark.parametrize(
        ("status", "version"),
        [("draft", 1), ("under_review", 2), ("approved", 6), ("signed", 7), ("in_fulfilment", 8)],
    )
    def test_back_where_it_was(
        self, ledger: Opsledger, clock: FixedClock, status: str, version: int
    ) -> None:
        order_id = drive(ledger, clock, to=status)
        clock.advance(hours=1)
        held = accept(ledger, command("hold", order_id))
        assert (held.version, held.events) == (version + 1, ("OrderPutOnHold",))
        assert status_of(ledger, order_id) == "on_hold"

        clock.advance(days=3)
        resumed = accept(ledger, command("resume", order_id))

        assert (resumed.version, resumed.events) == (version + 2, ("OrderResumed",))
        assert status_of(ledger, order_id) == status

    def test_a_review_round_carries_on_after_a_hold(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        order_id = drive(ledger, clock, to="under_review")
        accept(ledger, review(order_id, "legal"))
        accept(ledger, command("hold", order_id))
        refuse(ledger, review(order_id, "financial"), "invalid_transition")
        accept(ledger, command("resume", order_id))

        accept(ledger, review(order_id, "financial"))
        assert accept(ledger, review(order_id, "risk")).events == APPROVING

    def test_fulfilment_carries_on_after_a_hold(self, ledger: Opsledger, clock: FixedClock) -> None:
        order_id = drive(ledger, clock, to="in_fulfilment")
        accept(ledger, step("ship", order_id))
        accept(ledger, command("hold", order_id))
        refuse(ledger, step("confirm_delivery", order_id), "invalid_transition")
        accept(ledger, command("resume", order_id))

        delivered = accept(ledger, step("confirm_delivery", order_id))
        assert delivered.events == ("DeliveryConfirmed", "OrderDelivered")


class TestNoCancellationAfterTheFirstShipment:
    def test_in_fulfilment_and_on_hold(self, ledger: Opsledger, clock: FixedClock) -> None:
        order_id = drive(ledger, clock, to="in_fulfilment")
        one = {"lines": [{"sku": "FP-5", "quantity": 1}], "carrier": "顺丰速运"}
        accept(ledger, command("ship", order_id, payload=one))

        refuse(ledger, command("cancel", order_id), "rule_violation")
        accept(ledger, command("hold", order_id))
        refuse(ledger, command("cancel", order_id), "rule_violation")
        assert status_of(ledger, order_id) == "on_hold"

    @pytest.mark.parametrize("status", ["under_review", "signed"])
    def test_before_it_the_order_is_cancelled(
        self, ledger: Opsledger, clock: FixedClock, status: str
    ) -> None:
        order_id = drive(ledger, clock, to=status)
        assert accept(ledger, command("cancel", order_id)).events == ("OrderCancelled",)
        assert status_of(ledger, order_id) == "cancelled"
