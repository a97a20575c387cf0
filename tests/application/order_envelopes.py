"""Order command envelopes for command-side tests: actors, valid payloads for DOMAIN §2's
fourteen commands, and a driver that walks one order to each status on a real ledger.

Everything here is written from DOMAIN §2, not read from the code under test.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

from application.results import Result
from infrastructure.opsledger import Opsledger
from tests.application.ledger_reading import assert_refusals_only_since, records_head
from tests.application.ledger_reading import head as log_head
from tests.clocks import FixedClock

Json = dict[str, Any]

SALES_REP: Json = {"id": "u-rep-1", "roles": ["sales_rep"], "department": "sales"}
OTHER_REP: Json = {"id": "u-rep-2", "roles": ["sales_rep"], "department": "sales"}
SALES_MANAGER: Json = {"id": "u-sm-1", "roles": ["sales_manager"], "department": "sales"}
MANAGEMENT: Json = {"id": "u-ceo", "roles": ["management"], "department": "management"}
LEGAL: Json = {"id": "u-legal-1", "roles": ["legal"], "department": "legal"}
FINANCE: Json = {"id": "u-fin-1", "roles": ["finance"], "department": "finance"}
RISK_OFFICER: Json = {"id": "u-risk-1", "roles": ["risk_officer"], "department": "risk"}
OPERATIONS: Json = {"id": "u-ops-1", "roles": ["operations"], "department": "operations"}
AUDITOR: Json = {"id": "u-audit-1", "roles": ["auditor"], "department": "audit"}
SYSTEM: Json = {"id": "system", "roles": ["system"], "department": "operations"}

#: Who reviews each aspect of a contract (DOMAIN §2, `order.review_clause`).
REVIEWERS: dict[str, Json] = {"legal": LEGAL, "financial": FINANCE, "risk": RISK_OFFICER}


def holding(*roles: str, actor_id: str | None = None) -> Json:
    """An actor holding exactly `roles`, with an id of its own unless one is given."""
    return {
        "id": actor_id or f"u-{'-'.join(roles)}",
        "roles": list(roles),
        "department": "somewhere",
    }


#: 10 robot vacuums at 100.00 and 5 filter packs at 20.50: an order value of 1,102.50 CNY.
LINES: list[Json] = [
    {
        "sku": "RV-100",
        "description": "扫地机器人 (robot vacuum)",
        "quantity": 10,
        "unit_price": "100.00",
    },
    {"sku": "FP-5", "description": "滤网 (filter pack)", "quantity": 5, "unit_price": "20.50"},
]
VALUE = "1102.50"
#: Every line in full, as a shipment or delivery.
ALL_OF_IT: list[Json] = [{"sku": "RV-100", "quantity": 10}, {"sku": "FP-5", "quantity": 5}]
PROMISED = "2026-07-20"
#: Delivery is late from the first instant after the promised date in Shanghai (UTC+8).
DELIVERY_DUE = datetime(2026, 7, 20, 16, 0, tzinfo=UTC)

REASON = "客户要求调整 (the customer asked for a change)"

#: A valid payload for every order command (DOMAIN §2). `sign` names its sender.
PAYLOADS: dict[str, Json] = {
    "draft": {
        "customer_id": "c-2001",
        "customer_name": "上海星辰贸易有限公司 (Shanghai Xingchen Trading)",
        "lines": LINES,
        "currency": "CNY",
        "promised_delivery_date": PROMISED,
        "payment_terms": "30% on signing, 70% within 30 days of delivery",
    },
    "amend": {"payment_terms": "50% on signing, 50% on delivery"},
    "request_review": {},
    "review_clause": {"aspect": "legal", "verdict": "pass", "notes": "条款齐全 (clauses complete)"},
    "sign": {"signatory_id": SALES_MANAGER["id"]},
    "start_fulfilment": {},
    "ship": {"lines": ALL_OF_IT, "carrier": "顺丰速运 (SF Express)"},
    "confirm_delivery": {"lines": ALL_OF_IT, "condition_ok": True},
    "invoice": {"invoice_no": "INV-2026-0001", "amount": VALUE},
    "record_payment": {"amount": VALUE},
    "hold": {},
    "resume": {},
    "cancel": {},
    "close": {},
}

#: Who normally sends each command.
SENDERS: dict[str, Json] = {
    "draft": SALES_REP,
    "amend": SALES_REP,
    "request_review": SALES_REP,
    "review_clause": LEGAL,
    "sign": SALES_MANAGER,
    "start_fulfilment": OPERATIONS,
    "ship": OPERATIONS,
    "confirm_delivery": OPERATIONS,
    "invoice": FINANCE,
    "record_payment": FINANCE,
    "hold": SALES_MANAGER,
    "resume": SALES_MANAGER,
    "cancel": SALES_MANAGER,
    "close": FINANCE,
}

#: Commands DOMAIN §2 marks "+ reason".
NEEDS_REASON = frozenset({"amend", "hold", "resume", "cancel"})


def command(
    verb: str,
    order_id: UUID | str | None = None,
    *,
    actor: Json | None = None,
    payload: Json | None = None,
    drop: Iterable[str] = (),
    **fields: Any,
) -> Json:
    """A valid `order.<verb>` envelope with a fresh command id; `fields` add or replace envelope
    fields and `drop` removes them. A `sign` without a payload names its sender as signatory."""
    sender = actor if actor is not None else SENDERS[verb]
    if payload is None:
        payload = copy.deepcopy(PAYLOADS[verb])
        if verb == "sign":
            payload["signatory_id"] = sender["id"]
    body: Json = {
        "type": f"order.{verb}",
        "command_id": str(uuid4()),
        "actor": sender,
        "payload": payload,
    }
    if order_id is not None:
        body["aggregate_id"] = str(order_id)
    if verb in NEEDS_REASON:
        body["reason"] = REASON
    body.update(fields)
    for name in drop:
        body.pop(name, None)
    return body


def review(
    order_id: UUID | str,
    aspect: str,
    verdict: str = "pass",
    *,
    actor: Json | None = None,
    notes: str = "审阅完毕 (reviewed)",
    **fields: Any,
) -> Json:
    """An `order.review_clause` of one aspect, by that aspect's reviewer unless told."""
    return command(
        "review_clause",
        order_id,
        actor=actor if actor is not None else REVIEWERS[aspect],
        payload={"aspect": aspect, "verdict": verdict, "notes": notes},
        **fields,
    )


def step(name: str, order_id: UUID) -> Json:
    """One step of a road: a verb, or `review_<aspect>` for a passing clause review."""
    if name.startswith("review_"):
        return review(order_id, name.removeprefix("review_"))
    return command(name, order_id)


_APPROVED = ("request_review", "review_legal", "review_financial", "review_risk")
_SIGNED = (*_APPROVED, "sign")
_IN_FULFILMENT = (*_SIGNED, "start_fulfilment")
_DELIVERED = (*_IN_FULFILMENT, "ship", "confirm_delivery")

#: The steps after `draft` that bring an order to each status.
ROADS: dict[str, tuple[str, ...]] = {
    "draft": (),
    "under_review": _APPROVED[:1],
    "approved": _APPROVED,
    "signed": _SIGNED,
    "in_fulfilment": _IN_FULFILMENT,
    "delivered": _DELIVERED,
    "closed": (*_DELIVERED, "invoice", "record_payment", "close"),
    "on_hold": (*_SIGNED, "hold"),
    "cancelled": (*_APPROVED, "cancel"),
}

#: The order's version at the end of each road: one event per step, and two where a step ends
#: a stage (the last passing review adds ContractApproved, the last delivery OrderDelivered).
VERSIONS: dict[str, int] = {
    "draft": 1,
    "under_review": 2,
    "approved": 6,
    "signed": 7,
    "in_fulfilment": 8,
    "delivered": 11,
    "closed": 14,
    "on_hold": 8,
    "cancelled": 7,
}


def head(ledger: Opsledger) -> int | None:
    """The position of the newest entry of the records (aggregates' events, command records),
    the security log's entries left out: what a refused command never moves."""
    return records_head(ledger)


def accept(ledger: Opsledger, body: Json) -> Result:
    """Submit a command that must be accepted."""
    result = ledger.submit(body)
    assert result.ok, result.to_json()
    return result


def refuse(ledger: Opsledger, body: Json, code: str) -> Result:
    """Submit a command that must be refused with `code`, append nothing to any aggregate and
    leave its refusal in the security log, a stream of its own."""
    before = log_head(ledger)
    result = ledger.submit(body)
    assert (result.ok, result.code) == (False, code), result.to_json()
    assert_refusals_only_since(ledger, before)
    return result


def status_of(ledger: Opsledger, order_id: UUID) -> str:
    return str(ledger.state(order_id)[1].state.status.value)


def version_of(ledger: Opsledger, order_id: UUID) -> int:
    return ledger.state(order_id)[1].version


def drive(
    ledger: Opsledger,
    clock: FixedClock,
    to: str = "draft",
    *,
    draft: Json | None = None,
    actor: Json | None = None,
) -> UUID:
    """Draft an order (with `draft` as its payload, if given) and walk it to status `to`, one
    hour of clock time per command."""
    drafted = accept(ledger, command("draft", payload=draft, actor=actor))
    assert drafted.aggregate_id is not None
    for name in ROADS[to]:
        clock.advance(hours=1)
        accept(ledger, step(name, drafted.aggregate_id))
    return drafted.aggregate_id


def draft_worth(total: str, currency: str = "CNY") -> Json:
    """A draft payload of one line whose value is `total` in `currency`."""
    line = {"sku": "M-1", "description": "machine", "quantity": 1, "unit_price": total}
    return {**copy.deepcopy(PAYLOADS["draft"]), "lines": [line], "currency": currency}
