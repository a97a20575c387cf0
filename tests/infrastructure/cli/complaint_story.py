"""A complaint's life as the JSON lines of a submit file, with the result each line must give."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import attrs
import orjson

from tests.infrastructure.cli.command_line import Cli


@attrs.frozen
class Line:
    """One line of a submit file and the result it must give."""

    text: str
    events: tuple[str, ...] = ()
    version: int | None = None
    code: str | None = None


@attrs.frozen
class Story:
    """A complaint's lifecycle as JSON lines, with the actors and business times it used."""

    complaint_id: UUID
    lines: tuple[Line, ...]
    agent: str
    manager: str
    assignee: str
    base: datetime

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines) + "\n"

    def at(self, hours: float) -> datetime:
        return self.base + timedelta(hours=hours)


def story() -> Story:
    """DOMAIN §3 from receipt to a final decision, with a refusal of each kind on the way.

    Line k (1-based) has business time base + k hours; actor ids are unique to this story.
    """
    tag = uuid4().hex[:8]
    cid = uuid4()
    agent: dict[str, Any] = {
        "id": f"u-cs-{tag}",
        "roles": ["customer_service"],
        "department": "客服",
    }
    manager: dict[str, Any] = {
        "id": f"u-sm-{tag}",
        "roles": ["service_manager"],
        "department": "客服",
    }
    assignee: dict[str, Any] = {
        "id": f"u-qa-{tag}",
        "roles": ["quality_inspector"],
        "department": "quality",
    }
    base = datetime(2026, 7, 1, 1, 0, tzinfo=UTC)  # a fixed past: no wall clock involved
    first_command = str(uuid4())
    lines: list[Line] = []

    def send(
        command: str,
        actor: dict[str, Any],
        payload: dict[str, Any] | None = None,
        *,
        events: tuple[str, ...] = (),
        code: str | None = None,
        aggregate_id: UUID | None = cid,
        command_id: str | None = None,
        **envelope: Any,
    ) -> None:
        body: dict[str, Any] = {
            "type": command,
            "command_id": command_id or str(uuid4()),
            "actor": actor,
            "occurred_at": (base + timedelta(hours=len(lines) + 1)).isoformat(),
            "payload": payload or {},
            **envelope,
        }
        if aggregate_id is not None:
            body["aggregate_id"] = str(aggregate_id)
        version = None
        if events:
            version = 1 + sum(len(line.events) for line in lines if line.code is None)
            version += len(events) - 1
        lines.append(Line(orjson.dumps(body).decode(), events, version, code))

    register = {
        "customer_id": "客户-1001",
        "channel": "phone",
        "summary": "扫地机器人到货时外壳破裂",
        "remedy_sought": "换货",
    }
    send(
        "complaint.register",
        agent,
        register,
        events=("ComplaintReceived",),
        command_id=first_command,
    )
    send("complaint.acknowledge", agent, {"message": "已收到"}, events=("ComplaintAcknowledged",))
    send("complaint.acknowledge", agent, {"message": "again"}, code="invalid_transition")
    send(
        "complaint.classify",
        manager,
        {"category": "product_quality", "severity": "high"},
        events=("ComplaintClassified",),
    )
    send(
        "complaint.assign",
        agent,
        {"department": "quality", "assignee_id": assignee["id"]},
        code="forbidden",
    )
    send(
        "complaint.assign",
        manager,
        {"department": "quality", "assignee_id": assignee["id"]},
        events=("ComplaintAssigned",),
    )
    send("complaint.close", agent, code="rule_violation")
    send(
        "complaint.record_investigation",
        assignee,
        {"root_cause": "包装缺少泡沫", "findings": "第3线"},
        events=("InvestigationRecorded",),
    )
    send("complaint.pause", assignee, {"waiting_for": "customer"}, events=("ComplaintPaused",))
    send("complaint.resume", assignee, events=("ComplaintResumed",))
    proposal = {"resolution": "换货", "remedy_offered": "新机"}
    send("complaint.propose_resolution", assignee, proposal, events=("ResolutionProposed",))
    send(
        "complaint.record_feedback",
        agent,
        {"satisfied": False, "csat": 2, "comment": "太慢"},
        events=("CustomerDissatisfied",),
    )
    send("complaint.propose_resolution", assignee, proposal, events=("ResolutionProposed",))
    send(
        "complaint.record_feedback",
        agent,
        {"satisfied": True, "csat": 5, "comment": "满意"},
        events=("CustomerSatisfied",),
    )
    send("complaint.close", agent, events=("ComplaintClosed",))
    send("complaint.reopen", manager, reason="客户再次来电", events=("ComplaintReopened",))
    send("complaint.escalate", manager, {"level": 1}, code="invalid_command")  # no reason
    send("complaint.escalate", manager, {"level": 1}, reason="VIP", events=("ComplaintEscalated",))
    send(
        "complaint.close_unresolved",
        manager,
        {"recourse_explained": True},
        reason="最终决定",
        events=("ComplaintClosedUnresolved",),
    )
    send("complaint.reopen", manager, reason="x", expected_version=1, code="concurrency_conflict")
    send("complaint.acknowledge", agent, {"message": "?"}, aggregate_id=uuid4(), code="not_found")
    send("complaint.teleport", agent, code="invalid_command")
    send("complaint.register", agent, register, command_id=first_command, code="duplicate_command")
    lines.append(Line("{this is not json", code="invalid_command"))
    return Story(
        complaint_id=cid,
        lines=tuple(lines),
        agent=agent["id"],
        manager=manager["id"],
        assignee=assignee["id"],
        base=base,
    )


LIFECYCLE_EVENTS = [
    "ComplaintReceived",
    "ComplaintAcknowledged",
    "ComplaintClassified",
    "ComplaintAssigned",
    "InvestigationRecorded",
    "ComplaintPaused",
    "ComplaintResumed",
    "ResolutionProposed",
    "CustomerDissatisfied",
    "ResolutionProposed",
    "CustomerSatisfied",
    "ComplaintClosed",
    "ComplaintReopened",
    "ComplaintEscalated",
    "ComplaintClosedUnresolved",
]


def submitted(cli: Cli, store: str, tmp_path: Path) -> Story:
    """The story submitted from a file; asserts it was handled as planned."""
    told = story()
    path = tmp_path / f"{told.complaint_id}.jsonl"
    path.write_text(told.text, encoding="utf-8")
    outcome = cli("--store", store, "--format", "json", "submit", str(path))
    assert outcome.status == 1, outcome
    assert len(outcome.json_lines()) == len(told.lines)
    return told


def accepted_lines(count: int) -> str:
    """`count` complaint registrations, all of which are accepted."""
    actor = {"id": "u-cs-ok", "roles": ["customer_service"]}
    payload = {"customer_id": "c", "channel": "email", "summary": "s", "remedy_sought": "r"}
    return "".join(
        orjson.dumps(
            {
                "type": "complaint.register",
                "command_id": str(uuid4()),
                "actor": actor,
                "payload": payload,
            }
        ).decode()
        + "\n"
        for _ in range(count)
    )
