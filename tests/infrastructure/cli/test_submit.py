"""`opsledger submit`: JSON lines from a file or stdin, one DOMAIN §1 result for each."""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

import orjson

from tests.infrastructure.cli.command_line import Cli, Outcome
from tests.infrastructure.cli.complaint_story import (
    LIFECYCLE_EVENTS,
    accepted_lines,
    story,
    submitted,
)


class TestSubmitAFile:
    """`opsledger submit FILE` handles each JSON line in order, on its own, one result each."""

    def test_results_follow_the_lifecycle_and_refusals_have_stable_codes(
        self, cli: Cli, store: str, tmp_path: Path
    ) -> None:
        """Accepted lines give the DOMAIN §3 events and rising versions; refused ones give
        their stable error code; the exit status is 1 because some were refused."""
        told = story()
        path = tmp_path / "story.jsonl"
        path.write_text(told.text, encoding="utf-8")
        outcome = cli("--store", store, "--format", "json", "submit", str(path))
        assert outcome.status == 1
        results = outcome.json_lines()
        assert len(results) == len(told.lines)
        positions = [result.pop("position") for result in results if result["ok"]]
        # Each accepted line's last entry lies further on in the log than the one before.
        assert positions == sorted(set(positions))
        assert all(isinstance(position, int) and position > 0 for position in positions)
        for line, result in zip(told.lines, results, strict=True):
            if line.code is None:
                assert result == {
                    "ok": True,
                    "aggregate_id": str(told.complaint_id),
                    "version": line.version,
                    "events": list(line.events),
                }, line.text
            else:
                assert result["ok"] is False, line.text
                assert result["error"]["code"] == line.code, (line.text, result)

    def test_the_log_holds_exactly_the_accepted_events(
        self, cli: Cli, store: str, tmp_path: Path
    ) -> None:
        """A refused line appends nothing: the history is the lifecycle's events alone."""
        told = submitted(cli, store, tmp_path)
        history = cli(
            "--store", store, "--format", "json", "audit", "history", str(told.complaint_id)
        )
        assert [event["event_type"] for event in history.json()] == LIFECYCLE_EVENTS

    def test_submitting_the_same_file_again_appends_nothing(
        self, cli: Cli, store: str, tmp_path: Path
    ) -> None:
        """Every accepted line replays its first result (same command ids); nothing is added."""
        told = story()
        path = tmp_path / "story.jsonl"
        path.write_text(told.text, encoding="utf-8")
        first = cli("--store", store, "--format", "json", "submit", str(path)).json_lines()
        again = cli("--store", store, "--format", "json", "submit", str(path)).json_lines()
        assert [r for r in again if r["ok"]] == [r for r in first if r["ok"]]
        history = cli(
            "--store", store, "--format", "json", "audit", "history", str(told.complaint_id)
        )
        assert len(history.json()) == len(LIFECYCLE_EVENTS)

    def test_all_accepted_exits_0(self, cli: Cli, store: str, tmp_path: Path) -> None:
        """When every line is accepted the exit status is 0."""
        path = tmp_path / "ok.jsonl"
        path.write_text(accepted_lines(3), encoding="utf-8")
        outcome = cli("--store", store, "submit", str(path))
        assert outcome.status == 0
        assert len(outcome.out.splitlines()) == 3

    def test_table_format_says_ok_or_refused_with_the_code(
        self, cli: Cli, store: str, tmp_path: Path
    ) -> None:
        """The default output has one line per envelope: `ok <id> vN Events` or
        `refused <code>: <message>`."""
        told = story()
        path = tmp_path / "story.jsonl"
        path.write_text(told.text, encoding="utf-8")
        outcome = cli("--store", store, "submit", str(path))
        printed = outcome.out.splitlines()
        assert len(printed) == len(told.lines)
        for line, text in zip(told.lines, printed, strict=True):
            if line.code is None:
                assert text.split() == [
                    "ok",
                    str(told.complaint_id),
                    f"v{line.version}",
                    *line.events,
                ]
            else:
                assert text.startswith(f"refused  {line.code}: ")

    def test_one_pretty_printed_envelope_is_one_command(
        self, cli: Cli, store: str, tmp_path: Path
    ) -> None:
        """A file holding one indented JSON envelope is read as a single command."""
        envelope = orjson.loads(accepted_lines(1))
        path = tmp_path / "one.json"
        path.write_bytes(orjson.dumps(envelope, option=orjson.OPT_INDENT_2))
        outcome = cli("--store", store, "--format", "json", "submit", str(path))
        assert outcome.status == 0
        assert outcome.json()["events"] == ["ComplaintReceived"]


class TestSubmitFromStandardInput:
    """`opsledger submit -` reads the same JSON lines from standard input."""

    def test_stdin_gives_the_same_results_as_a_file(self, cli: Cli, store: str) -> None:
        """The lifecycle sent on stdin gives the planned events and codes, exit status 1."""
        told = story()
        outcome = cli("--store", store, "--format", "json", "submit", "-", stdin=told.text)
        assert outcome.status == 1
        results = outcome.json_lines()
        assert [r["events"] if r["ok"] else r["error"]["code"] for r in results] == [
            list(line.events) if line.code is None else line.code for line in told.lines
        ]

    def test_no_file_argument_means_stdin(self, cli: Cli, store: str) -> None:
        """Without FILE, submit reads standard input."""
        outcome = cli("--store", store, "--format", "json", "submit", stdin=accepted_lines(2))
        assert outcome.status == 0
        assert [r["ok"] for r in outcome.json_lines()] == [True, True]

    def test_empty_input_submits_nothing(self, cli: Cli, store: str) -> None:
        """Empty input prints nothing and exits 0."""
        assert cli("--store", store, "submit", "-", stdin="\n \n") == Outcome(0, "", "")


class TestJsonResultShape:
    """`--format json` prints the DOMAIN §1 result shape, one JSON object per line."""

    def test_accepted_and_refused_shapes(self, cli: Cli, store: str) -> None:
        """Accepted: ok, aggregate_id, version, events. Refused: ok false and an error with
        code, message and details."""
        lines = accepted_lines(1) + '{"type": "complaint.register"}\n'
        accepted, refused = cli(
            "--store", store, "--format", "json", "submit", stdin=lines
        ).json_lines()
        assert set(accepted) == {"ok", "aggregate_id", "version", "events", "position"}
        assert isinstance(accepted["position"], int)
        assert accepted["position"] > 0
        assert accepted["ok"] is True
        UUID(accepted["aggregate_id"])
        assert (accepted["version"], accepted["events"]) == (1, ["ComplaintReceived"])
        assert set(refused) == {"ok", "error"}
        assert refused["ok"] is False
        assert set(refused["error"]) == {"code", "message", "details"}
        assert refused["error"]["code"] == "invalid_command"
        assert isinstance(refused["error"]["message"], str)
        assert isinstance(refused["error"]["details"], dict)
