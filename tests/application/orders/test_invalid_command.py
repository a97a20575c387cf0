"""Malformed order commands (DOMAIN §1 `invalid_command`): wrong field types, missing fields,
unknown fields, values outside a field's form, a missing reason where §2 asks for one. Every bad
field is named by its path from the envelope (`payload.lines[0].quantity`); the refusal appends
nothing. Both stores."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any
from uuid import UUID

from application.commands.catalogue import COMMANDS
from infrastructure.opsledger import Opsledger
from tests.application.order_envelopes import (
    LEGAL,
    LINES,
    PAYLOADS,
    Json,
    accept,
    command,
    drive,
    head,
    review,
    step,
)
from tests.clocks import FixedClock


def draft_with(**changes: object) -> Json:
    """The usual draft payload with fields replaced (a value of ... removes the field)."""
    payload = copy.deepcopy(PAYLOADS["draft"])
    for name, value in changes.items():
        if value is ...:
            payload.pop(name)
        else:
            payload[name] = value
    return payload


def lines_with(index: int, **changes: object) -> list[Json]:
    """The usual lines with fields of line `index` replaced (a value of ... removes it)."""
    lines = copy.deepcopy(LINES)
    for name, value in changes.items():
        if value is ...:
            lines[index].pop(name)
        else:
            lines[index][name] = value
    return lines


QUANTITY_0, QUANTITY_1 = "payload.lines[0].quantity", "payload.lines[1].quantity"
PRICE_0, PRICE_1 = "payload.lines[0].unit_price", "payload.lines[1].unit_price"
DATE = "payload.promised_delivery_date"

#: A draft payload, and exactly the fields its refusal must name.
BAD_DRAFTS: list[tuple[str, Json, set[str]]] = [
    ("quantity-zero", draft_with(lines=lines_with(0, quantity=0)), {QUANTITY_0}),
    ("quantity-negative", draft_with(lines=lines_with(1, quantity=-3)), {QUANTITY_1}),
    ("quantity-a-string", draft_with(lines=lines_with(1, quantity="5")), {QUANTITY_1}),
    ("quantity-a-fraction", draft_with(lines=lines_with(0, quantity=1.5)), {QUANTITY_0}),
    ("quantity-a-boolean", draft_with(lines=lines_with(0, quantity=True)), {QUANTITY_0}),
    ("unit-price-a-number", draft_with(lines=lines_with(1, unit_price=20.5)), {PRICE_1}),
    ("unit-price-negative", draft_with(lines=lines_with(0, unit_price="-1.00")), {PRICE_0}),
    ("unit-price-three-decimals", draft_with(lines=lines_with(0, unit_price="1.005")), {PRICE_0}),
    ("sku-missing", draft_with(lines=lines_with(1, sku=...)), {"payload.lines[1].sku"}),
    (
        "line-field-unknown",
        draft_with(lines=lines_with(0, colour="red")),
        {"payload.lines[0].colour"},
    ),
    ("line-not-an-object", draft_with(lines=[LINES[0], 5]), {"payload.lines[1]"}),
    ("no-lines", draft_with(lines=[]), {"payload.lines"}),
    ("lines-missing", draft_with(lines=...), {"payload.lines"}),
    ("lines-not-a-list", draft_with(lines="RV-100"), {"payload.lines"}),
    ("currency-lower-case", draft_with(currency="cny"), {"payload.currency"}),
    ("date-with-slashes", draft_with(promised_delivery_date="2026/07/20"), {DATE}),
    ("date-not-on-the-calendar", draft_with(promised_delivery_date="2026-02-30"), {DATE}),
    ("customer-id-missing", draft_with(customer_id=...), {"payload.customer_id"}),
    ("customer-name-a-number", draft_with(customer_name=42), {"payload.customer_name"}),
    ("payment-terms-missing", draft_with(payment_terms=...), {"payload.payment_terms"}),
    ("unknown-field", draft_with(discount="10%"), {"payload.discount"}),
    (
        "every-bad-field-at-once",
        draft_with(
            lines=[{**LINES[0], "quantity": 0}, {**LINES[1], "unit_price": "-0.50"}],
            currency="RMB ",
            customer_id=...,
        ),
        {QUANTITY_0, PRICE_1, "payload.currency", "payload.customer_id"},
    ),
]


class TestAMalformedDraft:
    def test_is_refused_naming_each_bad_field(self, ledger: Opsledger) -> None:
        """Each draft of BAD_DRAFTS is `invalid_command` naming exactly its bad fields."""
        named = {}
        for name, payload, _ in BAD_DRAFTS:
            result = ledger.submit(command("draft", payload=payload))
            named[name] = (result.code, set(result.details.get("fields", {})))
            assert all(result.details.get("fields", {}).values()), result.details

        assert named == {name: ("invalid_command", fields) for name, _, fields in BAD_DRAFTS}
        assert head(ledger) is None


Body = Callable[[UUID], Json]


def sent(verb: str, payload: Json | None = None, **envelope: Any) -> Body:
    """A `verb` command to the order with this payload and envelope changes."""
    return lambda order_id: command(verb, order_id, payload=payload, **envelope)


def skus(*pairs: tuple[str, Any]) -> list[Json]:
    """Shipment or delivery lines: (sku, quantity) pairs."""
    return [{"sku": sku, "quantity": quantity} for sku, quantity in pairs]


def shipping(lines: list[Json]) -> Json:
    return {"lines": lines, "carrier": "SF"}


def delivering(lines: list[Json], condition_ok: object = True) -> Json:
    return {"lines": lines, "condition_ok": condition_ok}


def invoicing(amount: object, invoice_no: str = "INV-9") -> Json:
    return {"invoice_no": invoice_no, "amount": amount}


ONE = skus(("RV-100", 1))
AMOUNT = "payload.amount"

#: For each command, malformed bodies, each with exactly the fields its refusal must name.
BAD_COMMANDS: dict[str, list[tuple[Body, set[str]]]] = {
    "amend": [
        (sent("amend", {"lines": lines_with(0, quantity=0)}), {QUANTITY_0}),
        (sent("amend", {"promised_delivery_date": "next week"}), {DATE}),
        (sent("amend", {"payment_terms": 30}), {"payload.payment_terms"}),
        (sent("amend", {"currency": "USD"}), {"payload.currency"}),
        (sent("amend", drop=["reason"]), {"reason"}),
        (sent("amend", reason="   "), {"reason"}),
    ],
    "request_review": [
        (sent("request_review", {"urgent": True}), {"payload.urgent"}),
        (sent("request_review", drop=["aggregate_id"]), {"aggregate_id"}),
        (sent("request_review", aggregate_id="order-1"), {"aggregate_id"}),
    ],
    "review_clause": [
        (lambda o: review(o, "tax", actor=LEGAL), {"payload.aspect"}),
        (lambda o: review(o, "legal", "maybe"), {"payload.verdict"}),
        (sent("review_clause", {"verdict": "pass"}), {"payload.aspect"}),
        (
            sent("review_clause", {"aspect": "legal", "verdict": "pass", "notes": 5}),
            {"payload.notes"},
        ),
    ],
    "sign": [
        (sent("sign", {}), {"payload.signatory_id"}),
        (sent("sign", {"signatory_id": 7}), {"payload.signatory_id"}),
    ],
    "start_fulfilment": [
        (sent("start_fulfilment", {"warehouse": "W1"}), {"payload.warehouse"}),
        (sent("start_fulfilment", payload=[]), {"payload"}),  # type: ignore[arg-type]
    ],
    "ship": [
        (sent("ship", shipping(skus(("RV-100", 0)))), {QUANTITY_0}),
        (sent("ship", shipping(skus(("RV-100", 1), ("FP-5", -2)))), {QUANTITY_1}),
        (sent("ship", shipping([{"quantity": 1}])), {"payload.lines[0].sku"}),
        (sent("ship", shipping([])), {"payload.lines"}),
        (sent("ship", {"lines": ONE}), {"payload.carrier"}),
    ],
    "confirm_delivery": [
        (sent("confirm_delivery", delivering(ONE, "yes")), {"payload.condition_ok"}),
        (sent("confirm_delivery", {"lines": ONE}), {"payload.condition_ok"}),
        (
            sent("confirm_delivery", delivering(skus(("RV-100", 1), ("FP-5", "2")))),
            {QUANTITY_1},
        ),
    ],
    "invoice": [
        (sent("invoice", invoicing(1102.5)), {AMOUNT}),
        (sent("invoice", invoicing("0.00")), {AMOUNT}),
        (sent("invoice", invoicing("-5.00")), {AMOUNT}),
        (sent("invoice", invoicing("1,102.50")), {AMOUNT}),
        (sent("invoice", {"amount": "100.00"}), {"payload.invoice_no"}),
        (sent("invoice", invoicing(5), expected_version="11"), {"expected_version", AMOUNT}),
    ],
    "record_payment": [
        (sent("record_payment", {"amount": "0"}), {AMOUNT}),
        (sent("record_payment", {"amount": 100}), {AMOUNT}),
        (sent("record_payment", {"amount": "12.345"}), {AMOUNT}),
        (sent("record_payment", {}), {AMOUNT}),
    ],
    "hold": [(sent("hold", drop=["reason"]), {"reason"}), (sent("hold", reason=""), {"reason"})],
    "resume": [(sent("resume", drop=["reason"]), {"reason"})],
    "cancel": [
        (sent("cancel", drop=["reason"]), {"reason"}),
        (sent("cancel", drop=["reason", "aggregate_id"]), {"reason", "aggregate_id"}),
    ],
    "close": [(sent("close", {"force": True}), {"payload.force"})],
}


#: One order's life: before each command is first accepted, its malformed bodies are sent.
ROAD = (
    "request_review",
    "amend",
    "request_review",
    "review_legal",
    "review_financial",
    "review_risk",
    "sign",
    "hold",
    "resume",
    "start_fulfilment",
    "ship",
    "confirm_delivery",
    "invoice",
    "record_payment",
    "close",
)

Named = dict[str, list[tuple[str | None, set[str]]]]


def probed(ledger: Opsledger, clock: FixedClock, order_id: UUID, road: tuple[str, ...]) -> Named:
    """Walk the order along `road`; before a command is first taken, send each of its
    malformed bodies (which must append nothing). What each refusal was and named."""
    named: Named = {}
    for name in road:
        verb = "review_clause" if name.startswith("review_") else name
        if verb not in named:
            before = head(ledger)
            named[verb] = []
            for body, _ in BAD_COMMANDS[verb]:
                result = ledger.submit(body(order_id))
                named[verb].append((result.code, set(result.details.get("fields", {}))))
            assert head(ledger) == before, verb
        clock.advance(hours=1)
        accept(ledger, step(name, order_id))  # the well-formed command still is accepted
    return named


class TestAMalformedCommandOnAnOrder:
    """Sent to an order where the well-formed command is accepted: each malformed body is
    `invalid_command` naming exactly its bad fields, and nothing is appended."""

    def test_is_refused_naming_each_bad_field(self, ledger: Opsledger, clock: FixedClock) -> None:
        every = {t.removeprefix("order.") for t in COMMANDS if t.startswith("order.")}
        assert {"draft", *BAD_COMMANDS} == every
        named = probed(ledger, clock, drive(ledger, clock), ROAD)
        named |= probed(ledger, clock, drive(ledger, clock), ("cancel",))

        assert named == {
            verb: [("invalid_command", fields) for _, fields in cases]
            for verb, cases in BAD_COMMANDS.items()
        }

    def test_an_unknown_order_command(self, ledger: Opsledger, clock: FixedClock) -> None:
        order_id = drive(ledger, clock)
        result = ledger.submit({**command("hold", order_id), "type": "order.teleport"})
        assert (result.ok, result.code) == (False, "invalid_command")
        assert set(result.details["fields"]) == {"type"}
        assert head(ledger) == 2  # the draft and its command record
