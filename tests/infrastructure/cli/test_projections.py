"""`opsledger projections`: catch-up, rebuild and status of the read models."""

from __future__ import annotations

from typing import Any

from tests.infrastructure.cli.command_line import Cli
from tests.infrastructure.cli.complaint_story import accepted_lines


class TestProjectionsCommands:
    """`projections catch-up` brings the read models up; `status` then shows lag 0."""

    def test_catch_up_then_status_shows_no_lag(self, cli: Cli, store: str) -> None:
        """After catch-up every projection's position equals the head."""
        cli("--store", store, "submit", stdin=accepted_lines(2))
        behind = _trail(cli, store)
        assert behind["lag"] > 0
        assert behind["lag_seconds"] > 0
        assert cli("--store", store, "projections", "catch-up", "audit_trail").status == 0
        status = _trail(cli, store)
        assert (status["lag"], status["lag_seconds"], status["version"]) == (0, 0, 1)
        assert status["position"] == status["head"]
        table = cli("--store", store, "projections", "status")
        assert table.out.splitlines()[0].split() == [
            "projection", "version", "position", "head", "lag", "lag", "seconds"
        ]  # fmt: skip
        (row,) = [line for line in table.out.splitlines() if line.startswith("audit_trail ")]
        assert row.split()[-2:] == ["0", "0.0"]

    def test_rebuild_reports_what_it_consumed(self, cli: Cli, store: str) -> None:
        """Rebuild applies the whole log again and leaves no lag."""
        cli("--store", store, "submit", stdin=accepted_lines(1))
        rebuilt = cli("--store", store, "--format", "json", "projections", "rebuild").json()
        assert rebuilt["audit_trail"] >= 2
        assert _trail(cli, store)["lag"] == 0


def _trail(cli: Cli, store: str) -> dict[str, Any]:
    """The audit trail's line of `projections status --format json`."""
    rows = cli("--store", store, "--format", "json", "projections", "status").json()
    (trail,) = [row for row in rows if row["name"] == "audit_trail"]
    return dict(trail)
