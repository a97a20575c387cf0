"""Any aggregate's state as a table: rows from the attrs fields of its class, values by type."""

from __future__ import annotations

import enum
import io
from collections.abc import Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import attrs

from domain.shared.money import Money
from domain.shared.period import Period
from infrastructure.presentation.state import show_state, state_document, state_rows
from infrastructure.serialisation.codec import to_primitive

BUDGET_ID = UUID("6f1c0a52-3c1e-4a51-9f5e-2b7d8c9e0a11")


class Phase(enum.StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"


class Check(enum.StrEnum):
    FINANCE = "finance"
    LEGAL = "legal"


@attrs.frozen(kw_only=True)
class Allocation:
    """A record inside the state: shown field by field."""

    cost_centre: str
    amount: Money


@attrs.frozen(kw_only=True)
class Approval:
    by: str
    at: datetime


@attrs.frozen(kw_only=True)
class Budget:
    """A state class no code in presentation knows: a stand-in for the aggregates to come."""

    id: UUID
    title: str
    phase: Phase
    period: Period
    ceiling: Money
    spent: Decimal
    starts_on: date
    checks: tuple[Check, ...]
    allocations: tuple[Allocation, ...]
    by_month: Mapping[str, Decimal]
    approval: Approval | None
    closed_at: datetime | None = None
    revision: int = 0
    locked: bool = False


def budget(**changes: Any) -> Budget:
    state = Budget(
        id=BUDGET_ID,
        title="华东区 2026 年市场预算",
        phase=Phase.APPROVED,
        period=Period.parse("2026-Q3"),
        ceiling=Money.parse("1250000", "CNY"),
        spent=Decimal("3999.50"),
        starts_on=date(2026, 7, 1),
        checks=(Check.LEGAL, Check.FINANCE),
        allocations=(
            Allocation(cost_centre="CC-1", amount=Money.parse("1000", "CNY")),
            Allocation(cost_centre="CC-2", amount=Money.parse("2999.50", "CNY")),
        ),
        by_month={"08": Decimal("2999.50"), "07": Decimal("1000.00")},
        approval=Approval(by="u-finance-1", at=datetime(2026, 6, 30, 8, tzinfo=UTC)),
    )
    return attrs.evolve(state, **changes)


class TestStateRows:
    def test_every_field_of_an_unknown_state_class_read_by_its_type(self) -> None:
        """Money with its currency, a period as written, enums by value, dates in ISO 8601;
        a record, a list of records and a map spread over rows named by their paths."""
        assert state_rows(budget()) == [
            ("allocations[0].cost_centre", "CC-1"),
            ("allocations[0].amount", "1000.00 CNY"),
            ("allocations[1].cost_centre", "CC-2"),
            ("allocations[1].amount", "2999.50 CNY"),
            ("approval.by", "u-finance-1"),
            ("approval.at", "2026-06-30T08:00:00+00:00"),
            ("by_month.07", "1000.00"),
            ("by_month.08", "2999.50"),
            ("ceiling", "1250000.00 CNY"),
            ("checks", '["legal","finance"]'),
            ("closed_at", ""),
            ("id", str(BUDGET_ID)),
            ("locked", "false"),
            ("period", "2026-Q3"),
            ("phase", "approved"),
            ("revision", "0"),
            ("spent", "3999.50"),
            ("starts_on", "2026-07-01"),
            ("title", "华东区 2026 年市场预算"),
        ]

    def test_empty_and_missing_parts_keep_one_row_each(self) -> None:
        rows = dict(state_rows(budget(allocations=(), by_month={}, approval=None, checks=())))
        assert (rows["allocations"], rows["by_month"], rows["approval"], rows["checks"]) == (
            "[]",
            "{}",
            "",
            "[]",
        )

    def test_a_long_list_of_records_keeps_its_order(self) -> None:
        """Fields are in name order; the parts of one field stay in their own order."""
        many = tuple(
            Allocation(cost_centre=f"CC-{n}", amount=Money.parse(str(n), "CNY")) for n in range(12)
        )
        names = [name for name, _ in state_rows(budget(allocations=many))]
        centres = [name for name in names if name.endswith(".cost_centre")]
        assert centres == [f"allocations[{n}].cost_centre" for n in range(12)]


class TestShowState:
    def test_a_table_under_a_heading_naming_kind_record_and_version(self) -> None:
        out = io.StringIO()
        show_state(
            budget(), kind="budget", aggregate_id=BUDGET_ID, version=3, as_json=False, out=out
        )
        lines = out.getvalue().splitlines()
        assert lines[0] == f"budget {BUDGET_ID} at version 3"
        assert lines[1] == "field                       value"
        assert lines[3] == "allocations[0].cost_centre  CC-1"
        assert lines[-1] == "title                       华东区 2026 年市场预算"

    def test_json_is_the_stored_form_of_every_field(self) -> None:
        """Machines get the same primitives the codec stores, whatever the class."""
        state = budget()
        assert state_document(state, kind="budget", version=3) == {
            "aggregate_type": "budget",
            "version": 3,
            "state": to_primitive(state),
        }
