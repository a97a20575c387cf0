"""A complaint's whole life through the command side gives exactly DOMAIN §3's events, versions
and states, and Chinese text comes back exactly as sent. Both stores."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from domain.complaint.events import ComplaintAcknowledged, ComplaintReceived
from domain.complaint.state import Complaint
from infrastructure.opsledger import Opsledger
from tests.application.complaint_envelopes import (
    ASSIGNEE,
    CS_AGENT,
    MANAGER,
    PAYLOADS,
    Json,
    accept,
    command,
)
from tests.application.ledger_reading import event_as
from tests.clocks import FixedClock

DISSATISFIED: Json = {"satisfied": False, "csat": 2, "comment": "退款太少 (too small a refund)"}

#: (verb, sender, payload or None for the usual one, event, status afterwards)
LIFE: list[tuple[str, Json, Json | None, str, str]] = [
    ("register", CS_AGENT, None, "ComplaintReceived", "received"),
    ("acknowledge", CS_AGENT, None, "ComplaintAcknowledged", "acknowledged"),
    ("classify", CS_AGENT, None, "ComplaintClassified", "classified"),
    ("assign", MANAGER, None, "ComplaintAssigned", "assigned"),
    ("record_investigation", ASSIGNEE, None, "InvestigationRecorded", "investigating"),
    ("pause", CS_AGENT, {"waiting_for": "third_party"}, "ComplaintPaused", "paused"),
    ("resume", ASSIGNEE, None, "ComplaintResumed", "investigating"),
    ("propose_resolution", ASSIGNEE, None, "ResolutionProposed", "resolution_proposed"),
    ("record_feedback", CS_AGENT, DISSATISFIED, "CustomerDissatisfied", "investigating"),
    ("propose_resolution", ASSIGNEE, None, "ResolutionProposed", "resolution_proposed"),
    ("record_feedback", CS_AGENT, None, "CustomerSatisfied", "resolved"),
    ("close", CS_AGENT, None, "ComplaintClosed", "closed"),
    ("reopen", MANAGER, None, "ComplaintReopened", "investigating"),
    ("escalate", CS_AGENT, {"level": 2}, "ComplaintEscalated", "investigating"),
    ("record_investigation", ASSIGNEE, None, "InvestigationRecorded", "investigating"),
    ("propose_resolution", ASSIGNEE, None, "ResolutionProposed", "resolution_proposed"),
    ("record_feedback", CS_AGENT, DISSATISFIED, "CustomerDissatisfied", "investigating"),
    ("close_unresolved", MANAGER, None, "ComplaintClosedUnresolved", "closed_unresolved"),
]


class TestAComplaintsWholeLife:
    """register → … → close → reopen → … → close_unresolved: one event per command, versions
    1..18 without gaps, each state as DOMAIN §3 says."""

    def test_each_command_gives_its_event_version_and_state(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        complaint_id: UUID | None = None

        for version, (verb, sender, payload, event, status) in enumerate(LIFE, start=1):
            if version > 1:
                clock.advance(hours=3)
            result = accept(ledger, command(verb, complaint_id, actor=sender, payload=payload))
            complaint_id = result.aggregate_id
            assert complaint_id is not None

            assert (result.version, result.events) == (version, (event,)), verb
            assert ledger.state(complaint_id)[1].state.status == status, verb

        assert complaint_id is not None
        history = ledger.history(complaint_id)
        assert [r.event_type for r in history] == [event for *_, event, _ in LIFE]
        assert [r.originator_version for r in history] == list(range(1, len(LIFE) + 1))
        assert {r.originator_id for r in history} == {complaint_id}
        # each accepted command also stored its command record: two entries in the log each
        assert ledger.ledger.recorder.max_notification_id() == 2 * len(LIFE)

    def test_every_event_records_who_which_command_and_when(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        complaint_id: UUID | None = None
        sent: list[tuple[Json, datetime]] = []
        for verb, sender, payload, *_ in LIFE:
            clock.advance(hours=3)
            body = command(verb, complaint_id, actor=sender, payload=payload)
            complaint_id = accept(ledger, body).aggregate_id
            sent.append((body, clock.now()))

        assert complaint_id is not None
        history = ledger.history(complaint_id)
        assert len(history) == len(sent)
        for recorded, (body, at) in zip(history, sent, strict=True):
            command_id = UUID(body["command_id"])
            assert recorded.aggregate_type == "complaint"
            assert recorded.actor.id == body["actor"]["id"]
            assert sorted(recorded.actor.roles) == sorted(body["actor"]["roles"])
            assert recorded.actor.department == body["actor"]["department"]
            assert (recorded.command_id, recorded.correlation_id, recorded.causation_id) == (
                command_id,
                command_id,
                command_id,
            )
            assert recorded.reason == body.get("reason")
            assert recorded.occurred_at == recorded.recorded_at == at

    def test_the_final_state_remembers_the_whole_story(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        complaint_id: UUID | None = None
        for verb, sender, payload, *_ in LIFE:
            clock.advance(hours=3)
            complaint_id = accept(
                ledger, command(verb, complaint_id, actor=sender, payload=payload)
            ).aggregate_id

        assert complaint_id is not None
        kind, loaded = ledger.state(complaint_id)
        complaint: Complaint = loaded.state
        assert kind == "complaint"
        assert loaded.version == len(LIFE)
        assert complaint.status == "closed_unresolved"
        assert complaint.reopen_count == 1
        assert complaint.escalation_level == 2
        assert complaint.csat == 2
        assert complaint.assignee_id == ASSIGNEE["id"]
        assert complaint.closed_at == clock.now()


class TestChineseTextRoundTripsExactly:
    """Unicode text (Chinese, supplementary-plane characters, combining marks) is stored and read
    back unchanged, in events, states and the security log."""

    # Full-width punctuation and digits are part of ordinary Chinese text: keep them.
    TEXTS = {
        "summary": "收到的扫地机器人外壳破裂，客户要求更换。𠮷野家 🙂 Cafe\u0301",  # noqa: RUF001
        "customer_id": "客户-一〇〇一",
        "remedy_sought": "更换新机并补偿运费（¥30）",  # noqa: RUF001
        "order_id": "订单/2026/０４２",  # noqa: RUF001
    }

    def test_text_comes_back_exactly_as_sent(self, ledger: Opsledger, clock: FixedClock) -> None:
        actor: Json = {"id": "张伟", "roles": ["customer_service"], "department": "客户服务部"}
        register = command("register", actor=actor, payload={**PAYLOADS["register"], **self.TEXTS})
        complaint_id = accept(ledger, register).aggregate_id
        assert complaint_id is not None
        clock.advance(hours=1)
        message = "您好！我们已收到您的投诉，将在２４小时内回复。"  # noqa: RUF001
        accept(
            ledger, command("acknowledge", complaint_id, actor=actor, payload={"message": message})
        )
        clock.advance(hours=1)
        reason = "客户情绪激动，要求主管介入「紧急」"  # noqa: RUF001
        accept(ledger, command("escalate", complaint_id, actor=actor, reason=reason))

        received, acknowledged, escalated = ledger.history(complaint_id)

        for name, text in self.TEXTS.items():
            assert getattr(event_as(received, ComplaintReceived), name) == text
        assert received.actor.id == "张伟"
        assert received.actor.department == "客户服务部"
        assert event_as(acknowledged, ComplaintAcknowledged).message == message
        assert escalated.reason == reason
        complaint = ledger.state(complaint_id)[1].state
        assert (complaint.summary, complaint.customer_id) == (
            self.TEXTS["summary"],
            self.TEXTS["customer_id"],
        )
        assert complaint.received_by == "张伟"

    def test_a_refusal_keeps_chinese_text_in_the_security_log(self, ledger: Opsledger) -> None:
        body = command("register", actor={"id": "李娜", "roles": ["sales_rep"]})
        body["type"] = "投诉.登记"

        result = ledger.submit(body)

        assert (result.ok, result.code) == (False, "invalid_command")
        entry = ledger.security_log.entries()[-1]
        assert (entry.actor_id, entry.command_type) == ("李娜", "投诉.登记")
        assert "投诉.登记" in entry.message
