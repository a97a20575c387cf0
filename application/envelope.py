"""The command envelope of DOMAIN §1: read from JSON into typed fields, naming each bad field."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from uuid import UUID

import attrs

from application.commands.readers import FieldError, instant, integer, printable, text, uuid
from application.errors import InvalidCommand
from application.payload import (
    MAX_DEPTH,
    Field,
    plainly_storable,
    read_fields,
    too_deep,
    unstorable_text,
)
from domain.shared.actor import Actor, Role

ENVELOPE_FIELDS = frozenset(
    {
        "type",
        "command_id",
        "aggregate_id",
        "expected_version",
        "actor",
        "occurred_at",
        "reason",
        "payload",
        "correlation_id",
        "causation_id",
    }
)


@attrs.frozen(kw_only=True)
class Envelope:
    """A command as sent: what to do, to which aggregate, by whom, when, and why."""

    type: str
    command_id: UUID
    actor: Actor
    payload: Mapping[str, Any]
    body_digest: str
    aggregate_id: UUID | None = None
    expected_version: int | None = None
    occurred_at: datetime | None = None
    reason: str | None = None
    correlation_id: UUID | None = None
    causation_id: UUID | None = None
    #: Payload text the log cannot store exactly, by field; reported with the payload's fields.
    payload_problems: Mapping[str, str] = attrs.field(factory=dict)


def body_digest(raw: Mapping[str, Any]) -> str:
    """SHA-256 of the envelope as sent, in canonical JSON: equal bodies, equal digests. Only
    for envelopes `read_envelope` accepts, which nest at most MAX_DEPTH levels."""
    canonical = json.dumps(raw, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    # surrogatepass: a body with a lone surrogate still has a digest (it is refused later).
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


def _read_actor(raw: object, problems: dict[str, str]) -> Actor | None:
    if not isinstance(raw, Mapping):
        problems["actor"] = "missing" if raw is None else "must be an object"
        return None
    before = len(problems)
    for name in raw:
        if name not in ("id", "roles", "department"):
            problems[f"actor.{printable(str(name))}"] = "unknown field"
    actor_id = raw.get("id")
    if not isinstance(actor_id, str) or not actor_id.strip():
        problems["actor.id"] = "must be a non-blank string"
    roles = raw.get("roles")
    parsed_roles: list[Role] = []
    if not isinstance(roles, list) or not roles:
        problems["actor.roles"] = "must be a non-empty list of roles"
    else:
        for index, role in enumerate(roles):
            try:
                parsed_roles.append(Role(role))
            except ValueError:
                problems[f"actor.roles[{index}]"] = "unknown role"
    department = raw.get("department", "")
    if not isinstance(department, str):
        problems["actor.department"] = "must be a string"
    if len(problems) > before:
        return None
    return Actor(id=str(actor_id), roles=frozenset(parsed_roles), department=str(department))


_SCALARS = (
    Field("command_id", uuid),
    Field("aggregate_id", uuid, required=False),
    Field("expected_version", integer(low=0), required=False),
    Field("occurred_at", instant, required=False),
    Field("reason", text, required=False),
    Field("correlation_id", uuid, required=False),
    Field("causation_id", uuid, required=False),
)


def read_envelope(raw: object) -> Envelope:
    """Read a JSON object into an Envelope, or refuse it with `invalid_command` naming every
    bad field. Business time is normalised to UTC; text the log cannot store exactly (NUL,
    lone surrogates) is refused, and so is nesting deeper than MAX_DEPTH levels."""
    if not isinstance(raw, Mapping):
        raise InvalidCommand("a command must be a JSON object")
    unstorable: dict[str, str] = {}
    if not plainly_storable(raw):
        # Refused before anything else walks the value: nothing below copes with depth.
        if (deep := too_deep(raw)) is not None:
            raise InvalidCommand.naming({deep: f"is nested more than {MAX_DEPTH} levels deep"})
        unstorable = unstorable_text(raw)
    in_payload = {k: v for k, v in unstorable.items() if k.startswith("payload.")}
    problems = {k: v for k, v in unstorable.items() if k not in in_payload}
    for name in raw:
        if name not in ENVELOPE_FIELDS:
            problems.setdefault(printable(str(name)), "unknown field")
    command_type = raw.get("type")
    if not isinstance(command_type, str) or not command_type:
        problems["type"] = "missing" if command_type is None else "must be a string"
    scalar_raw = {field.name: raw[field.name] for field in _SCALARS if field.name in raw}
    values, scalar_problems = read_fields(_SCALARS, scalar_raw, prefix="")
    problems.update(scalar_problems)
    actor_problems: dict[str, str] = {}
    actor = _read_actor(raw.get("actor"), actor_problems)
    for name, why in actor_problems.items():
        problems.setdefault(name, why)
    payload = raw.get("payload", {})
    if not isinstance(payload, Mapping):
        problems["payload"] = "must be an object"
    if problems:
        raise InvalidCommand.naming(problems)
    if actor is None or not isinstance(command_type, str) or not isinstance(payload, Mapping):
        raise InvalidCommand("invalid command")  # unreachable: each case is a problem above
    occurred_at = values["occurred_at"]
    return Envelope(
        type=command_type,
        command_id=values["command_id"],
        actor=actor,
        payload=payload,
        body_digest=body_digest(raw),
        payload_problems=in_payload,
        aggregate_id=values["aggregate_id"],
        expected_version=values["expected_version"],
        occurred_at=occurred_at,
        reason=values["reason"],
        correlation_id=values["correlation_id"],
        causation_id=values["causation_id"],
    )


__all__ = ["Envelope", "FieldError", "body_digest", "read_envelope"]
