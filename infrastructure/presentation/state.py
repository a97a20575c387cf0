"""A record's state, any kind of aggregate: each field of its attrs state class with its value."""

# Generic over state classes, so each aggregate that follows shows its state with no code here:
# the fields come from attrs, and each value is shown by its type (see `values.readable`).

from __future__ import annotations

import sys
from collections.abc import Iterator, Mapping
from typing import Any, TextIO, cast
from uuid import UUID

import attrs

from infrastructure.presentation.documents import emit_json
from infrastructure.presentation.tables import emit_table
from infrastructure.presentation.values import is_record, readable
from infrastructure.serialisation.codec import to_primitive

HEADERS = ("field", "value")


def state_rows(state: object) -> list[tuple[str, str]]:
    """Each field of an attrs state as (name, value as read), fields in name order. A record
    within the state, a list of records or a map is spread over one row per part, named by its
    path as invalid_command names fields (`lines[0].sku`, `shipped.A1`), so nothing of it is
    cut; a list of plain values stays on one row (`["resolution"]`)."""
    fields = sorted(attrs.fields(cast(Any, type(state))), key=lambda field: field.name)
    return [row for field in fields for row in _rows(field.name, getattr(state, field.name))]


def _rows(path: str, value: object) -> Iterator[tuple[str, str]]:
    if is_record(value):
        for field in attrs.fields(cast(Any, type(value))):
            yield from _rows(f"{path}.{field.name}", getattr(value, field.name))
    elif isinstance(value, Mapping) and value:
        for key, item in sorted(value.items(), key=lambda pair: readable(pair[0])):
            yield from _rows(f"{path}.{readable(key)}", item)
    elif isinstance(value, tuple | list) and any(_spreads(item) for item in value):
        for index, item in enumerate(value):
            yield from _rows(f"{path}[{index}]", item)
    else:
        yield path, readable(value)


def _spreads(value: object) -> bool:
    return is_record(value) or isinstance(value, Mapping)


def emit_state(
    state: object,
    *,
    kind: str,
    aggregate_id: UUID,
    version: int,
    figures: Mapping[str, object] | None = None,
    out: TextIO | None = None,
) -> None:
    """A heading naming the record and its version, then its fields as a table, then what the
    kind derives from them (`figures.earned_value.spi`, ...)."""
    out = out if out is not None else sys.stdout
    out.write(f"{kind} {aggregate_id} at version {version}\n")
    rows = state_rows(state)
    for name, value in (figures or {}).items():
        rows.extend(_rows(f"figures.{name}", value))
    emit_table(HEADERS, rows, out=out)


def state_document(
    state: object, *, kind: str, version: int, figures: Mapping[str, object] | None = None
) -> dict[str, Any]:
    """The state as JSON: its kind, version, every field in its stored form, and the figures
    the kind derives from it."""
    document = {"aggregate_type": kind, "version": version, "state": to_primitive(state)}
    if figures:
        document["figures"] = to_primitive(dict(figures))
    return document


def show_state(
    state: object,
    *,
    kind: str,
    aggregate_id: UUID,
    version: int,
    as_json: bool,
    figures: Mapping[str, object] | None = None,
    out: TextIO | None = None,
) -> None:
    """A record as it stood at a version: one JSON document, or a heading and a table."""
    if as_json:
        emit_json(state_document(state, kind=kind, version=version, figures=figures), out=out)
    else:
        emit_state(
            state,
            kind=kind,
            aggregate_id=aggregate_id,
            version=version,
            figures=figures,
            out=out,
        )
