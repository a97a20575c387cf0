"""Which aggregate a command acts on: the one the envelope names, or, for a create, the id that
follows from its natural key or from its command id."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid5

from application.commands.spec import CommandSpec
from application.envelope import Envelope
from application.errors import InvalidCommand
from application.kinds import AggregateKind

#: Namespace of the ids given to aggregates created without a caller-chosen id.
NEW_AGGREGATES = UUID("0c8e3f4a-7b21-5d96-a1e3-5f2b9c7d4e18")

#: Namespace of the ids of aggregates that are one per something (their natural key).
NATURAL_KEYS = UUID("8a1f0e2d-4c6b-5a39-b7e8-1d2c3f4a5b6c")


def aggregate_id_of(
    kind: AggregateKind, spec: CommandSpec, envelope: Envelope, payload: Any
) -> UUID:
    """The aggregate a command acts on: named by the envelope; for a create, chosen by the
    caller, following from the natural key, or from the command id (so a retried create names
    the same one)."""
    if spec.natural_key is not None:
        derived = uuid5(NATURAL_KEYS, f"{kind.name}:{spec.natural_key(payload)}")
        if envelope.aggregate_id is not None and envelope.aggregate_id != derived:
            raise InvalidCommand.naming(
                {"aggregate_id": f"must be {derived}, which follows from the payload"}
            )
        return derived
    if envelope.aggregate_id is not None:
        return envelope.aggregate_id
    return uuid5(NEW_AGGREGATES, str(envelope.command_id))
