"""Type-directed conversion between attrs values and JSON primitives."""

# The declared field types decide the JSON form, so nothing in the stored JSON names a Python
# class: Decimal is a string, datetime and date are ISO 8601, UUID is its canonical string, an
# enum is its value, a tuple or frozenset is a list, a nested attrs value is an object.

from __future__ import annotations

import enum
import re
import types
import typing
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from functools import cache
from typing import Any, TypeVar, cast
from uuid import UUID

import attrs

T = TypeVar("T")


class DecodeError(ValueError):
    """Stored JSON does not fit the type its field declares."""


def to_primitive(value: object) -> Any:
    """A JSON-ready form of `value` (dicts, lists, str, int, bool, None)."""
    cls = type(value)
    encode = _ENCODERS.get(cls)
    if encode is None:
        encode = _ENCODERS[cls] = _encoder(cls)
    return encode(value)


#: The encoder of each class met so far.
_ENCODERS: dict[type, Callable[[Any], Any]] = {}


def _encoder(cls: type) -> Callable[[Any], Any]:
    """How to make a value of exactly this class JSON-ready, chosen once per class: the events
    of a busy log come in a few dozen classes, so each value costs one dictionary look-up."""
    if cls is type(None) or issubclass(cls, bool | int | str):
        return _identity
    if issubclass(cls, enum.Enum):
        return _enum_value
    if issubclass(cls, Decimal | UUID):
        return str
    if issubclass(cls, datetime | date):
        return _isoformat
    if attrs.has(cls):
        names = tuple(field.name for field in attrs.fields(cast(Any, cls)))
        return lambda value: {name: to_primitive(getattr(value, name)) for name in names}
    if issubclass(cls, frozenset):
        return lambda value: sorted(to_primitive(item) for item in value)
    if issubclass(cls, tuple | list):
        return lambda value: [to_primitive(item) for item in value]
    if issubclass(cls, Mapping):
        return lambda value: {
            str(to_primitive(key)): to_primitive(item) for key, item in value.items()
        }
    return _unstorable


def _enum_value(value: enum.Enum) -> Any:
    return value.value


def _isoformat(value: date) -> str:
    return value.isoformat()


def _unstorable(value: object) -> Any:
    raise TypeError(f"cannot store a value of type {type(value).__name__}")


def from_primitive(kind: Any, value: Any) -> Any:
    """Rebuild a value of the declared type `kind` from its JSON form."""
    return _decoder(kind)(value)


def decode_attrs(cls: type[T], data: Mapping[str, Any]) -> T:
    """Build an attrs instance of `cls` from its JSON object, field by declared field."""
    return cast(T, _decoder(cast(Any, cls))(data))


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


@cache
def _decoder(kind: Any) -> Callable[[Any], Any]:
    origin = typing.get_origin(kind)
    args = typing.get_args(kind)
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in args if arg is not type(None)]
        inner = _decoder(options[0]) if len(options) == 1 else _identity
        return lambda v: None if v is None else inner(v)
    if origin is tuple:
        item = _decoder(args[0])
        return lambda v: tuple(item(x) for x in _list(v))
    if origin is frozenset:
        item = _decoder(args[0])
        return lambda v: frozenset(item(x) for x in _list(v))
    if origin in (dict, Mapping):
        key, item = _decoder(args[0]), _decoder(args[1])
        return lambda v: {key(k): item(x) for k, x in v.items()}
    if origin is list:
        item = _decoder(args[0])
        return lambda v: [item(x) for x in _list(v)]
    if kind is Any:
        return _identity
    if isinstance(kind, type):
        return _type_decoder(kind)
    raise TypeError(f"no decoder for {kind!r}")


def _type_decoder(kind: type) -> Callable[[Any], Any]:
    if attrs.has(kind):
        return _attrs_decoder(kind)
    if issubclass(kind, enum.Enum):
        return _checked(kind)
    if kind is Decimal:
        return _checked(Decimal)
    if kind is datetime:
        return _checked(_text(parse_instant))
    if kind is date:
        return _checked(_text(date.fromisoformat))
    if kind is UUID:
        return _checked(_text(UUID))
    if kind in (str, int, bool):
        return _exact(kind)
    raise TypeError(f"no decoder for {kind!r}")


def _attrs_decoder(cls: type) -> Callable[[Any], Any]:
    hints = _hints(cls)
    fields = [(f.name, f.init, _decoder(hints[f.name])) for f in attrs.fields(cls)]

    def decode(data: Any) -> Any:
        if not isinstance(data, Mapping):
            raise DecodeError(f"{cls.__name__} must be stored as an object")
        kwargs = {name: read(data[name]) for name, init, read in fields if init and name in data}
        try:
            return cls(**kwargs)
        except (TypeError, ValueError) as error:
            raise DecodeError(f"{cls.__name__}: {error}") from error

    return decode


def _checked(parse: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def decode(value: Any) -> Any:
        try:
            return parse(value)
        except (TypeError, ValueError, ArithmeticError) as error:
            raise DecodeError(str(error)) from error

    return decode


def _text(parse: Callable[[str], Any]) -> Callable[[Any], Any]:
    def read(value: Any) -> Any:
        if not isinstance(value, str):
            raise DecodeError(f"expected a string, found {type(value).__name__}")
        return parse(value)

    return read


_SUB_MINUTE_OFFSET = re.compile(r"([+-])(\d\d):(\d\d):(\d\d)(?:\.(\d{6}))?$")


def parse_instant(text: str) -> datetime:
    """`datetime.fromisoformat`, except that an offset with seconds or microseconds keeps them
    (CPython 3.11 reads `+00:00:00.500000` as UTC)."""
    match = _SUB_MINUTE_OFFSET.search(text)
    if match is None:
        return datetime.fromisoformat(text)
    sign, hours, minutes, seconds, micros = match.groups()
    offset = timedelta(
        hours=int(hours), minutes=int(minutes), seconds=int(seconds), microseconds=int(micros or 0)
    )
    local = datetime.fromisoformat(text[: match.start()])
    return local.replace(tzinfo=timezone(-offset if sign == "-" else offset))


def _exact(kind: type) -> Callable[[Any], Any]:
    def decode(value: Any) -> Any:
        if type(value) is not kind:
            raise DecodeError(f"expected {kind.__name__}, found {type(value).__name__}")
        return value

    return decode


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise DecodeError("expected a list")
    return value


def _identity(value: Any) -> Any:
    return value
