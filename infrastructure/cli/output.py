"""Printing results for people (aligned tables) and for machines (JSON)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any, TextIO

import orjson


def emit_json(value: Any, *, out: TextIO | None = None) -> None:
    """One JSON document on one line (to standard output unless told otherwise)."""
    out = out or sys.stdout
    out.write(orjson.dumps(value, default=str).decode() + "\n")


def emit_table(
    headers: Sequence[str], rows: Sequence[Sequence[Any]], *, out: TextIO | None = None
) -> None:
    """An aligned plain-text table; long cells are cut so a row stays on one line."""
    out = out or sys.stdout
    cells = [[_cell(value) for value in row] for row in rows]
    widths = [len(header) for header in headers]
    for row in cells:
        for index, cell in enumerate(row):
            widths[index] = max(widths[index], len(cell))
    line = "  ".join(header.ljust(widths[i]) for i, header in enumerate(headers))
    out.write(line.rstrip() + "\n")
    out.write("  ".join("-" * width for width in widths) + "\n")
    for row in cells:
        out.write("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() + "\n")


def _cell(value: Any, limit: int = 80) -> str:
    if value is None:
        return ""
    text = value if isinstance(value, str) else orjson.dumps(value, default=str).decode()
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"
