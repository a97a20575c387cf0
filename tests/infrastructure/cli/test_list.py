"""`opsledger list TYPE`: records found from the command line, without their ids."""

from __future__ import annotations

from pathlib import Path

import orjson

from tests.application import complaint_envelopes as complaints
from tests.infrastructure.cli.command_line import Cli


def test_list_on_the_command_line(cli: Cli, store: str, tmp_path: Path) -> None:
    """`opsledger list complaint --status received --format json` after catch-up."""
    body = complaints.command("register", occurred_at="2026-07-01T09:00:00+08:00")
    assert cli("--store", store, "submit", stdin=_line(body)).status == 0
    assert cli("--store", store, "projections", "catch-up").status == 0
    found = cli("--store", store, "--format", "json", "list", "complaint", "--status", "received")
    assert found.status == 0
    (row,) = found.json()
    assert (row["status"], row["customer"], row["opened_at"]) == (
        "received",
        "c-1001",
        "2026-07-01T01:00:00+00:00",
    )
    assert cli("--store", store, "--format", "json", "list", "order").json() == []
    table = cli("--store", store, "list", "complaint")
    assert "received_by=u-cs-1" in table.out
    wrong = cli("--store", store, "list", "nonsense")
    assert wrong.status == 2


def _line(body: dict[str, object]) -> str:
    return orjson.dumps(body).decode() + "\n"
