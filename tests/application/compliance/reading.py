"""Reading the compliance history in tests: one subject's findings as plain tuples, after the
projections caught up with the log."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from infrastructure.opsledger import Opsledger
from infrastructure.reporting.compliance import Finding, subject_findings

#: (rule, occurrence, status, opened_at, closed_at, opened_by, closed_by)
Seen = tuple[str, str, str, datetime, datetime | None, str, str | None]


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def iso(moment: datetime) -> str:
    return moment.isoformat()


def findings_of(
    ledger: Opsledger, subject_id: UUID, *, known_at: datetime | None = None
) -> list[Finding]:
    ledger.projections.catch_up()
    return subject_findings(
        database=ledger.database, ledger=ledger.ledger, subject_id=subject_id, known_at=known_at
    )


def seen(ledger: Opsledger, subject_id: UUID, *, known_at: datetime | None = None) -> list[Seen]:
    """The subject's findings, oldest first, as (rule, occurrence, status, opened_at,
    closed_at, opened_by, closed_by)."""
    return [
        (f.rule, f.occurrence, f.status, f.opened_at, f.closed_at, f.opened_by, f.closed_by)
        for f in findings_of(ledger, subject_id, known_at=known_at)
    ]
