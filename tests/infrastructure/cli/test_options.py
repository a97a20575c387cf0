"""Command-line options where a person puts them, times in the company's zone, bad URLs and
lines that are not JSON."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from infrastructure.cli.arguments import instant
from infrastructure.cli.main import main
from infrastructure.opsledger import Opsledger


class TestGlobalOptionsMayFollowTheSubcommand:
    """`--format` and `--store` work before or after the subcommand."""

    def test_format_after_the_subcommand(
        self, sqlite_url: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert main(["projections", "status", "--store", sqlite_url, "--format", "json"]) == 0
        statuses = orjson.loads(capsys.readouterr().out)
        assert "audit_trail" in [status["name"] for status in statuses]

    def test_format_with_equals_after_the_subcommand(
        self, sqlite_url: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert main([f"--store={sqlite_url}", "audit", "security", "--format=json"]) == 0
        assert orjson.loads(capsys.readouterr().out) == []


class TestAStoreUrlPythonCannotSplitIsAUsageError:
    def test_exit_two_and_one_line(self, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["--store", "postgresql://h@[::1/x", "sweep"]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1
        assert "bad store URL" in err


class TestTimesWithoutOffsetAreInTheCompanysZone:
    """A date or a time without offset on the command line means the company's wall clock
    (Asia/Shanghai unless OPSLEDGER_TIMEZONE says otherwise)."""

    def test_a_date_is_midnight_in_shanghai(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.delenv("OPSLEDGER_TIMEZONE", raising=False)
        assert instant("2026-07-01").isoformat() == "2026-06-30T16:00:00+00:00"

    def test_the_zone_can_be_set(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("OPSLEDGER_TIMEZONE", "UTC")
        assert instant("2026-07-01T09:30").isoformat() == "2026-07-01T09:30:00+00:00"

    def test_an_offset_given_is_kept(self) -> None:
        assert instant("2026-07-01T09:30:00+02:00").isoformat() == "2026-07-01T07:30:00+00:00"

    def test_an_unknown_zone_is_a_usage_error(
        self, monkeypatch: pytest.MonkeyPatch, sqlite_url: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        monkeypatch.setenv("OPSLEDGER_TIMEZONE", "Mars/Olympus")
        status = main(["--store", sqlite_url, "audit", "actor", "u-1", "--from", "2026-07-01"])
        assert status == 2
        assert "OPSLEDGER_TIMEZONE" in capsys.readouterr().err


class TestALineThatIsNotJsonIsLogged:
    def test_submit_refuses_and_logs_it(
        self, sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        lines = tmp_path / "commands.jsonl"
        lines.write_text('{"type": "complaint.register"}\nthis is not json\n', encoding="utf-8")

        assert main(["--store", sqlite_url, "--format", "json", "submit", str(lines)]) == 1

        results = [orjson.loads(line) for line in capsys.readouterr().out.splitlines()]
        assert [r["error"]["code"] for r in results] == ["invalid_command", "invalid_command"]
        with Opsledger.open(sqlite_url) as ledger:
            messages = [entry.message for entry in ledger.security_log.entries()]
        assert len(messages) == 2
        assert messages[1].startswith("line 2 is not valid JSON")
