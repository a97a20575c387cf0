"""What the security log keeps of a refused command: who, what, when and why."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from application.commands.catalogue import COMMANDS
from application.commands.payloads import decode
from application.commands.readers import FieldErrors, join, printable
from application.commands.spec import CommandSpec
from application.envelope import Envelope
from application.errors import InvalidCommand
from application.ports import Refusal
from domain.shared.errors import DomainError


def refusal_record(
    *, raw: object, envelope: Envelope | None, error: DomainError, at: datetime
) -> Refusal:
    """The security-log entry for one refused command."""
    raw_map: Mapping[object, object] = raw if isinstance(raw, Mapping) else {}
    raw_actor = raw_map.get("actor")
    actor: Mapping[object, object] = raw_actor if isinstance(raw_actor, Mapping) else {}
    if envelope is not None:
        actor_id: str | None = envelope.actor.id
        roles = tuple(sorted(role.value for role in envelope.actor.roles))
        department: str | None = envelope.actor.department
    else:
        actor_id = _text(actor.get("id"))
        raw_roles = actor.get("roles")
        listed = raw_roles if isinstance(raw_roles, list) else []
        roles = tuple(sorted(text for role in listed if (text := _text(role)) is not None))
        department = _text(actor.get("department"))
    return Refusal(
        at=at,
        actor_id=actor_id,
        actor_roles=roles,
        actor_department=department,
        command_type=_text(raw_map.get("type")),
        command_id=_text(raw_map.get("command_id")),
        aggregate_id=envelope.aggregate_id if envelope else None,
        code=error.code,
        message=error.message,
        details=error.details,
    )


def read_payload(spec: CommandSpec, raw: object) -> tuple[Any, dict[str, str]]:
    """The command's typed payload, or None and a message per bad field, named by its path
    from the envelope (`payload.lines[2].quantity`)."""
    try:
        return decode(spec.payload, raw), {}
    except FieldErrors as error:
        return None, {join("payload", path): why for path, why in error.problems.items()}


def with_payload_problems(raw: object, error: InvalidCommand) -> InvalidCommand:
    """An envelope refused for its own fields also names every bad payload field, the missing
    reason and the missing aggregate id, so the sender can mend everything at once."""
    if not isinstance(raw, Mapping):
        return error
    spec = COMMANDS.get(raw["type"]) if isinstance(raw.get("type"), str) else None
    payload = raw.get("payload", {})
    if spec is None or not isinstance(payload, Mapping):
        return error
    _, problems = read_payload(spec, payload)
    reason = raw.get("reason")
    if spec.reason_required and not (isinstance(reason, str) and reason.strip()):
        problems["reason"] = f"a reason is required for {spec.type}"
    if not spec.creates and "aggregate_id" not in raw:
        problems["aggregate_id"] = "missing"
    merged = {**problems, **error.fields}
    if merged == error.fields:
        return error
    return InvalidCommand.naming(merged)


def _text(value: object) -> str | None:
    return printable(value) if isinstance(value, str) else None
