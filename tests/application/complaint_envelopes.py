"""Complaint command envelopes for command-side tests: actors, valid payloads, and a driver that
walks one complaint through its states on a real ledger."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID, uuid4

from application.results import Result
from infrastructure.opsledger import Opsledger
from tests.clocks import FixedClock

Json = dict[str, Any]

CS_AGENT: Json = {"id": "u-cs-1", "roles": ["customer_service"], "department": "customer_service"}
MANAGER: Json = {"id": "u-sm-1", "roles": ["service_manager"], "department": "customer_service"}
ASSIGNEE: Json = {"id": "u-quality-7", "roles": ["quality_inspector"], "department": "quality"}
HEAD_OF_QUALITY: Json = {"id": "u-head-q", "roles": ["department_head"], "department": "quality"}
SALES_REP: Json = {"id": "u-sales-3", "roles": ["sales_rep"], "department": "sales"}
AUDITOR: Json = {"id": "u-audit-1", "roles": ["auditor"], "department": "audit"}
SYSTEM: Json = {"id": "system", "roles": ["system"], "department": "operations"}

SUMMARY = "扫地机器人到货时外壳破裂 (robot vacuum arrived with a cracked shell)"
REASON = "客户第三次来电 (the customer called a third time)"

#: A valid payload for every complaint command (DOMAIN §3).
PAYLOADS: dict[str, Json] = {
    "register": {
        "customer_id": "c-1001",
        "channel": "phone",
        "summary": SUMMARY,
        "remedy_sought": "replacement unit",
        "order_id": "o-2026-0042",
    },
    "acknowledge": {"message": "我们已收到您的投诉 (we have received your complaint)"},
    "classify": {"category": "product_quality", "severity": "medium"},
    "assign": {"department": "quality", "assignee_id": ASSIGNEE["id"]},
    "record_investigation": {
        "root_cause": "packaging foam missing on line 3",
        "findings": "12 units shipped without foam in week 26",
    },
    "pause": {"waiting_for": "customer"},
    "resume": {},
    "propose_resolution": {
        "resolution": "ship a replacement and refund the delivery fee",
        "remedy_offered": "replacement + 30 CNY refund",
    },
    "record_feedback": {"satisfied": True, "csat": 5, "comment": "满意 (satisfied)"},
    "close": {},
    "close_unresolved": {"recourse_explained": True},
    "reopen": {},
    "escalate": {"level": 1},
}

#: Who normally sends each command.
SENDERS: dict[str, Json] = {
    "register": CS_AGENT,
    "acknowledge": CS_AGENT,
    "classify": CS_AGENT,
    "assign": MANAGER,
    "record_investigation": ASSIGNEE,
    "pause": CS_AGENT,
    "resume": CS_AGENT,
    "propose_resolution": ASSIGNEE,
    "record_feedback": CS_AGENT,
    "close": CS_AGENT,
    "close_unresolved": MANAGER,
    "reopen": MANAGER,
    "escalate": MANAGER,
}

#: Commands DOMAIN §3 marks "+ reason".
NEEDS_REASON = frozenset({"close_unresolved", "reopen", "escalate"})

_MAIN_ROAD = (
    "acknowledge",
    "classify",
    "assign",
    "record_investigation",
    "propose_resolution",
    "record_feedback",
    "close",
)

#: The commands after `register` that bring a complaint to each status.
ROADS: dict[str, tuple[str, ...]] = {
    "received": (),
    "acknowledged": _MAIN_ROAD[:1],
    "classified": _MAIN_ROAD[:2],
    "assigned": _MAIN_ROAD[:3],
    "investigating": _MAIN_ROAD[:4],
    "resolution_proposed": _MAIN_ROAD[:5],
    "resolved": _MAIN_ROAD[:6],
    "closed": _MAIN_ROAD,
    "paused": (*_MAIN_ROAD[:4], "pause"),
}


def command(
    verb: str,
    aggregate_id: UUID | str | None = None,
    *,
    actor: Json | None = None,
    payload: Json | None = None,
    drop: Iterable[str] = (),
    **fields: Any,
) -> Json:
    """A valid `complaint.<verb>` envelope with a fresh command id; `fields` add or replace
    envelope fields and `drop` removes them."""
    body: Json = {
        "type": f"complaint.{verb}",
        "command_id": str(uuid4()),
        "actor": actor if actor is not None else SENDERS[verb],
        "payload": dict(PAYLOADS[verb]) if payload is None else payload,
    }
    if aggregate_id is not None:
        body["aggregate_id"] = str(aggregate_id)
    if verb in NEEDS_REASON:
        body["reason"] = REASON
    body.update(fields)
    for name in drop:
        body.pop(name, None)
    return body


def accept(ledger: Opsledger, body: Json) -> Result:
    """Submit a command that must be accepted."""
    result = ledger.submit(body)
    assert result.ok, result.to_json()
    return result


def drive(ledger: Opsledger, clock: FixedClock, to: str = "received") -> UUID:
    """Register a complaint and walk it to status `to`, one hour of clock time per command."""
    registered = accept(ledger, command("register"))
    assert registered.aggregate_id is not None
    for verb in ROADS[to]:
        clock.advance(hours=1)
        accept(ledger, command(verb, registered.aggregate_id))
    return registered.aggregate_id
