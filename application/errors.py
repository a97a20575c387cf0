"""Refusals the command side gives before or around a business decision, with stable codes."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from domain.shared.errors import DomainError


class InvalidCommand(DomainError):
    """The envelope is malformed: unknown type, missing, extra or ill-typed fields."""

    code = "invalid_command"

    def __init__(self, message: str, *, fields: dict[str, str] | None = None) -> None:
        super().__init__(message, **({"fields": fields} if fields else {}))
        self.fields = fields or {}

    @classmethod
    def naming(cls, fields: dict[str, str]) -> InvalidCommand:
        """The refusal that names every bad field and says what is wrong with each."""
        summary = "; ".join(f"{name} {why}" for name, why in fields.items())
        return cls(f"invalid command: {summary}", fields=fields)


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
