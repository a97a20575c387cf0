"""Complaint command envelopes the concurrent writers send, and the actors sending them."""

from __future__ import annotations

import uuid
from typing import Any

Json = dict[str, Any]

SETUP_ACTOR: Json = {
    "id": "u-service-lead",
    "roles": ["customer_service", "service_manager"],
    "department": "service",
}


def worker_actor(worker: int) -> Json:
    return {
        "id": f"u-service-{worker}",
        "roles": ["customer_service", "service_manager"],
        "department": "service",
    }


def command_envelope(
    command_type: str,
    aggregate_id: str,
    payload: Json,
    *,
    actor: Json,
    expected_version: int | None = None,
    occurred_at: str | None = None,
    reason: str | None = None,
    command_id: str | None = None,
) -> Json:
    envelope: Json = {
        "type": command_type,
        "command_id": command_id or str(uuid.uuid4()),
        "aggregate_id": aggregate_id,
        "actor": actor,
        "payload": payload,
    }
    if expected_version is not None:
        envelope["expected_version"] = expected_version
    if occurred_at is not None:
        envelope["occurred_at"] = occurred_at
    if reason is not None:
        envelope["reason"] = reason
    return envelope


def register_envelope(
    aggregate_id: str, *, actor: Json, at: str | None = None, command_id: str | None = None
) -> Json:
    return command_envelope(
        "complaint.register",
        aggregate_id,
        {
            "customer_id": "c-4711",
            "channel": "phone",
            "summary": "冰箱送达时门已凹陷",
            "remedy_sought": "replacement",
        },
        actor=actor,
        occurred_at=at,
        command_id=command_id,
    )


def acknowledge_envelope(
    aggregate_id: str, *, actor: Json, at: str | None = None, command_id: str | None = None
) -> Json:
    return command_envelope(
        "complaint.acknowledge",
        aggregate_id,
        {"message": "We are sorry; we are looking into it."},
        actor=actor,
        occurred_at=at,
        command_id=command_id,
    )
