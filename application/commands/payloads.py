"""Typed payloads: each command's payload is a frozen attrs class; its fields say how to read."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Protocol, TypeVar, cast

import attrs

from application.commands.readers import REQUIRED, Reader, object_fields
from domain.shared.money import Money

#: Where a payload field keeps its reader.
READ = "opsledger.read"

P = TypeVar("P")


def given(read: Reader, *, default: Any = REQUIRED) -> Any:
    """A payload field read by `read`; without a default, the sender must give it."""
    if default is REQUIRED:
        return attrs.field(metadata={READ: read})
    return attrs.field(metadata={READ: read}, default=default)


def decode(payload: type[P], raw: object) -> P:
    """The payload class filled from a JSON object, or `FieldErrors` naming every bad part by
    its path (`lines[2].quantity`)."""
    fields = attrs.fields(cast(Any, payload))
    readers = {field.name: field.metadata[READ] for field in fields}
    defaults = {field.name: field.default for field in fields if field.default is not attrs.NOTHING}
    return payload(**object_fields(raw, readers, defaults=defaults))


def fields_of(payload: Any) -> dict[str, Any]:
    """A payload's fields by name, to pass on to a decision as keyword arguments."""
    return attrs.asdict(payload, recurse=False)


@attrs.frozen
class NoPayload:
    """The payload of a command that needs nothing but its envelope: `{}`."""


class Priced(Protocol):
    """A record that keeps its money in one currency: an order, a project, a budget."""

    @property
    def currency(self) -> str: ...


def in_currency(record: Priced, amount: Decimal) -> Money:
    """An amount sent for a record is in the record's own currency."""
    return Money(amount, record.currency)
