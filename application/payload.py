"""Typed reading of JSON fields: each reader gives a domain value or says why it cannot."""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
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


#: Integers are stored as 64-bit signed numbers.
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


def integer(*, low: int = INT64_MIN, high: int = INT64_MAX) -> Reader:
    def read(value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise FieldError("must be an integer")
        if value < low:
            raise FieldError(f"must be at least {low}")
        if value > high:
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


def instant(value: object) -> datetime:
    """An ISO 8601 timestamp with a UTC offset, as UTC; naive times are refused, not guessed."""
    if not isinstance(value, str):
        raise FieldError("must be an ISO 8601 timestamp with a UTC offset")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise FieldError("must be an ISO 8601 timestamp with a UTC offset") from None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise FieldError("must include a UTC offset, e.g. 2026-07-01T09:30:00+08:00")
    try:
        return parsed.astimezone(UTC)
    except OverflowError:
        raise FieldError("lies outside the years 1 to 9999 in UTC") from None


def unstorable_text(value: object, path: str = "") -> dict[str, str]:
    """Every string, key or value, anywhere in a JSON value that the log cannot store exactly:
    NUL characters and lone surrogates (text that is not valid Unicode)."""
    problems: dict[str, str] = {}
    if isinstance(value, str):
        why = _text_problem(value)
        if why:
            problems[path or "(command)"] = why
    elif isinstance(value, Mapping):
        for key, item in value.items():
            if isinstance(key, str) and (why := _text_problem(key)):
                problems[f"{path}.{printable(key)}" if path else printable(key)] = f"name {why}"
                continue
            problems.update(unstorable_text(item, f"{path}.{key}" if path else str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            problems.update(unstorable_text(item, f"{path}[{index}]"))
    return problems


def _text_problem(text: str) -> str | None:
    if "\x00" in text:
        return "contains a NUL character"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "is not valid Unicode (lone surrogate)"
    return None


def printable(text: str) -> str:
    """`text` with NUL and lone surrogates escaped, safe to store and show."""
    return text.replace("\x00", "\\0").encode("utf-8", "backslashreplace").decode("utf-8")


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
            problems[f"{prefix}{printable(str(name))}"] = "unknown field"
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
