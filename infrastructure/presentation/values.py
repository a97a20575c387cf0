"""One value as a person reads it: money with its currency, an enum by its value, times in ISO
8601, records and collections as compact JSON of such values."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, cast
from uuid import UUID

import attrs
import orjson


def readable(value: object) -> str:
    """`value` as text: blank for None; a value object that says how it is written (Money as
    `1250.00 CNY`, a period as `2026-Q3`) as it says; an enum by its value; a Decimal in plain
    digits; a date or time in ISO 8601; a record, list or map as compact JSON of its parts."""
    if value is None:
        return ""
    if isinstance(value, str) and not isinstance(value, enum.Enum):
        return value
    plain = _plain(value)
    return plain if isinstance(plain, str) else orjson.dumps(plain).decode()


def is_record(value: object) -> bool:
    """Whether `value` is an attrs record shown by its fields, not a value object with its own
    written form (Money, Period)."""
    return attrs.has(type(value)) and not _writes_itself(value)


def _plain(value: object) -> Any:
    """`value` as JSON-ready data whose leaves are what `readable` shows."""
    if isinstance(value, enum.Enum):
        return _plain(value.value)
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Decimal):
        return format(value, "f")  # 1E+3 would be correct and unreadable
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    if is_record(value):
        return {
            field.name: _plain(getattr(value, field.name))
            for field in attrs.fields(cast(Any, type(value)))
        }
    if isinstance(value, Mapping):
        return {readable(key): _plain(item) for key, item in value.items()}
    if isinstance(value, set | frozenset):
        return _sorted([_plain(item) for item in value])
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    return str(value)


def _writes_itself(value: object) -> bool:
    return type(value).__str__ is not object.__str__


def _sorted(items: list[Any]) -> list[Any]:
    """A set's members in order, so the same set always reads the same."""
    try:
        return sorted(items)
    except TypeError:  # members of mixed kinds: ordered by how they are written
        return sorted(items, key=lambda item: orjson.dumps(item))
