"""`opsledger sweep`: deadline breaches appended once, at the clock's now."""

from __future__ import annotations

from typing import Any

from freezegun import freeze_time

from tests.infrastructure.cli.command_line import Cli
from tests.infrastructure.cli.complaint_story import accepted_lines


def frozen(moment: str) -> Any:
    """freezegun at `moment` for the command line under test. The connection pool keeps real
    time: its shutdown waits on timeouts that a frozen clock never lets expire."""
    return freeze_time(moment, ignore=["psycopg_pool"])


class TestSweep:
    """`opsledger sweep` appends each breach once, at the clock's now (frozen here)."""

    def test_breach_appended_once(self, cli: Cli, store_url: str) -> None:
        """A complaint left unacknowledged for 25 hours gets one ComplaintSlaBreached; a second
        sweep appends nothing."""
        with frozen("2026-07-01T01:30:00+00:00"):
            registered = cli(
                "--store", store_url, "--format", "json", "submit", stdin=accepted_lines(1)
            )
        complaint_id = registered.json()["aggregate_id"]
        with frozen("2026-07-02T02:30:00+00:00"):
            first = cli("--store", store_url, "--format", "json", "sweep")
            second = cli("--store", store_url, "--format", "json", "sweep")
        assert first.status == second.status == 0
        assert first.json() == {
            "examined": 1,
            "breaches": [
                {
                    "type": "complaint",
                    "id": complaint_id,
                    "event": "ComplaintSlaBreached",
                    "which": "acknowledgement",
                }
            ],
        }
        # Reported once, the breach leaves the deadline index: the second sweep looks at nothing.
        assert second.json() == {"examined": 0, "breaches": []}
        history = cli(
            "--store", store_url, "--format", "json", "audit", "history", complaint_id
        ).json()
        assert [e["event_type"] for e in history] == ["ComplaintReceived", "ComplaintSlaBreached"]
        breach = history[1]
        assert breach["actor"]["id"] == "system"
        assert breach["occurred_at"] == breach["recorded_at"] == "2026-07-02T02:30:00+00:00"
        assert breach["payload"]["deadline"] == "2026-07-02T01:30:00+00:00"

    def test_table_output_counts_the_breaches(self, cli: Cli, store_url: str) -> None:
        """The table says how many records were examined and breaches appended."""
        with frozen("2026-07-01T01:30:00+00:00"):
            cli("--store", store_url, "submit", stdin=accepted_lines(2))
        with frozen("2026-07-03T00:00:00+00:00"):
            outcome = cli("--store", store_url, "sweep")
        assert outcome.out.splitlines()[0] == "examined 2, appended 2 breach event(s)"
