"""A source store for the backup tests: records of all six kinds, walked part of their way
through the real handler, a refusal, and a sweep's breach events; and what the store holds,
read back in forms both stores give alike."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import attrs

from infrastructure.opsledger import Opsledger
from tests.application import (
    budget_envelopes,
    complaint_envelopes,
    order_envelopes,
    project_envelopes,
    rectification_envelopes,
    risk_envelopes,
)
from tests.clocks import FixedClock
from tests.infrastructure.projection_runner.audit_trail_rows import trail
from tests.integrity.raw_log import RawLog, StoredRow


@attrs.frozen(kw_only=True)
class Filled:
    """A store written once for a test module: its URL and the ids of its records."""

    url: str
    ids: tuple[UUID, ...]


def fill(url: str) -> Filled:
    """Orders, complaints, projects, budgets, risks and rectifications in several states (some
    with deadlines running), one refused command, and a sweep two weeks on that finds breaches."""
    clock = FixedClock()
    with Opsledger.open(url, clock=clock) as ledger:
        ids = (
            order_envelopes.drive(ledger, clock, "in_fulfilment"),
            order_envelopes.drive(ledger, clock, "draft"),
            complaint_envelopes.drive(ledger, clock, "classified"),
            complaint_envelopes.drive(ledger, clock, "closed"),
            project_envelopes.drive(ledger, clock, "executing"),
            budget_envelopes.drive(ledger, clock, "approved"),
            risk_envelopes.drive(ledger, clock, "assessed"),
            rectification_envelopes.drive(ledger, clock, "acknowledged"),
        )
        refused = ledger.submit(order_envelopes.command("close", ids[1]))
        assert not refused.ok
        clock.advance(days=14)
        report = ledger.sweep()
        assert report.breaches, "the sweep finds the complaint and the order late"
        ledger.projections.catch_up()
    return Filled(url=url, ids=ids)


def raw_rows(url: str) -> list[StoredRow]:
    """The log table as stored: positions, ids, versions, topics, bytes and chain hashes."""
    with RawLog(url) as raw:
        return raw.rows()


def deadlines(ledger: Opsledger) -> list[tuple[UUID, str, datetime]]:
    """The deadline index, ids as UUIDs and times in UTC."""
    rows = ledger.database.query("SELECT aggregate_id, aggregate_type, due_at FROM deadlines")
    return sorted(
        (
            UUID(str(aggregate_id)),
            kind,
            (due if isinstance(due, datetime) else datetime.fromisoformat(due)).astimezone(UTC),
        )
        for aggregate_id, kind, due in rows
    )


def read_models(url: str) -> dict[str, Any]:
    """Every read model of the store as it stands (nothing is caught up here): the audit
    trail, how far each projection is, and the deadline index."""
    with Opsledger.open(url) as ledger:
        return {
            "audit_trail": trail(ledger),
            "positions": {s.name: (s.position, s.head) for s in ledger.projections.status()},
            "deadlines": deadlines(ledger),
        }
