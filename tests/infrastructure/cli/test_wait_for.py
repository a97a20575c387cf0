"""--wait-for POSITION: read-your-writes from the command line."""

from __future__ import annotations

import orjson

from tests.application.complaint_envelopes import command
from tests.infrastructure.cli.command_line import Cli


def test_wait_for_on_the_command_line(cli: Cli, store: str) -> None:
    """`report kpi --wait-for N`: refused in one line while the read models lag, answered
    once they have caught up."""
    register = command("register", occurred_at="2026-07-01T09:00:00+08:00")
    submitted = cli("--store", store, "--format", "json", "submit",
                    stdin=orjson.dumps(register).decode() + "\n")  # fmt: skip
    position = submitted.json()["position"]
    lagging = cli("--store", store, "report", "kpi", "--period", "2026-07",
                  "--wait-for", str(position), "--timeout", "0.2")  # fmt: skip
    assert lagging.status == 1
    assert lagging.err.count("\n") == 1
    assert f"did not reach log position {position}" in lagging.err
    assert cli("--store", store, "projections", "catch-up").status == 0
    report = cli("--store", store, "--format", "json", "report", "kpi", "--period", "2026-07",
                 "--wait-for", str(position), "--timeout", "0.2")  # fmt: skip
    assert report.status == 0, report.err
    (company,) = [row for row in report.json() if row["department"] is None]
    assert company["complaints_received"] == 1
    caught_up = cli("--store", store, "--format", "json", "list", "complaint",
                    "--wait-for", str(position))  # fmt: skip
    assert caught_up.status == 0
    assert len(caught_up.json()) == 1
