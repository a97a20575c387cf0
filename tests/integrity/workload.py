"""Complaint commands for the integrity tests: a realistic history to verify and tamper with."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

from infrastructure.opsledger import Opsledger
from tests.clocks import FixedClock

Json = dict[str, Any]

CS_AGENT: Json = {"id": "u-cs-1", "roles": ["customer_service"], "department": "customer_service"}
MANAGER: Json = {"id": "u-sm-1", "roles": ["service_manager"], "department": "customer_service"}
ASSIGNEE: Json = {"id": "u-quality-7", "roles": ["quality_inspector"], "department": "quality"}

REGISTER: Json = {
    "customer_id": "c-1001",
    "channel": "phone",
    "summary": "扫地机器人到货时外壳破裂 (robot vacuum arrived with a cracked shell)",
    "remedy_sought": "replacement unit",
}

#: The main road of a complaint after `register` (DOMAIN §3): verb, sender, payload.
ROAD: tuple[tuple[str, Json, Json], ...] = (
    ("acknowledge", CS_AGENT, {"message": "我们已收到您的投诉 (we have received your complaint)"}),
    ("classify", CS_AGENT, {"category": "product_quality", "severity": "medium"}),
    ("assign", MANAGER, {"department": "quality", "assignee_id": ASSIGNEE["id"]}),
    (
        "record_investigation",
        ASSIGNEE,
        {"root_cause": "packaging foam missing on line 3", "findings": "12 units without foam"},
    ),
    (
        "propose_resolution",
        ASSIGNEE,
        {"resolution": "ship a replacement", "remedy_offered": "replacement + 30 CNY refund"},
    ),
    ("record_feedback", CS_AGENT, {"satisfied": True, "csat": 5, "comment": "满意 (satisfied)"}),
    ("close", CS_AGENT, {}),
)


def envelope(
    verb: str,
    aggregate_id: UUID | str,
    *,
    actor: Json,
    payload: Json,
    expected_version: int | None = None,
) -> Json:
    """A `complaint.<verb>` envelope with a fresh command id."""
    body: Json = {
        "type": f"complaint.{verb}",
        "command_id": str(uuid4()),
        "aggregate_id": str(aggregate_id),
        "actor": actor,
        "payload": payload,
    }
    if expected_version is not None:
        body["expected_version"] = expected_version
    return body


def register(aggregate_id: UUID | str) -> Json:
    return envelope("register", aggregate_id, actor=CS_AGENT, payload=dict(REGISTER))


def step(verb: str, aggregate_id: UUID | str, *, expected_version: int | None = None) -> Json:
    """The envelope of one step of the main road, sent by its usual sender."""
    (actor, payload) = next((a, p) for v, a, p in ROAD if v == verb)
    return envelope(
        verb, aggregate_id, actor=actor, payload=dict(payload), expected_version=expected_version
    )


def accept(ledger: Opsledger, body: Json) -> Json:
    """Submit a command that must be accepted; its result."""
    result = ledger.submit(body).to_json()
    assert result["ok"], result
    return result


def run_complaints(ledger: Opsledger, clock: FixedClock, *, count: int = 10) -> list[UUID]:
    """Register `count` complaints and walk complaint i through the first i mod 8 steps of the
    main road, the commands of different complaints interleaved in time as in real work.
    Every command appends its event and the command's record: 2 log events a command."""
    complaints = [uuid4() for _ in range(count)]
    for complaint in complaints:
        accept(ledger, register(complaint))
    for depth, (verb, _, _) in enumerate(ROAD, start=1):
        clock.advance(hours=1)
        for index, complaint in enumerate(complaints):
            if index % (len(ROAD) + 1) >= depth:
                accept(ledger, step(verb, complaint))
    return complaints


def events_of(count: int = 10) -> int:
    """How many log events `run_complaints(count=count)` appends."""
    commands = sum(1 + index % (len(ROAD) + 1) for index in range(count))
    return 2 * commands
