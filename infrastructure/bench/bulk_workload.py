"""P2's input: a day's JSON-lines file of a service desk and a sales office, many lives at once.

Complaints go from registration to close (some escalated on the way) and orders from draft
through three clause reviews, signing, fulfilment, delivery, invoice and payment to close (some
amended first). Many lives run side by side, a step of each in turn, so an aggregate's next
command comes about a hundred lines after its last: later lines depend on earlier ones in the
same batch and in earlier batches. Every command is one opsledger accepts, and the workload
knows how many events each must store.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import attrs
import orjson

#: Lives in flight at once (fewer in a small file): an aggregate's consecutive commands are
#: this many lines apart, so a life of about ten commands spans one or two batches of 1,000.
IN_FLIGHT = 100

Json = dict[str, Any]

_DESK = {"id": "desk-li-na", "roles": ["customer_service"], "department": "service"}
_SERVICE_MANAGER = {"id": "svc-mgr-zhou", "roles": ["service_manager"], "department": "service"}
_ENGINEER = {"id": "ops-eng-wang", "roles": ["operations"], "department": "operations"}
_REP = {"id": "sales-rep-chen", "roles": ["sales_rep"], "department": "sales"}
_SALES_MANAGER = {"id": "sales-mgr-liu", "roles": ["sales_manager"], "department": "sales"}
_LEGAL = {"id": "legal-sun", "roles": ["legal"], "department": "legal"}
_FINANCE = {"id": "fin-zhao", "roles": ["finance"], "department": "finance"}
_RISK = {"id": "risk-qian", "roles": ["risk_officer"], "department": "risk"}
_OPERATIONS = {"id": "ops-wu", "roles": ["operations"], "department": "operations"}

_CHANNELS = ("phone", "email", "online", "in_person")
_SEVERITIES = ("low", "medium")
_SUMMARIES = (
    "Parcel arrived with the outer box crushed and two items broken",
    "Invoice charged twice for the same delivery in March",
    "Technician did not turn up for the booked installation slot",
    "Replacement part is a different model from the one ordered",
)
#: What the sales office sells: sku, description, unit price.
_GOODS = (
    ("RV-100", "扫地机器人 (robot vacuum)", Decimal("100.00")),
    ("FP-5", "滤网 (filter pack)", Decimal("20.50")),
    ("CH-2", "充电座 (charging dock)", Decimal("35.00")),
)


@attrs.frozen
class Line:
    """One command of the file and the number of domain events opsledger stores for it (each
    accepted command also stores its command record)."""

    command: Json
    events: int


def _line(
    kind: str,
    aggregate_id: str,
    actor: Json,
    payload: Json,
    *,
    events: int = 1,
    reason: str | None = None,
) -> Line:
    body: Json = {
        "type": kind,
        "command_id": str(uuid.uuid4()),
        "aggregate_id": aggregate_id,
        "actor": actor,
        "payload": payload,
    }
    if reason is not None:
        body["reason"] = reason
    return Line(body, events)


def complaint_life(number: int) -> list[Line]:
    """Registered, acknowledged, classified, assigned, investigated, resolved and closed; every
    third one escalated after its assignment."""
    complaint = str(uuid.uuid4())

    def step(verb: str, actor: Json, payload: Json, **extra: Any) -> Line:
        return _line(f"complaint.{verb}", complaint, actor, payload, **extra)

    life = [
        step(
            "register",
            _DESK,
            {
                "customer_id": f"customer-{number % 97}",
                "channel": _CHANNELS[number % len(_CHANNELS)],
                "summary": _SUMMARIES[number % len(_SUMMARIES)],
                "remedy_sought": "refund" if number % 2 else "replacement",
            },
        ),
        step("acknowledge", _DESK, {"message": "Thank you, we have your complaint."}),
        step("classify", _DESK, {"category": "delivery", "severity": _SEVERITIES[number % 2]}),
        step(
            "assign",
            _SERVICE_MANAGER,
            {"department": _ENGINEER["department"], "assignee_id": _ENGINEER["id"]},
        ),
    ]
    if number % 3 == 0:
        life.append(
            step("escalate", _DESK, {"level": 1}, reason="the customer called again, upset")
        )
    life += [
        step(
            "record_investigation",
            _ENGINEER,
            {"root_cause": "the carrier dropped the parcel", "findings": "outer box crushed"},
        ),
        step(
            "propose_resolution",
            _ENGINEER,
            {"resolution": "refund the broken items", "remedy_offered": "refund"},
        ),
        step("record_feedback", _DESK, {"satisfied": True, "csat": 4 + number % 2}),
        step("close", _DESK, {}),
    ]
    return life


def order_life(number: int) -> list[Line]:
    """Drafted (every fourth one amended), reviewed on its three aspects (the third pass also
    approves the contract), signed, fulfilled, shipped, delivered in full (delivery also
    completes it), invoiced, paid and closed."""
    order = str(uuid.uuid4())
    quantities = (1 + number % 10, 2 + number % 5, 1 + number % 3)
    bought = list(zip(_GOODS[: 1 + number % 3], quantities, strict=False))
    lines = [
        {"sku": sku, "description": text, "quantity": quantity, "unit_price": str(price)}
        for (sku, text, price), quantity in bought
    ]
    value = str(sum((price * quantity for (_, _, price), quantity in bought), Decimal("0")))
    goods = [{"sku": sku, "quantity": quantity} for (sku, _, _), quantity in bought]

    def step(verb: str, actor: Json, payload: Json, **extra: Any) -> Line:
        return _line(f"order.{verb}", order, actor, payload, **extra)

    life = [
        step(
            "draft",
            _REP,
            {
                "customer_id": f"c-{2000 + number % 89}",
                "customer_name": "上海星辰贸易有限公司 (Shanghai Xingchen Trading)",
                "lines": lines,
                "currency": "CNY",
                "promised_delivery_date": "2099-07-20",
                "payment_terms": "30% on signing, 70% within 30 days of delivery",
            },
        )
    ]
    if number % 4 == 0:
        life.append(
            step(
                "amend",
                _REP,
                {"payment_terms": "50% on signing, 50% on delivery"},
                reason="客户要求调整 (the customer asked for a change)",
            )
        )
    life += [
        step("request_review", _REP, {}),
        step("review_clause", _LEGAL, {"aspect": "legal", "verdict": "pass", "notes": "ok"}),
        step("review_clause", _FINANCE, {"aspect": "financial", "verdict": "pass", "notes": ""}),
        step("review_clause", _RISK, {"aspect": "risk", "verdict": "pass"}, events=2),
        step("sign", _SALES_MANAGER, {"signatory_id": _SALES_MANAGER["id"]}),
        step("start_fulfilment", _OPERATIONS, {}),
        step("ship", _OPERATIONS, {"lines": goods, "carrier": "顺丰速运 (SF Express)"}),
        step("confirm_delivery", _OPERATIONS, {"lines": goods, "condition_ok": True}, events=2),
        step("invoice", _FINANCE, {"invoice_no": f"INV-2026-{number:05d}", "amount": value}),
        step("record_payment", _FINANCE, {"amount": value}),
        step("close", _FINANCE, {}),
    ]
    return life


def _lives() -> Iterator[list[Line]]:
    """Two complaints for every order, without end."""
    complaints = orders = 0
    while True:
        if (complaints + orders) % 3 == 2:
            yield order_life(orders)
            orders += 1
        else:
            yield complaint_life(complaints)
            complaints += 1


@attrs.frozen
class BulkWorkload:
    """The lines of P2's file, in order."""

    lines: tuple[Line, ...]

    @property
    def commands(self) -> int:
        return len(self.lines)

    @property
    def events(self) -> int:
        """Domain events opsledger stores for the whole file."""
        return sum(line.events for line in self.lines)

    @property
    def rows(self) -> int:
        """Entries in the log after the whole file: every event and every command's record."""
        return self.events + self.commands

    def json_lines(self) -> bytes:
        """The file: one compact JSON envelope per line."""
        return b"".join(orjson.dumps(line.command) + b"\n" for line in self.lines)


def bulk_workload(count: int) -> BulkWorkload:
    """`count` commands of up to IN_FLIGHT lives running side by side (one per 20 commands in
    a smaller file, so that it too holds whole lives): line after line, the next step of each
    life in turn; a life that ends makes way for a new one, and the last lives stop where the
    count does."""
    in_flight = max(1, min(IN_FLIGHT, count // 20))
    lives = _lives()
    running: list[list[Line]] = []
    lines: list[Line] = []
    slot = 0
    while len(lines) < count:
        if slot == len(running):
            running.append(next(lives))
        elif not running[slot]:
            running[slot] = next(lives)
        lines.append(running[slot].pop(0))
        slot = (slot + 1) % in_flight
    return BulkWorkload(tuple(lines))
