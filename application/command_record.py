"""Idempotency records: each accepted command's result, saved in the same append as its events."""

from __future__ import annotations

from typing import ClassVar
from uuid import UUID, uuid5

import attrs

from domain.shared.events import Event

COMMAND_RECORDS = UUID("6f3d1c2e-9a47-5b8e-8c1d-0e4b7a2f9c63")


def command_record_id(command_id: UUID) -> UUID:
    """The stream id of a command's record: the same command id always gives the same stream."""
    return uuid5(COMMAND_RECORDS, str(command_id))


@attrs.frozen(kw_only=True)
class CommandHandled(Event):
    """A command was accepted: its body's digest and the result it gave."""

    aggregate_type: ClassVar[str] = "command"

    command_type: str
    body_digest: str
    aggregate_id: UUID
    version: int
    events: tuple[str, ...]
