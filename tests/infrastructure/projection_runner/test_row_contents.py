"""What an audit-trail row (DOMAIN §7) carries, whatever text the command side accepted."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

from infrastructure.opsledger import Opsledger
from tests.clocks import FixedClock
from tests.infrastructure.projection_runner.audit_trail_rows import trail
from tests.infrastructure.projection_runner.complaint_log import (
    AGENT,
    ESCALATION,
    START,
    Timeline,
    build_log,
    business_events,
    logged,
)


class TestRowColumns:
    """A row carries what auditors read: who (actor, roles, department), both times, the
    command, correlation and causation ids, the reason and the business payload."""

    def test_the_escalation_row(self, ledger: Opsledger, clock: FixedClock) -> None:
        """The escalation's row has the manager, both roles, its business and recorded times,
        the ids the envelope gave, the reason and the payload."""
        (complaint_id,) = build_log(ledger, clock, complaints=1)
        ledger.projections.catch_up("audit_trail")
        (row,) = [r for r in trail(ledger) if r["event_type"] == "ComplaintEscalated"]
        (event,) = [
            e.recorded
            for e in business_events(ledger)
            if e.recorded.event_type == "ComplaintEscalated"
        ]
        assert row["aggregate_id"] == complaint_id
        assert row["version"] == 5
        assert (row["actor_id"], row["actor_roles"], row["actor_department"]) == (
            "u-sm-1",
            "customer_service,service_manager",
            "客服",
        )
        assert row["occurred_at"] == START + timedelta(minutes=30 * 5)
        assert row["recorded_at"] == event.recorded_at
        assert row["recorded_at"] != row["occurred_at"]
        assert row["command_id"] == event.command_id
        assert row["correlation_id"] == ESCALATION["correlation_id"]
        assert row["causation_id"] == ESCALATION["causation_id"]
        assert row["reason"] == "VIP 客户"
        assert row["payload"] == {"level": 1}

    def test_defaults_and_nulls(self, ledger: Opsledger, clock: FixedClock) -> None:
        """Without correlation or causation ids both are the command id; no reason is NULL; a
        sweep's breach has no causation and the system actor; Chinese text is kept."""
        timeline = Timeline(ledger, clock)
        received = timeline.send(
            "complaint.register",
            AGENT,
            {
                "customer_id": "c-9",
                "channel": "email",
                "summary": "发票错误",
                "remedy_sought": "更正",
            },
        )
        assert received.ok
        clock.advance(days=3)
        assert len(ledger.sweep().breaches) == 1
        ledger.projections.catch_up("audit_trail")
        register_row, breach_row = trail(ledger)
        assert register_row["command_id"] == register_row["correlation_id"]
        assert register_row["causation_id"] == register_row["command_id"]
        assert register_row["reason"] is None
        assert register_row["payload"]["summary"] == "发票错误"
        assert register_row["payload"]["channel"] == "email"
        assert breach_row["event_type"] == "ComplaintSlaBreached"
        assert (breach_row["actor_id"], breach_row["actor_roles"]) == ("system", "system")
        assert breach_row["causation_id"] is None
        assert breach_row["payload"]["which"] == "acknowledgement"


class TestTextTheCommandSideAccepts:
    """Whatever text a command carries, the projection never gets stuck on it: text the store
    cannot hold (U+0000: PostgreSQL JSONB and TEXT reject it) is refused at the command side
    with invalid_command, or else is projected exactly."""

    def test_a_nul_character_never_stops_the_projection(self, ledger: Opsledger) -> None:
        """A summary containing U+0000: either invalid_command, with the refusal's entry alone
        appended and no row, or an audit-trail row with the exact text; either way catch-up
        completes with lag 0."""
        summary = "pasted from a form\x00with a NUL"
        result = ledger.submit(
            {
                "type": "complaint.register",
                "command_id": str(uuid4()),
                "actor": AGENT,
                "payload": {
                    "customer_id": "c-1",
                    "channel": "online",
                    "summary": summary,
                    "remedy_sought": "refund",
                },
            }
        )
        ledger.projections.catch_up()
        assert ledger.projections.status("audit_trail")[0].lag == 0
        if result.ok:
            (row,) = trail(ledger)
            assert row["payload"]["summary"] == summary
        else:
            assert result.code == "invalid_command"
            assert [e.recorded.event_type for e in logged(ledger)] == ["CommandRefused"]
            assert trail(ledger) == []
