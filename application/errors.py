"""Refusals the command side gives before or around a business decision, with stable codes."""

from __future__ import annotations

from itertools import islice
from typing import Any
from uuid import UUID

from domain.shared.errors import DomainError

#: A refusal names at most this many bad fields and counts the rest, so it stays short however
#: many fields were sent.
NAMED_FIELDS = 20

#: A field name longer than this is cut where a refusal names it (a key can be a line long).
NAME_LENGTH = 100


class InvalidCommand(DomainError):
    """The envelope is malformed: unknown type, missing, extra or ill-typed fields."""

    code = "invalid_command"

    def __init__(self, message: str, *, fields: dict[str, str] | None = None) -> None:
        fields = fields or {}
        details: dict[str, Any] = {}
        if fields:
            details["fields"] = _named(fields)
        if len(fields) > NAMED_FIELDS:
            details["more_fields"] = len(fields) - NAMED_FIELDS
        super().__init__(message, **details)
        #: Every bad field, named or not: merged with others before a refusal is given.
        self.fields = fields

    @classmethod
    def naming(cls, fields: dict[str, str]) -> InvalidCommand:
        """The refusal that names each bad field (the first NAMED_FIELDS of them) and says what
        is wrong with it."""
        summary = "; ".join(f"{name} {why}" for name, why in _named(fields).items())
        if len(fields) > NAMED_FIELDS:
            summary += f"; and {len(fields) - NAMED_FIELDS} more"
        return cls(f"invalid command: {summary}", fields=fields)


def _named(fields: dict[str, str]) -> dict[str, str]:
    return {_cut(name): why for name, why in islice(fields.items(), NAMED_FIELDS)}


def _cut(name: str) -> str:
    return name if len(name) <= NAME_LENGTH else name[: NAME_LENGTH - 1] + "…"


class NotFound(DomainError):
    """No aggregate of the command's kind has that id."""

    code = "not_found"

    def __init__(self, kind: str, aggregate_id: UUID) -> None:
        super().__init__(f"no {kind} with id {aggregate_id}", aggregate_id=str(aggregate_id))


class ConcurrencyConflict(DomainError):
    """The aggregate changed since the version the caller expected, or a writer got in first."""

    code = "concurrency_conflict"


class DuplicateCommand(DomainError):
    """The command id was used before for a different command body."""

    code = "duplicate_command"


class CommandFailed(DomainError):
    """Something unexpected went wrong inside one command; the operators' log tells what under
    the incident id, and a retry with the same command id is safe."""

    code = "command_failed"

    def __init__(self, *, incident: UUID, maybe_recorded: bool = False) -> None:
        outcome = "may have been recorded" if maybe_recorded else "was not recorded"
        super().__init__(
            f"the command could not be handled and {outcome} (incident {incident}); "
            "sending it again with the same command_id is safe",
            incident=str(incident),
        )


class StoreUnavailable(Exception):
    """The event store cannot be reached or refused the write. `outcome` says what became of a
    command meanwhile: `not_stored`, or `unknown` when the store could not be asked again."""

    code = "store_unavailable"

    def __init__(self, message: str, *, outcome: str = "not_stored", **details: Any) -> None:
        # Driver messages run over several lines; every edge shows this as one.
        one_line = " ".join(message.split())
        super().__init__(one_line)
        self.message = one_line
        self.outcome = outcome
        self.details = details


class PayloadKeyMissing(Exception):
    """Stored payloads are encrypted with a key this process was not given: nothing can be
    read or decided on them until that key is configured."""

    code = "cipher_key_missing"

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details = details
