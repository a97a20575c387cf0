"""Any aggregate's history: each stored event with its version, times, actor, reason, payload."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from uuid import UUID

import orjson

from domain.complaint.events import ComplaintEscalated
from domain.order.events import ContractClauseReviewed, PaymentReceived
from domain.order.values import Aspect, Verdict
from domain.shared.actor import Actor, Role
from domain.shared.events import Event
from domain.shared.recorded import Recorded
from infrastructure.presentation.history import HEADERS, event_document, show_history
from infrastructure.presentation.terminal import display_width

ORDER_ID = UUID("0b8f3a10-5d2e-4c6b-9a7f-1e2d3c4b5a69")
AT = datetime(2026, 7, 3, 9, 0, tzinfo=UTC)


def recorded(event: Event, version: int, *, reason: str | None = None) -> Recorded:
    return Recorded(
        originator_id=ORDER_ID,
        originator_version=version,
        recorded_at=event.occurred_at + timedelta(minutes=5),
        event=event,
        command_id=UUID(int=version),
        correlation_id=ORDER_ID,
        reason=reason,
    )


def order_history() -> list[Recorded]:
    legal = Actor(id="u-legal-1", roles=[Role.LEGAL], department="法务")
    finance = Actor(id="u-fin-2", roles=[Role.FINANCE, Role.FINANCE_MANAGER])
    return [
        recorded(
            ContractClauseReviewed(
                occurred_at=AT,
                actor=legal,
                aspect=Aspect.LEGAL,
                verdict=Verdict.FAIL,
                notes="违约金条款缺失",
            ),
            4,
            reason="合同第 7 条需修改",
        ),
        recorded(
            PaymentReceived(
                occurred_at=AT + timedelta(days=30),
                actor=finance,
                amount=Decimal("1250.00"),
                currency="CNY",
            ),
            9,
        ),
    ]


class TestEventDocument:
    def test_names_the_record_the_event_and_its_stored_facts(self) -> None:
        document = event_document(order_history()[1])
        assert document["aggregate_type"] == "order"
        assert document["aggregate_id"] == str(ORDER_ID)
        assert (document["version"], document["event_type"]) == (9, "PaymentReceived")
        assert document["occurred_at"] == "2026-08-02T09:00:00+00:00"
        assert document["recorded_at"] == "2026-08-02T09:05:00+00:00"
        assert document["actor"]["roles"] == ["finance", "finance_manager"]
        assert document["payload"] == {"amount": "1250.00", "currency": "CNY"}


class TestShowHistory:
    def test_json_is_the_list_of_event_documents(self) -> None:
        out = io.StringIO()
        show_history(order_history(), as_json=True, out=out)
        assert orjson.loads(out.getvalue()) == [event_document(r) for r in order_history()]

    def test_a_table_row_per_event_with_columns_aligned_after_a_chinese_reason(self) -> None:
        out = io.StringIO()
        show_history(order_history(), as_json=False, out=out)
        header, _, first, second = out.getvalue().splitlines()
        assert header.split() == list(HEADERS)
        assert first.split()[:6] == [
            "4",
            "ContractClauseReviewed",
            "2026-07-03T09:00:00+00:00",
            "2026-07-03T09:05:00+00:00",
            "u-legal-1",
            "legal",
        ]
        assert "合同第 7 条需修改" in first
        assert second.endswith('{"amount":"1250.00","currency":"CNY"}')
        payload_column = display_width(header[: header.index("payload")])
        assert display_width(first[: first.index('{"aspect"')]) == payload_column
        assert display_width(second[: second.index('{"amount"')]) == payload_column

    def test_any_aggregate_in_one_table(self) -> None:
        """Nothing in the history is particular to complaints: their events show the same way."""
        escalated = ComplaintEscalated(
            occurred_at=AT, actor=Actor(id="u-cs-1", roles=[Role.CUSTOMER_SERVICE]), level=2
        )
        out = io.StringIO()
        show_history([recorded(escalated, 7, reason="客户多次来电")], as_json=False, out=out)
        row = out.getvalue().splitlines()[2]
        assert row.startswith("7  ComplaintEscalated  ")
        assert row.endswith('客户多次来电  {"level":2}')
