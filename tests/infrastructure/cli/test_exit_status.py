"""The command line's exit status: 0 success, 1 refused or a store failure, 2 a usage error."""

from __future__ import annotations

from uuid import UUID

import pytest

from infrastructure.cli.main import main
from tests.infrastructure.cli.command_line import Cli
from tests.infrastructure.cli.complaint_story import accepted_lines


class TestExitStatus:
    """0 success, 1 a command refused or the store failed, 2 a usage error."""

    @pytest.mark.parametrize(
        "argv",
        [
            pytest.param([], id="no-subcommand"),
            pytest.param(["frobnicate"], id="unknown-subcommand"),
            pytest.param(["audit"], id="no-audit-action"),
            pytest.param(["audit", "history", "not-a-uuid"], id="bad-uuid"),
            pytest.param(["audit", "history", str(UUID(int=1)), "--version", "0"], id="version-0"),
            pytest.param(
                ["audit", "state", str(UUID(int=1)), "--as-of", "yesterday"], id="bad-time"
            ),
            pytest.param(
                ["audit", "state", str(UUID(int=1)), "--as-of", "2026-07-01", "--version", "2"],
                id="as-of-and-version",
            ),
            pytest.param(["--format", "xml", "sweep"], id="bad-format"),
            pytest.param(["--store", "mysql://h/db", "sweep"], id="bad-store-scheme"),
            pytest.param(["--store", "sqlite:///:memory:", "sweep"], id="memory-store"),
            pytest.param(["--store", "postgresql://h:port/db", "sweep"], id="bad-store-port"),
        ],
    )
    def test_usage_errors_exit_2(self, cli: Cli, argv: list[str]) -> None:
        """Each usage error exits 2 with a message on stderr and nothing on stdout."""
        outcome = cli(*argv)
        assert outcome.status == 2, outcome
        assert outcome.err.strip()
        assert outcome.out == ""

    @pytest.mark.parametrize(
        "argv",
        [
            ["--help"],
            ["submit", "--help"],
            ["sweep", "--help"],
            ["audit", "--help"],
            ["audit", "history", "--help"],
            ["audit", "state", "--help"],
            ["audit", "actor", "--help"],
            ["audit", "security", "--help"],
            ["projections", "--help"],
            ["projections", "status", "--help"],
            ["projections", "catch-up", "--help"],
            ["projections", "rebuild", "--help"],
            ["projections", "run", "--help"],
        ],
    )
    def test_every_subcommand_has_help(
        self, capsys: pytest.CaptureFixture[str], argv: list[str]
    ) -> None:
        """`--help` prints usage and exits 0."""
        with pytest.raises(SystemExit) as exited:
            main(argv)
        assert exited.value.code == 0
        assert "usage: opsledger" in capsys.readouterr().out

    def test_refused_exits_1_and_accepted_exits_0(self, cli: Cli, store: str) -> None:
        """Any refusal makes submit exit 1; all accepted, 0."""
        assert cli("--store", store, "submit", stdin=accepted_lines(1)).status == 0
        assert cli("--store", store, "submit", stdin=accepted_lines(1) + "[]\n").status == 1
