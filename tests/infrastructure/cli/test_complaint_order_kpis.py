"""`opsledger report kpi --format json` through the real entry point: the complaint and order
figures of a history submitted as JSON lines, by department and company-wide."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import orjson

from tests.application import complaint_envelopes, order_envelopes
from tests.infrastructure.cli.command_line import Cli

AGENT = {"id": "u-cs-kpi", "roles": ["customer_service"], "department": "客服"}


def lines(store: str, cli: Cli) -> None:
    """One complaint received 1 July 09:00 in Shanghai and acknowledged 2 h later, one received
    on 31 July in UTC (1 August in Shanghai); one order signed on 3 July."""
    complaint, late_complaint, order = uuid4(), uuid4(), uuid4()
    envelopes: list[dict[str, Any]] = [
        complaint_envelopes.command(
            "register", complaint, actor=AGENT, occurred_at="2026-07-01T01:00:00Z"
        ),
        complaint_envelopes.command(
            "acknowledge", complaint, actor=AGENT, occurred_at="2026-07-01T03:00:00Z"
        ),
        complaint_envelopes.command(
            "register", late_complaint, actor=AGENT, occurred_at="2026-07-31T17:00:00Z"
        ),
        order_envelopes.command("draft", order, occurred_at="2026-07-01T01:00:00Z"),
        order_envelopes.command("request_review", order, occurred_at="2026-07-01T02:00:00Z"),
        *(
            order_envelopes.review(order, aspect, occurred_at="2026-07-02T02:00:00Z")
            for aspect in ("legal", "financial", "risk")
        ),
        order_envelopes.command("sign", order, occurred_at="2026-07-03T02:00:00Z"),
    ]
    text = "\n".join(orjson.dumps(envelope).decode() for envelope in envelopes) + "\n"
    submitted = cli("--store", store, "submit", stdin=text)
    assert submitted.status == 0, submitted.out + submitted.err
    assert cli("--store", store, "projections", "catch-up").status == 0


class TestReportKpiJson:
    """One object per department with figures in July, then the company-wide one."""

    def test_complaint_and_order_figures_by_department(self, cli: Cli, store: str) -> None:
        """July: 客服 received 1 complaint (the other is August's in Shanghai), acknowledged in
        2 h; sales signed 1 order of 1102.50 CNY, reviewed in 1 day (07-01 02:00 to 07-02
        02:00). A department with no complaint received has null complaint rates."""
        lines(store, cli)
        outcome = cli("--store", store, "report", "kpi", "--period", "2026-07", "--format", "json")
        assert outcome.status == 0, outcome.err
        rows = {row["department"]: row for row in outcome.json()}
        assert list(rows) == ["sales", "客服", None]
        for department, row in rows.items():
            assert row["period"] == "2026-07", department
        service, sales, company = rows["客服"], rows["sales"], rows[None]
        assert (service["complaints_received"], service["orders_signed_count"]) == (1, 0)
        assert service["complaints_first_response_hours_mean"] == 2.0
        assert service["complaints_ack_within_sla_pct"] == 100.0
        assert service["orders_signed_value"] == "0.00"
        assert (sales["complaints_received"], sales["complaints_reopen_rate_pct"]) == (0, None)
        assert (sales["orders_signed_count"], sales["orders_signed_value"]) == (1, "1102.50")
        assert sales["orders_contract_review_days_mean"] == 1.0
        assert (company["complaints_received"], company["orders_signed_value"]) == (1, "1102.50")
        august = cli(
            "--store",
            store,
            "report",
            "kpi",
            "--period",
            "2026-08",
            "--department",
            "客服",
            "--format",
            "json",
        ).json()
        assert [(row["department"], row["complaints_received"]) for row in august] == [("客服", 1)]
