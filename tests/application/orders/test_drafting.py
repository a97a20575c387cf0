"""Drafting rules (DOMAIN §2 `order.draft`): the promised delivery date lies after the day the
order is drafted, in business time (`occurred_at`) and on the company's calendar
(Asia/Shanghai); anything else is `rule_violation` and appends nothing. Both stores."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from infrastructure.opsledger import Opsledger
from tests.application.order_envelopes import PAYLOADS, accept, command, head, refuse
from tests.clocks import FixedClock


def promising(date: str) -> dict[str, object]:
    return {**PAYLOADS["draft"], "promised_delivery_date": date}


class TestThePromisedDateLiesAfterTheDraft:
    """The clock reads 2026-07-01 09:30 in Shanghai."""

    @pytest.mark.parametrize("date", ["2026-07-01", "2026-06-30", "2025-12-31"])
    def test_today_or_earlier_is_refused(self, ledger: Opsledger, date: str) -> None:
        refused = refuse(ledger, command("draft", payload=promising(date)), "rule_violation")
        assert refused.details["field"] == "promised_delivery_date"
        assert head(ledger) is None

    def test_tomorrow_is_accepted(self, ledger: Opsledger) -> None:
        assert accept(ledger, command("draft", payload=promising("2026-07-02"))).version == 1

    def test_measured_from_the_business_time_not_the_clock(self, ledger: Opsledger) -> None:
        """An order drafted on 10 June and entered on 1 July may promise 20 June."""
        drafted = command(
            "draft", payload=promising("2026-06-20"), occurred_at="2026-06-10T10:00:00+08:00"
        )
        order_id = accept(ledger, drafted).aggregate_id
        assert order_id is not None
        order = ledger.state(order_id)[1].state
        assert order.delivery_due == datetime(2026, 6, 20, 16, 0, tzinfo=UTC)

        on_the_day = command(
            "draft", payload=promising("2026-06-10"), occurred_at="2026-06-10T10:00:00+08:00"
        )
        refuse(ledger, on_the_day, "rule_violation")

    @pytest.mark.parametrize(
        ("occurred_at", "accepted"),
        [
            ("2026-07-19T15:30:00+00:00", True),  # 23:30 on the 19th in Shanghai
            ("2026-07-19T16:30:00+00:00", False),  # 00:30 on the 20th in Shanghai
        ],
    )
    def test_the_day_is_the_companys(
        self, ledger: Opsledger, clock: FixedClock, occurred_at: str, accepted: bool
    ) -> None:
        clock.current = datetime(2026, 7, 19, 17, 0, tzinfo=UTC)
        body = command("draft", payload=promising("2026-07-20"), occurred_at=occurred_at)
        if accepted:
            accept(ledger, body)
        else:
            refuse(ledger, body, "rule_violation")
