"""Compliance shown: a period's findings and rates as two tables, as one JSON document, or as
CSV lines (each line a `finding` or a `rate`, under the union of their columns); one subject's
findings over time as a table or a JSON list."""

from __future__ import annotations

import csv
import sys
from collections.abc import Sequence
from typing import Any, TextIO

import attrs

from infrastructure.presentation.documents import emit_json
from infrastructure.presentation.tables import emit_table
from infrastructure.reporting.compliance import ComplianceReport, Finding

#: The company-wide rate's department heading.
COMPANY = "(company)"

_FINDING_HEADERS = (
    "rule",
    "subject_type",
    "subject_id",
    "department",
    "severity",
    "status",
    "opened_at",
    "closed_at",
    "opened_by",
    "closed_by",
    "detail",
)
#: Every column of a finding, as JSON gives it.
_FINDING_COLUMNS = tuple(field.name for field in attrs.fields(Finding))

_RATE_HEADERS = ("rule", "department", "subjects", "with_findings", "compliance_rate_pct")


def show_compliance(report: ComplianceReport, *, form: str, out: TextIO | None = None) -> None:
    out = out if out is not None else sys.stdout
    document = report.to_json()
    if form == "json":
        emit_json(document, out=out)
        return
    if form == "csv":
        names = ["row", "period", *dict.fromkeys([*_FINDING_COLUMNS, *_RATE_HEADERS])]
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(names)
        for kind, items in (("finding", document["findings"]), ("rate", document["rates"])):
            for item in items:
                cells = {"row": kind, "period": report.period, **item}
                writer.writerow(["" if cells.get(name) is None else cells[name] for name in names])
        return
    scope = ", ".join(
        part
        for part in (
            report.period,
            report.department and f"department {report.department}",
            report.rule and f"rule {report.rule}",
        )
        if part
    )
    out.write(f"Compliance findings for {scope}\n")
    emit_table(_FINDING_HEADERS, [_finding_cells(f) for f in document["findings"]], out=out)
    out.write(f"\nCompliance rates for {scope}\n")
    emit_table(
        _RATE_HEADERS,
        [
            [
                rate["rule"],
                rate["department"] or COMPANY,
                rate["subjects"],
                rate["with_findings"],
                rate["compliance_rate_pct"],
            ]
            for rate in document["rates"]
        ],
        out=out,
    )


def show_subject_findings(
    findings: Sequence[Finding], *, form: str, out: TextIO | None = None
) -> None:
    out = out if out is not None else sys.stdout
    documents = [finding.to_json() for finding in findings]
    if form == "json":
        emit_json(documents, out=out)
        return
    emit_table(_FINDING_HEADERS, [_finding_cells(document) for document in documents], out=out)


def _finding_cells(document: dict[str, Any]) -> list[Any]:
    return [document[name] for name in _FINDING_HEADERS]
