"""Reading what a refused command sent wrong: every bad payload field, named by its path."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from application.commands.catalogue import COMMANDS
from application.commands.payloads import decode
from application.commands.readers import FieldErrors, join
from application.commands.spec import CommandSpec
from application.errors import InvalidCommand


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
