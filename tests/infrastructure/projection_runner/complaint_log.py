"""Complaint lifecycles sent through the command side to build a log, and that log read back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, cast
from uuid import UUID, uuid4

import attrs

from application.results import Result
from domain.shared.recorded import Recorded
from infrastructure.opsledger import Opsledger
from projections.log import LogEntry
from tests.clocks import FixedClock

AGENT = {"id": "u-cs-1", "roles": ["customer_service"], "department": "客服"}
MANAGER = {"id": "u-sm-1", "roles": ["service_manager", "customer_service"], "department": "客服"}
ASSIGNEE = {"id": "u-quality-7", "roles": ["quality_inspector"], "department": "quality"}

#: The events of one complaint handled from receipt to closing, as DOMAIN §3 names them.
LIFECYCLE = [
    "ComplaintReceived",
    "ComplaintAcknowledged",
    "ComplaintClassified",
    "ComplaintAssigned",
    "ComplaintEscalated",
    "InvestigationRecorded",
    "ResolutionProposed",
    "CustomerSatisfied",
    "ComplaintClosed",
]

#: Business time of the first event: 09:00 in Shanghai, 30 June 2026, entered the next morning.
START = datetime(2026, 6, 30, 1, 0, tzinfo=UTC)
ESCALATION = {
    "correlation_id": UUID("22222222-2222-4222-8222-222222222222"),
    "causation_id": UUID("33333333-3333-4333-8333-333333333333"),
}


@attrs.define
class Timeline:
    """Sends commands with rising business times while the clock records them later."""

    ledger: Opsledger
    clock: FixedClock
    at: datetime = START

    def send(
        self,
        command: str,
        actor: dict[str, Any],
        payload: dict[str, Any] | None = None,
        *,
        aggregate_id: UUID | None = None,
        reason: str | None = None,
        **envelope: Any,
    ) -> Result:
        self.at += timedelta(minutes=30)
        self.clock.advance(minutes=1)
        body: dict[str, Any] = {
            "type": command,
            "command_id": str(envelope.pop("command_id", uuid4())),
            "actor": actor,
            "occurred_at": self.at.isoformat(),
            "payload": payload or {},
            **{key: str(value) for key, value in envelope.items()},
        }
        if aggregate_id is not None:
            body["aggregate_id"] = str(aggregate_id)
        if reason is not None:
            body["reason"] = reason
        return self.ledger.submit(body)

    def complaint(self, summary: str = "扫地机器人外壳破裂") -> UUID:
        """One complaint through its whole lifecycle, with an escalation on the way; plus one
        refused command, which must leave no row."""
        received = self.send(
            "complaint.register",
            AGENT,
            {
                "customer_id": "c-1001",
                "channel": "phone",
                "summary": summary,
                "remedy_sought": "换货",
            },
        )
        assert received.ok, received
        assert received.aggregate_id is not None
        cid = received.aggregate_id
        steps: list[tuple[str, dict[str, Any], dict[str, Any], dict[str, Any]]] = [
            ("complaint.acknowledge", AGENT, {"message": "已收到"}, {}),
            ("complaint.classify", MANAGER, {"category": "delivery", "severity": "high"}, {}),
            (
                "complaint.assign",
                MANAGER,
                {"department": "quality", "assignee_id": "u-quality-7"},
                {},
            ),
            ("complaint.escalate", MANAGER, {"level": 1}, {"reason": "VIP 客户", **ESCALATION}),
            (
                "complaint.record_investigation",
                ASSIGNEE,
                {"root_cause": "包装", "findings": "无泡沫"},
                {},
            ),
            (
                "complaint.propose_resolution",
                ASSIGNEE,
                {"resolution": "换货", "remedy_offered": "新机"},
                {},
            ),
            (
                "complaint.record_feedback",
                AGENT,
                {"satisfied": True, "csat": 5, "comment": "满意"},
                {},
            ),
            ("complaint.close", AGENT, {}, {}),
        ]
        for command, actor, payload, extra in steps:
            result = self.send(command, actor, payload, aggregate_id=cid, **extra)
            assert result.ok, (command, result)
        refused = self.send("complaint.close", ASSIGNEE, aggregate_id=cid)
        assert not refused.ok
        return cid


def build_log(ledger: Opsledger, clock: FixedClock, *, complaints: int = 2) -> list[UUID]:
    timeline = Timeline(ledger, clock)
    return [timeline.complaint(f"投诉 #{n}") for n in range(complaints)]


def logged(ledger: Opsledger) -> list[LogEntry]:
    """Every event in the log with its position, read straight from the store."""
    notifications = ledger.ledger.recorder.select_notifications(start=None, limit=10**6)
    return [
        LogEntry(position=n.id, recorded=cast(Recorded, ledger.ledger.mapper.to_domain_event(n)))
        for n in notifications
    ]


#: What is in the log but not a business event: command records and refusals (the security log).
BOOKKEEPING = frozenset({"command", "refusal"})


def business_events(ledger: Opsledger) -> list[LogEntry]:
    """The log without the command records and the refusals' entries."""
    return [e for e in logged(ledger) if e.recorded.aggregate_type not in BOOKKEEPING]
