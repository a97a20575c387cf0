"""The compliance projection as a plug-in: a rebuild from the log equals the live read model
row for row (both stores), and refusals entered in the chained log as `CommandRefused` entries
become SEGREGATION_OF_DUTIES findings (in memory, with the command side's own refusal event,
which this projection reads by field name)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

from application.security_log import CommandRefused
from domain.shared.actor import SYSTEM_ACTOR
from domain.shared.recorded import Recorded
from infrastructure.opsledger import Opsledger
from projections.compliance.findings import FINDINGS, SUBJECTS
from projections.compliance.projection import Compliance
from projections.log import LogEntry
from projections.memory_view import MemoryView
from tests.application.compliance.history import july
from tests.clocks import FixedClock


def _rows(ledger: Opsledger, table: str) -> list[tuple[Any, ...]]:
    return sorted(ledger.database.query(f"SELECT * FROM {table}"), key=repr)


def test_a_rebuild_equals_the_live_model(ledger: Opsledger, clock: FixedClock) -> None:
    july(ledger, clock)
    live = {table.name: _rows(ledger, table.name) for table in (FINDINGS, SUBJECTS)}
    rules = sorted(row[1] for row in live[FINDINGS.name])
    # The two acknowledgement breaches, and the maker-checker attempt refused in the chain.
    assert rules == ["COMPLAINT_ACK_SLA", "COMPLAINT_ACK_SLA", "SEGREGATION_OF_DUTIES"]
    ledger.projections.rebuild("compliance")
    assert {table.name: _rows(ledger, table.name) for table in (FINDINGS, SUBJECTS)} == live


def _refusal(position: int, *, code: str, aggregate_id: UUID) -> LogEntry:
    at = datetime(2026, 7, 1, 3, 30, tzinfo=UTC)
    event = CommandRefused(
        occurred_at=at,
        actor=SYSTEM_ACTOR,
        actor_id="u-rep-1",
        actor_roles="legal,sales_rep",
        actor_department="sales",
        command_type="order.review_clause",
        command_id=str(uuid4()),
        aggregate_id=aggregate_id,
        code=code,
        message="refused",
        details="{}",
    )
    recorded = Recorded(
        originator_id=uuid4(),
        originator_version=1,
        recorded_at=at,
        event=event,
        command_id=uuid4(),
        correlation_id=uuid4(),
    )
    return LogEntry(position=position, recorded=recorded)


def test_command_refused_entries_of_segregation_of_duties_are_findings() -> None:
    projection = Compliance()
    assert "CommandRefused" in (projection.topics or ())
    view = MemoryView(projection.tables)
    order = uuid4()
    projection.apply(
        view,
        [
            _refusal(7, code="segregation_of_duties", aggregate_id=order),
            _refusal(8, code="forbidden", aggregate_id=order),
        ],
    )
    at = datetime(2026, 7, 1, 3, 30, tzinfo=UTC)
    ((rule, subject, kind, department, status, opened, closed, by),) = [
        (
            row["rule"],
            row["subject_id"],
            row["subject_type"],
            row["department"],
            row["status"],
            row["opened_at"],
            row["closed_at"],
            row["opened_by_position"],
        )
        for row in view.rows(FINDINGS.name)
    ]
    assert (rule, subject, kind, department, status, opened, closed, by) == (
        "SEGREGATION_OF_DUTIES",
        order,
        "order",
        "sales",
        "recorded",
        at,
        at,
        7,
    )
