"""Lists of records: a table a person scans, or JSON."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TextIO

from infrastructure.presentation.documents import emit_json
from infrastructure.presentation.tables import emit_table

_SHOWN = ("aggregate_id", "status", "department", "customer", "opened_at", "next_deadline")


def show_records(
    rows: Sequence[Mapping[str, Any]], *, as_json: bool, out: TextIO | None = None
) -> None:
    if as_json:
        emit_json([_document(row) for row in rows], out=out)
        return
    emit_table(
        (*_SHOWN, "people"),
        [
            (
                *(row[name] for name in _SHOWN),
                " ".join(f"{role}={who}" for role, who in sorted(row["people"].items())),
            )
            for row in rows
        ],
        out=out,
    )


def _document(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        name: value.isoformat() if hasattr(value, "isoformat") else value
        for name, value in row.items()
    }
