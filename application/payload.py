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


#: How deeply arrays and objects may nest in a command, the envelope itself counting as one.
MAX_DEPTH = 32


def too_deep(value: object) -> str | None:
    """Where `value` first nests arrays or objects more than MAX_DEPTH levels deep, if it does:
    such a command is refused as it stands, never walked further."""
    stack: list[tuple[object, str, int]] = [(value, "", 1)]
    while stack:
        item, path, depth = stack.pop()
        if not isinstance(item, Mapping | list):
            continue
        if depth > MAX_DEPTH:
            return path or "(command)"
        stack.extend(
            (child, child_path, depth + 1) for child_path, _, child in reversed(_items(item, path))
        )
    return None


def unstorable_text(value: object) -> dict[str, str]:
    """Every string, key or value, anywhere in a JSON value that the log cannot store exactly:
    NUL characters and lone surrogates (text that is not valid Unicode)."""
    problems: dict[str, str] = {}
    # An explicit stack, not recursion: however deep the value, this never overflows.
    stack: list[tuple[object, str]] = [(value, "")]
    while stack:
        item, path = stack.pop()
        if isinstance(item, str):
            if why := _text_problem(item):
                problems[path or "(command)"] = why
            continue
        if not isinstance(item, Mapping | list):
            continue
        children: list[tuple[object, str]] = []
        for child_path, key, child in _items(item, path):
            if isinstance(key, str) and (why := _text_problem(key)):
                problems[child_path] = f"name {why}"
            else:
                children.append((child, child_path))
        stack.extend(reversed(children))
    return problems


def _items(
    container: Mapping[object, object] | list[object], path: str
) -> list[tuple[str, object, object]]:
    """(path, key, value) of each item of an array or object, in order; an array's keys are
    its indexes."""
    if isinstance(container, list):
        return [(f"{path}[{index}]", index, item) for index, item in enumerate(container)]
    return [
        (f"{path}.{printable(str(key))}" if path else printable(str(key)), key, item)
        for key, item in container.items()
    ]


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
