"""Checks of a command as sent (depth, storable text) and the envelope's own fields."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

import attrs

from application.commands.readers import FieldError, Reader, printable

#: How deeply arrays and objects may nest in a command, the envelope itself counting as one.
MAX_DEPTH = 32


def plainly_storable(value: object) -> bool:
    """True when `value` nests at most MAX_DEPTH levels and all its text, keys included, can be
    stored exactly: one quick walk that names nothing. Only a value it doubts is walked again
    by `too_deep` and `unstorable_text`, which say where the trouble is."""
    stack: list[tuple[object, int]] = [(value, 1)]
    pop, push = stack.pop, stack.append
    while stack:
        item, depth = pop()
        kind = type(item)
        if kind is str:
            if not _storable(cast(str, item)):
                return False
        elif kind is dict:
            if depth > MAX_DEPTH:
                return False
            for key, child in cast(dict[object, object], item).items():
                if type(key) is not str or not _storable(key):
                    return False
                push((child, depth + 1))
        elif kind is list:
            if depth > MAX_DEPTH:
                return False
            for child in cast(list[object], item):
                push((child, depth + 1))
        elif isinstance(item, Mapping | list | str):
            return False  # not as JSON parsing makes it: left to the exact walks
    return True


def _storable(text: str) -> bool:
    if "\x00" in text:
        return False
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


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
