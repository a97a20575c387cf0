"""`report kpi`: every KPI key of DOMAIN §7 for one period, by department and company-wide."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo
from typing import Any

import attrs

from application.ledger import Ledger
from domain.shared.period import Period
from infrastructure.reporting.facts import live_facts, memory_facts, replayed
from infrastructure.serialisation.cipher import keyring_of
from infrastructure.sql.database import Database
from projections.kpi.family import Facts, KpiFamily
from projections.kpi.registry import FAMILIES


@attrs.frozen(kw_only=True)
class KpiRow:
    """The figures of one period for one department, or for the whole company (None)."""

    period: str
    department: str | None
    figures: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {"period": self.period, "department": self.department, **self.figures}


def kpi_report(
    *,
    database: Database,
    ledger: Ledger,
    period: Period,
    zone: tzinfo,
    department: str | None = None,
    known_at: datetime | None = None,
    families: Sequence[KpiFamily] = FAMILIES,
) -> list[KpiRow]:
    """One row per department with any facts, then the company-wide row; or only the row of
    `department`. From the live read models, or, with `known_at`, from the log as it stood at
    that recorded time."""
    if known_at is None:
        keyring = keyring_of(ledger.mapper)

        def facts(family: KpiFamily, wanted: str | None) -> Facts:
            return live_facts(database, family.projection, wanted, keyring=keyring)

    else:
        views = replayed(ledger, [family.projection for family in families], known_at)
        by_name = {
            family.projection.name: view for family, view in zip(families, views, strict=True)
        }

        def facts(family: KpiFamily, wanted: str | None) -> Facts:
            return memory_facts(by_name[family.projection.name], family.projection, wanted)

    # Each family's facts read once: of the one department asked for, else of all, then
    # grouped by department in memory.
    read = {family.projection.name: facts(family, department) for family in families}
    if department is not None:
        groups: list[str | None] = [department]
    else:
        named = {
            row["department"]
            for tables in read.values()
            for rows in tables.values()
            for row in rows
            if row["department"] is not None
        }
        groups = [*sorted(named), None]
    return [
        KpiRow(
            period=str(period),
            department=group,
            figures={
                key: value
                for family in families
                for key, value in family.figures(
                    of_department(read[family.projection.name], group), period, zone
                ).items()
            },
        )
        for group in groups
    ]


def of_department(facts: Facts, department: str | None) -> Facts:
    """The rows of one department (all of them for None)."""
    if department is None:
        return facts
    return {
        table: [row for row in rows if row["department"] == department]
        for table, rows in facts.items()
    }
