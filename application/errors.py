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


class StoreUnavailable(Exception):
    """The event store cannot be reached or refused the write; nothing was recorded."""

    code = "store_unavailable"

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details = details
