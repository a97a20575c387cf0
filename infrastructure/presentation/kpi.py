"""KPI reports shown: one column per department and the company as a table, one object per
(period, department) as JSON, one line per (period, department) as CSV."""

from __future__ import annotations

import csv
import sys
from collections.abc import Sequence
from typing import TextIO

import orjson

from infrastructure.presentation.documents import emit_json
from infrastructure.presentation.tables import emit_table
from infrastructure.reporting.kpi import KpiRow

#: The company-wide column's heading.
COMPANY = "(company)"


def show_kpi(rows: Sequence[KpiRow], *, form: str, out: TextIO | None = None) -> None:
    out = out if out is not None else sys.stdout
    if form == "json":
        emit_json([row.to_json() for row in rows], out=out)
        return
    if form == "csv":
        documents = [row.to_json() for row in rows]
        names = list(documents[0]) if documents else ["period", "department"]
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(names)
        for document in documents:
            writer.writerow([_csv_cell(document[name]) for name in names])
        return
    keys = list(rows[0].figures) if rows else []
    headers = ["kpi", *(row.department or COMPANY for row in rows)]
    period = rows[0].period if rows else ""
    out.write(f"KPIs for {period}\n")
    emit_table(headers, [[key, *(row.figures[key] for row in rows)] for key in keys], out=out)


def _csv_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return orjson.dumps(value).decode()
    return str(value)
