"""A sales order's whole life (DOMAIN §2) as JSON lines through one `opsledger submit` run, with
a refusal of every kind on the way: each line gives exactly the result written beside it here
(the events and version DOMAIN names, or the error code). Then `audit state --as-of T` shows
the order as it stood at business time T, and two sweeps give one `OrderDeliveryOverdue`.
SQLite file and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import attrs
import orjson
import pytest

from tests.infrastructure.cli.command_line import Cli, Outcome
from tests.infrastructure.cli.story_lines import Line, results

Json = dict[str, Any]

#: Business time of line k is BASE + k hours: a fixed past, whatever the wall clock says.
BASE = datetime(2026, 7, 1, 1, 0, tzinfo=UTC)

LINES: list[Json] = [
    {"sku": "RV-100", "description": "扫地机器人", "quantity": 10, "unit_price": "100.00"},
    {"sku": "FP-5", "description": "滤网", "quantity": 5, "unit_price": "20.50"},
]  # 1,102.50 CNY in all


@attrs.frozen
class Story:
    order_id: UUID
    big_order_id: UUID
    lines: tuple[Line, ...]

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines) + "\n"


def at(hours: float) -> datetime:
    return BASE + timedelta(hours=hours)


def story() -> Story:
    """Order A from draft to closed through every command but cancel; order B, above the
    signing limit, signed by management. Actor ids are this story's own."""
    tag = uuid4().hex[:8]

    def actor(name: str, *roles: str, actor_id: str | None = None) -> Json:
        return {"id": actor_id or f"u-{name}-{tag}", "roles": list(roles), "department": name}

    rep = actor("rep", "sales_rep")
    manager = actor("sm", "sales_manager")
    boss = actor("ceo", "management")
    lawyer = actor("legal", "legal")
    accountant = actor("fin", "finance")
    risk = actor("risk", "risk_officer")
    ops = actor("ops", "operations")
    auditor = actor("audit", "auditor")
    rep_as_lawyer = actor("legal", "legal", actor_id=rep["id"])
    rep_as_manager = actor("sm", "sales_rep", "sales_manager", actor_id=rep["id"])

    a, b = uuid4(), uuid4()
    lines: list[Line] = []

    def send(
        verb: str,
        sender: Json,
        payload: Json | None = None,
        *,
        order: UUID | None = a,
        events: tuple[str, ...] = (),
        version: int | None = None,
        code: str | None = None,
        **envelope: Any,
    ) -> Json:
        body: Json = {
            "type": f"order.{verb}",
            "command_id": str(uuid4()),
            "actor": sender,
            "occurred_at": at(len(lines) + 1).isoformat(),
            "payload": payload or {},
        }
        if order is not None:
            body["aggregate_id"] = str(order)
        body.update(envelope)
        assert (code is None) == bool(events) == (version is not None)
        lines.append(Line(orjson.dumps(body).decode(), events, version, code))
        return body

    def review(aspect: str, verdict: str, by: Json, **expected: Any) -> None:
        send(
            "review_clause", by, {"aspect": aspect, "verdict": verdict, "notes": "意见"}, **expected
        )

    def goods(*pairs: tuple[str, int]) -> list[Json]:
        return [{"sku": sku, "quantity": quantity} for sku, quantity in pairs]

    draft = {
        "customer_id": "c-2001",
        "customer_name": "上海星辰贸易有限公司",
        "lines": LINES,
        "currency": "CNY",
        "promised_delivery_date": "2026-07-20",
        "payment_terms": "30% on signing, 70% within 30 days of delivery",
    }
    bad_draft = {**draft, "lines": [{**LINES[0], "quantity": 0}, LINES[1]]}
    why = "客户要求 (the customer asked)"
    shipped = "ShipmentDispatched"
    paid = "PaymentReceived"

    send("draft", rep, draft, events=("OrderDrafted",), version=1)  # line 1
    send("draft", rep, bad_draft, order=uuid4(), code="invalid_command")
    send("request_review", manager, code="forbidden")
    send("sign", manager, {"signatory_id": manager["id"]}, code="invalid_transition")
    send("request_review", rep, events=("ContractReviewRequested",), version=2)  # line 5
    review("legal", "pass", rep_as_lawyer, code="segregation_of_duties")
    review("legal", "pass", lawyer, events=("ContractClauseReviewed",), version=3)
    review(
        "financial",
        "fail",
        accountant,
        events=("ContractClauseReviewed", "ContractRejected"),
        version=5,
    )
    send("amend", rep, {"promised_delivery_date": "2026-07-25"}, code="invalid_command")
    send(  # line 10
        "amend",
        rep,
        {"promised_delivery_date": "2026-07-25"},
        reason=why,
        events=("OrderAmended",),
        version=6,
    )
    send("request_review", rep, events=("ContractReviewRequested",), version=7)
    review("legal", "pass", lawyer, events=("ContractClauseReviewed",), version=8)
    review("financial", "pass", accountant, events=("ContractClauseReviewed",), version=9)
    review("risk", "pass", risk, expected_version=8, code="concurrency_conflict")
    review(  # line 15
        "risk",
        "pass",
        risk,
        expected_version=9,
        events=("ContractClauseReviewed", "ContractApproved"),
        version=11,
    )
    send("sign", manager, {"signatory_id": boss["id"]}, code="rule_violation")
    send("sign", rep_as_manager, {"signatory_id": rep["id"]}, code="segregation_of_duties")
    send("sign", manager, {"signatory_id": manager["id"]}, events=("ContractSigned",), version=12)
    send("hold", manager, reason=why, events=("OrderPutOnHold",), version=13)
    send("start_fulfilment", ops, code="invalid_transition")  # line 20
    send("resume", manager, reason=why, events=("OrderResumed",), version=14)
    send("start_fulfilment", ops, events=("FulfilmentStarted",), version=15)
    send("ship", ops, {"lines": goods(("RV-100", 11)), "carrier": "SF"}, code="rule_violation")
    send(
        "ship", ops, {"lines": goods(("RV-100", 6)), "carrier": "SF"}, events=(shipped,), version=16
    )
    send("cancel", manager, reason=why, code="rule_violation")  # line 25
    send(
        "confirm_delivery",
        ops,
        {"lines": goods(("RV-100", 7)), "condition_ok": True},
        code="rule_violation",
    )
    send(
        "confirm_delivery",
        ops,
        {"lines": goods(("RV-100", 6)), "condition_ok": True},
        events=("DeliveryConfirmed",),
        version=17,
    )
    send("invoice", accountant, {"invoice_no": "INV-1", "amount": "600.01"}, code="rule_violation")
    send(
        "invoice",
        accountant,
        {"invoice_no": "INV-1", "amount": "600.00"},
        events=("InvoiceIssued",),
        version=18,
    )
    send("record_payment", accountant, {"amount": "600.01"}, code="rule_violation")  # line 30
    send("record_payment", accountant, {"amount": "300.00"}, events=(paid,), version=19)
    send("close", accountant, code="rule_violation")
    send(
        "ship",
        ops,
        {"lines": goods(("RV-100", 4), ("FP-5", 5)), "carrier": "德邦"},
        events=(shipped,),
        version=20,
    )
    send(
        "confirm_delivery",
        ops,
        {"lines": goods(("RV-100", 4), ("FP-5", 5)), "condition_ok": True},
        events=("DeliveryConfirmed", "OrderDelivered"),
        version=22,
    )
    send("hold", manager, reason=why, code="invalid_transition")  # line 35
    send(
        "invoice",
        accountant,
        {"invoice_no": "INV-2", "amount": "502.50"},
        events=("InvoiceIssued",),
        version=23,
    )
    send("record_payment", accountant, {"amount": "300.00"}, events=(paid,), version=24)
    send("close", accountant, code="rule_violation")
    send("record_payment", accountant, {"amount": "502.50"}, events=(paid,), version=25)
    send("record_payment", accountant, {"amount": "0.01"}, code="rule_violation")  # line 40
    send("close", auditor, code="forbidden")
    closing = send("close", accountant, events=("OrderClosed",), version=26)
    send("close", accountant, code="invalid_transition")
    # the same command again is answered as the first time; its id on another body is refused
    lines.append(Line(orjson.dumps(closing).decode(), ("OrderClosed",), 26))
    send("close", accountant, command_id=closing["command_id"], code="duplicate_command")  # 45
    send("start_fulfilment", ops, order=uuid4(), code="not_found")
    send("teleport", ops, code="invalid_command")
    lines.append(Line('{"type": "order.close", not json', code="invalid_command"))

    big = {**draft, "lines": [{**LINES[0], "quantity": 20_000}]}  # 2,000,000.00 CNY
    send("draft", rep, big, order=b, events=("OrderDrafted",), version=1)
    send("request_review", rep, order=b, events=("ContractReviewRequested",), version=2)  # 50
    review("legal", "pass", lawyer, order=b, events=("ContractClauseReviewed",), version=3)
    review("risk", "pass", risk, order=b, events=("ContractClauseReviewed",), version=4)
    review(
        "financial",
        "pass",
        accountant,
        order=b,
        events=("ContractClauseReviewed", "ContractApproved"),
        version=6,
    )
    send("sign", manager, {"signatory_id": manager["id"]}, order=b, code="forbidden")
    send(  # line 55
        "sign", boss, {"signatory_id": boss["id"]}, order=b, events=("ContractSigned",), version=7
    )
    return Story(order_id=a, big_order_id=b, lines=tuple(lines))


#: Order A's events, in order, as DOMAIN §2 names them.
ORDER_A_EVENTS = [
    "OrderDrafted",
    "ContractReviewRequested",
    "ContractClauseReviewed",
    "ContractClauseReviewed",
    "ContractRejected",
    "OrderAmended",
    "ContractReviewRequested",
    "ContractClauseReviewed",
    "ContractClauseReviewed",
    "ContractClauseReviewed",
    "ContractApproved",
    "ContractSigned",
    "OrderPutOnHold",
    "OrderResumed",
    "FulfilmentStarted",
    "ShipmentDispatched",
    "DeliveryConfirmed",
    "InvoiceIssued",
    "PaymentReceived",
    "ShipmentDispatched",
    "DeliveryConfirmed",
    "OrderDelivered",
    "InvoiceIssued",
    "PaymentReceived",
    "PaymentReceived",
    "OrderClosed",
]


@attrs.frozen
class Told:
    """A story as submitted: what `opsledger submit` printed and its exit status."""

    story: Story
    outcome: Outcome


#: The story each store of this module was told: submitted once per store.
_TOLD: dict[str, Told] = {}


@pytest.fixture
def submitted(cli: Cli, store: str) -> Told:
    """The story, submitted on stdin in one `opsledger submit` run, once for this module's
    store of each kind; the tests read it (the sweep appends to order B alone)."""
    if store not in _TOLD:
        fresh = story()
        outcome = cli("--store", store, "--format", "json", "submit", "-", stdin=fresh.text)
        _TOLD[store] = Told(fresh, outcome)
    return _TOLD[store]


@pytest.fixture
def told(submitted: Told) -> Story:
    """The story, once every line gave its result."""
    assert results(submitted.outcome) == [line.expected for line in submitted.story.lines]
    return submitted.story


class TestTheWholeLifeThroughSubmit:
    def test_every_line_gives_its_result(self, submitted: Told) -> None:
        """One run, one result per line, each exactly as written beside its line."""
        told, outcome = submitted.story, submitted.outcome
        assert len(told.lines) == 55
        codes = {line.code for line in told.lines} - {None}
        assert codes == {
            "invalid_command",
            "not_found",
            "invalid_transition",
            "rule_violation",
            "forbidden",
            "segregation_of_duties",
            "concurrency_conflict",
            "duplicate_command",
        }

        got = results(outcome)
        assert len(got) == len(told.lines)
        for number, (line, result) in enumerate(zip(told.lines, got, strict=True), start=1):
            assert result == line.expected, f"line {number}: {line.text}"
        assert outcome.status == 1  # some lines were refused
        second = outcome.json_lines()[1]["error"]
        assert set(second["details"]["fields"]) == {"payload.lines[0].quantity"}

    def test_the_stored_history_is_exactly_the_accepted_events(
        self, cli: Cli, store: str, told: Story
    ) -> None:
        history = cli(
            "--store", store, "--format", "json", "audit", "history", str(told.order_id)
        ).json()
        assert [e["event_type"] for e in history] == ORDER_A_EVENTS
        assert [e["version"] for e in history] == list(range(1, 27))
        # each event carries the business time of the line that appended it
        sent_at: dict[int, str] = {}
        for line in told.lines:
            body = orjson.loads(line.text) if line.version is not None else {}
            if line.version is None or body["aggregate_id"] != str(told.order_id):
                continue
            for version in range(line.version - len(line.events) + 1, line.version + 1):
                sent_at[version] = body["occurred_at"]
        assert [datetime.fromisoformat(e["occurred_at"]) for e in history] == [
            datetime.fromisoformat(sent_at[version]) for version in range(1, 27)
        ]


class TestAuditStateAsOf:
    """`audit state ID --as-of T` rebuilds the order from the events of business time ≤ T."""

    @pytest.mark.parametrize(
        ("hours", "version", "status", "shipped", "delivered", "paid"),
        [
            (1.5, 1, "draft", {}, {}, "0.00"),
            (8.5, 5, "draft", {}, {}, "0.00"),  # rejected, back to draft
            (18.5, 12, "signed", {}, {}, "0.00"),  # signed, nothing shipped yet
            (19.5, 13, "on_hold", {}, {}, "0.00"),
            (24.5, 16, "in_fulfilment", {"RV-100": 6}, {}, "0.00"),
            (31.5, 19, "in_fulfilment", {"RV-100": 6}, {"RV-100": 6}, "300.00"),
            (34.5, 22, "delivered", {"RV-100": 10, "FP-5": 5}, {"RV-100": 10, "FP-5": 5}, "300.00"),
            (42.5, 26, "closed", {"RV-100": 10, "FP-5": 5}, {"RV-100": 10, "FP-5": 5}, "1102.50"),
        ],
    )
    def test_the_order_as_it_stood(
        self,
        cli: Cli,
        store: str,
        told: Story,
        hours: float,
        version: int,
        status: str,
        shipped: Json,
        delivered: Json,
        paid: str,
    ) -> None:
        outcome = cli(
            "--store", store, "--format", "json", "audit", "state", str(told.order_id),
            "--as-of", at(hours).isoformat(),
        )  # fmt: skip
        assert outcome.status == 0, outcome.err
        document = outcome.json()
        order = document["state"]
        assert (document["aggregate_type"], document["version"]) == ("order", version)
        assert (order["status"], order["shipped"], order["delivered"]) == (
            status,
            shipped,
            delivered,
        )
        assert order["paid_total"] == paid
        assert order["promised_delivery_date"] == ("2026-07-20" if hours < 10 else "2026-07-25")

    def test_as_a_table(self, cli: Cli, store: str, told: Story) -> None:
        table = cli(
            "--store", store, "audit", "state", str(told.order_id), "--as-of", at(18.5).isoformat()
        )
        assert table.status == 0
        assert f"order {told.order_id} at version 12" in table.out
        assert any(row.split() == ["status", "signed"] for row in table.out.splitlines())


class TestTheSweepReportsALateOrderOnce:
    def test_two_sweeps_one_overdue(self, cli: Cli, store: str, told: Story) -> None:
        """Order B was signed for 20 July 2026 and never delivered; by the wall clock's now it
        is late. Order A was delivered and closed: never late."""
        if datetime.now(UTC) < datetime(2026, 7, 20, 16, 0, tzinfo=UTC):
            pytest.skip("the wall clock is before order B's promised date")
        found = []
        for _ in range(2):
            outcome = cli("--store", store, "--format", "json", "sweep")
            assert outcome.status == 0, outcome.err
            found += [(b["id"], b["event"]) for b in outcome.json()["breaches"]]

        assert found.count((str(told.big_order_id), "OrderDeliveryOverdue")) == 1
        assert not [hit for hit in found if hit[0] == str(told.order_id)]
        history = cli(
            "--store", store, "--format", "json", "audit", "history", str(told.big_order_id)
        ).json()
        assert [e["event_type"] for e in history][-1] == "OrderDeliveryOverdue"
        assert [e["event_type"] for e in history].count("OrderDeliveryOverdue") == 1
