"""Typed reading of JSON fields: each reader gives a domain value or says why it cannot."""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar
from uuid import UUID

import attrs

E = TypeVar("E", bound=enum.Enum)

Reader = Callable[[object], Any]


class FieldError(ValueError):
    """A JSON value does not have the type or form a field needs."""


def text(value: object) -> str:
    if not isinstance(value, str):
        raise FieldError("must be a string")
    return value


def integer(*, low: int | None = None, high: int | None = None) -> Reader:
    def read(value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise FieldError("must be an integer")
        if low is not None and value < low:
            raise FieldError(f"must be at least {low}")
        if high is not None and value > high:
            raise FieldError(f"must be at most {high}")
        return value

    return read


def boolean(value: object) -> bool:
    if not isinstance(value, bool):
        raise FieldError("must be true or false")
    return value


def choice(enum_class: type[E]) -> Callable[[object], E]:
    allowed = ", ".join(str(member.value) for member in enum_class)

    def read(value: object) -> E:
        try:
            return enum_class(value)
        except ValueError:
            raise FieldError(f"must be one of: {allowed}") from None

    return read


def uuid(value: object) -> UUID:
    if not isinstance(value, str):
        raise FieldError("must be a UUID string")
    try:
        return UUID(value)
    except ValueError:
        raise FieldError("must be a UUID string") from None


def decimal_amount(value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise FieldError('must be a decimal string such as "1250.00"')
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise FieldError('must be a decimal string such as "1250.00"') from None
    if not amount.is_finite():
        raise FieldError("must be a finite amount")
    return amount


def calendar_date(value: object) -> date:
    if not isinstance(value, str):
        raise FieldError("must be an ISO 8601 date (YYYY-MM-DD)")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise FieldError("must be an ISO 8601 date (YYYY-MM-DD)") from None


def instant(value: object) -> datetime:
    """An ISO 8601 timestamp with a UTC offset; naive times are refused, not guessed."""
    if not isinstance(value, str):
        raise FieldError("must be an ISO 8601 timestamp with a UTC offset")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise FieldError("must be an ISO 8601 timestamp with a UTC offset") from None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise FieldError("must include a UTC offset, e.g. 2026-07-01T09:30:00+08:00")
    return parsed


@attrs.frozen
class Field:
    """One payload field: its name, how to read it, and whether the caller must give it."""

    name: str
    read: Reader
    required: bool = True
    default: Any = None


def read_fields(
    fields: tuple[Field, ...], raw: Mapping[str, object], *, prefix: str
) -> tuple[dict[str, Any], dict[str, str]]:
    """Read every declared field of `raw`; return the values and a message per bad field."""
    values: dict[str, Any] = {}
    problems: dict[str, str] = {}
    declared = {field.name for field in fields}
    for name in raw:
        if name not in declared:
            problems[f"{prefix}{name}"] = "unknown field"
    for field in fields:
        if field.name not in raw or raw[field.name] is None:
            if field.required:
                problems[f"{prefix}{field.name}"] = "missing"
            else:
                values[field.name] = field.default
            continue
        try:
            values[field.name] = field.read(raw[field.name])
        except FieldError as error:
            problems[f"{prefix}{field.name}"] = str(error)
    return values, problems
