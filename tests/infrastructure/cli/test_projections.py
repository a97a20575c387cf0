"""`opsledger projections`: catch-up, rebuild and status of the read models."""

from __future__ import annotations

from tests.infrastructure.cli.command_line import Cli
from tests.infrastructure.cli.complaint_story import accepted_lines


class TestProjectionsCommands:
    """`projections catch-up` brings the read models up; `status` then shows lag 0."""

    def test_catch_up_then_status_shows_no_lag(self, cli: Cli, store: str) -> None:
        """After catch-up every projection's position equals the head."""
        cli("--store", store, "submit", stdin=accepted_lines(2))
        behind = cli("--store", store, "--format", "json", "projections", "status").json()
        assert behind[0]["lag"] > 0
        assert cli("--store", store, "projections", "catch-up", "audit_trail").status == 0
        statuses = cli("--store", store, "--format", "json", "projections", "status").json()
        (status,) = [status for status in statuses if status["name"] == "audit_trail"]
        assert status["lag"] == 0
        assert status["position"] == status["head"]
        table = cli("--store", store, "projections", "status")
        assert table.out.splitlines()[0].split() == ["projection", "position", "head", "lag"]
        (line,) = [line for line in table.out.splitlines() if line.startswith("audit_trail ")]
        assert line.split()[-1] == "0"

    def test_rebuild_reports_what_it_consumed(self, cli: Cli, store: str) -> None:
        """Rebuild applies the whole log again and leaves no lag."""
        cli("--store", store, "submit", stdin=accepted_lines(1))
        rebuilt = cli("--store", store, "--format", "json", "projections", "rebuild").json()
        statuses = cli("--store", store, "--format", "json", "projections", "status").json()
        assert rebuilt["audit_trail"] >= 2
        assert [status["lag"] for status in statuses] == [0] * len(statuses)
