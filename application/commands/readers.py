"""Readers of payload fields: each turns a JSON value into a domain value or says why not."""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, TypeVar
from uuid import UUID

E = TypeVar("E", bound=enum.Enum)

Reader = Callable[[object], Any]


class FieldError(ValueError):
    """A JSON value does not have the type or form a field needs."""


class FieldErrors(ValueError):
    """Several parts of one JSON value are wrong, each named by its path within the value
    (`[2].quantity`, `07`)."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(f"{path} {why}" for path, why in problems.items()))
        self.problems = problems


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


_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def calendar_date(value: object) -> date:
    """An ISO 8601 calendar date, `2026-07-31`."""
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise FieldError("must be a date written YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise FieldError("is not a date of the calendar") from None


_AMOUNT = re.compile(r"-?[0-9]{1,18}(\.[0-9]{1,2})?")


def amount(*, positive: bool = False, signed: bool = False) -> Callable[[object], Decimal]:
    """A money amount as a JSON string with at most two decimals (`"1250.00"`), never a
    number; zero or more, above zero where `positive`, of either sign where `signed` (a
    change: `"-500.00"`)."""
    least = "more than 0" if positive else "0 or more"

    def read(value: object) -> Decimal:
        if not isinstance(value, str):
            raise FieldError('must be an amount written as a string, e.g. "1250.00"')
        if not _AMOUNT.fullmatch(value):
            raise FieldError('must be an amount with at most 2 decimals, e.g. "1250.00"')
        parsed = Decimal(value)
        if not signed and (parsed < 0 or (positive and parsed == 0)):
            raise FieldError(f"must be {least}")
        return parsed

    return read


def month(value: object) -> int:
    """A month of the year: 1 to 12, or written with two digits as month maps write it
    (`"07"`)."""
    if isinstance(value, str) and re.fullmatch(r"0[1-9]|1[0-2]", value):
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 12:
        return value
    raise FieldError('must be a month: 1 to 12, or "01" to "12"')


_FRACTION = re.compile(r"[01](\.[0-9]{1,6})?")


def decimal_fraction(value: object) -> Decimal:
    """A share above 0 and at most 1 with at most six decimals, such as a milestone's weight:
    a string (`"0.25"`) or a JSON number, read as the decimal it was written as, never as a
    binary float."""
    if isinstance(value, float):
        value = repr(value)  # the shortest text that reads back as this number: what was sent
    elif isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not _FRACTION.fullmatch(value):
        raise FieldError('must be a share written like "0.25", above 0 and at most 1')
    parsed = Decimal(value)
    if not 0 < parsed <= 1:
        raise FieldError("must be above 0 and at most 1")
    return parsed


_CURRENCY = re.compile(r"[A-Z]{3}")


def currency(value: object) -> str:
    """An ISO 4217 currency code such as `CNY`."""
    if not isinstance(value, str) or not _CURRENCY.fullmatch(value):
        raise FieldError("must be a currency code of three capital letters, e.g. CNY")
    return value


#: The most items a list in a payload may hold.
MAX_ITEMS = 1_000

R = TypeVar("R")


def records(
    record: type[R], *, at_least: int = 0, **fields: Reader
) -> Callable[[object], tuple[R, ...]]:
    """A list of objects, each read field by field into `record`; every bad part is named by
    its place in the list (`[2].quantity`)."""

    def read(value: object) -> tuple[R, ...]:
        if not isinstance(value, list):
            raise FieldError("must be a list")
        if len(value) < at_least:
            raise FieldError(f"must hold at least {at_least}")
        if len(value) > MAX_ITEMS:
            raise FieldError(f"may hold at most {MAX_ITEMS}")
        problems: dict[str, str] = {}
        read_items: list[R] = []
        for index, item in enumerate(value):
            try:
                read_items.append(record(**object_fields(item, fields)))
            except FieldErrors as error:
                problems.update(
                    {join(f"[{index}]", path): why for path, why in error.problems.items()}
                )
        if problems:
            raise FieldErrors(problems)
        return tuple(read_items)

    return read


def month_map(read_value: Reader) -> Callable[[object], dict[int, Any]]:
    """An object from two-digit months to values, `{"07": "1000.00"}`: months 01 to 12."""

    def read(value: object) -> dict[int, Any]:
        if not isinstance(value, Mapping):
            raise FieldError('must be an object of months, e.g. {"07": "1000.00"}')
        problems: dict[str, str] = {}
        months: dict[int, Any] = {}
        for key, item in value.items():
            if not (isinstance(key, str) and re.fullmatch(r"0[1-9]|1[0-2]", key)):
                problems[str(key)[:20]] = "is not a month: use 01 to 12"
                continue
            try:
                months[int(key)] = read_value(item)
            except FieldError as error:
                problems[key] = str(error)
        if problems:
            raise FieldErrors(problems)
        return months

    return read


def printable(text: str) -> str:
    """`text` with NUL and lone surrogates escaped, safe to store and show."""
    return text.replace("\x00", "\\0").encode("utf-8", "backslashreplace").decode("utf-8")


#: A field's default when the caller must give it.
REQUIRED: Any = object()


def object_fields(
    value: object, readers: Mapping[str, Reader], *, defaults: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """Read a JSON object field by field: an unknown field, a missing one without a default, or
    a bad value is named in `FieldErrors` by its path within the object."""
    if not isinstance(value, Mapping):
        raise FieldErrors({"": "must be an object"})
    problems: dict[str, str] = {}
    for name in value:
        if name not in readers:
            problems[printable(str(name))[:100]] = "unknown field"
    values: dict[str, Any] = {}
    for name, read in readers.items():
        if value.get(name) is None:
            default = (defaults or {}).get(name, REQUIRED)
            if default is REQUIRED:
                problems[name] = "missing"
            else:
                values[name] = default
            continue
        try:
            values[name] = read(value[name])
        except FieldError as error:
            problems[name] = str(error)
        except FieldErrors as error:
            problems.update({join(name, path): why for path, why in error.problems.items()})
    if problems:
        raise FieldErrors(problems)
    return values


def join(path: str, inner: str) -> str:
    """The path of `inner` within the value at `path`."""
    if not inner:
        return path
    if not path or inner.startswith("["):
        return f"{path}{inner}"
    return f"{path}.{inner}"
