"""Aligned plain-text tables: each column as wide as its widest cell on a terminal."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any, TextIO

from infrastructure.presentation.terminal import cut, display_width, one_line, pad
from infrastructure.presentation.values import readable

#: The most terminal columns one cell takes: longer cells are cut, so a row stays on one line.
CELL_COLUMNS = 80

#: Between two columns.
GAP = "  "


def cell_text(value: object) -> str:
    """One cell as shown: `readable(value)` on one line, cut to CELL_COLUMNS."""
    return cut(one_line(readable(value)), CELL_COLUMNS)


def table_lines(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[str]:
    """A header line, a rule under each header, then one line per row, with cells left-aligned
    in columns as wide as their widest cell on a terminal (a Chinese character takes two).
    Every row has one cell per header."""
    cells = [[cell_text(value) for value in row] for row in rows]
    widths = [
        max([display_width(header), *(display_width(row[index]) for row in cells)])
        for index, header in enumerate(headers)
    ]
    return [
        _line(headers, widths),
        GAP.join("-" * width for width in widths),
        *(_line(row, widths) for row in cells),
    ]


def emit_table(
    headers: Sequence[str], rows: Sequence[Sequence[Any]], *, out: TextIO | None = None
) -> None:
    """Write a table (to standard output unless told otherwise)."""
    out = out if out is not None else sys.stdout
    for line in table_lines(headers, rows):
        out.write(line + "\n")


def _line(cells: Sequence[str], widths: Sequence[int]) -> str:
    return GAP.join(pad(cell, width) for cell, width in zip(cells, widths, strict=True)).rstrip()
