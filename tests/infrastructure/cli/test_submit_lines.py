"""`opsledger submit`: exactly one result per input line, in order, whatever a line holds; a bad
line is refused alone and the batch carries on. Both stores."""

from __future__ import annotations

import io
import logging
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NoReturn
from uuid import uuid4

import attrs
import orjson
import pytest

from application.commands.catalogue import COMMANDS
from infrastructure.cli.json_lines import MAX_LINE_BYTES
from infrastructure.opsledger import Opsledger
from tests.application.ledger_reading import complaints_received, stored_row_bytes
from tests.infrastructure.cli.command_line import Cli

#: "A few KB": the most one stored refusal may take.
ROW_BYTES = 16 * 1024

_CLERK = {"id": "u-cs-lines", "roles": ["customer_service"], "department": "客服"}


def register(summary: str = "the shell arrived cracked", **payload: Any) -> bytes:
    """One `complaint.register` JSON line (no newline) with a fresh command id."""
    body = {
        "type": "complaint.register",
        "command_id": str(uuid4()),
        "actor": _CLERK,
        "payload": {
            "customer_id": "c-7",
            "channel": "email",
            "summary": summary,
            "remedy_sought": "a new unit",
            **payload,
        },
    }
    return orjson.dumps(body)


def nested_line(levels: int) -> bytes:
    """A register line whose payload holds an extra value nested `levels` arrays deep."""
    return register().replace(
        b'"payload":{', b'"payload":{"extra":' + b"[" * levels + b"]" * levels + b","
    )


@attrs.frozen
class Submitted:
    """What one submit printed, and how many complaints it added to the store's log."""

    results: list[Any]
    status: int
    err: str
    received: int


Submit = Callable[..., Submitted]


@pytest.fixture
def submit(cli: Cli, store: str) -> Iterator[Submit]:
    """Sends bytes to `opsledger submit -` on the module's store and counts, from the log itself,
    the complaints it added."""
    with Opsledger.open(store) as reader:

        def run(*lines: bytes, ending: bytes = b"\n") -> Submitted:
            before = complaints_received(reader)
            outcome = cli(
                "--store",
                store,
                "--format",
                "json",
                "submit",
                "-",
                stdin=ending.join(lines) + ending,
            )
            return Submitted(
                results=outcome.json_lines(),
                status=outcome.status,
                err=outcome.err,
                received=complaints_received(reader) - before,
            )

        yield run


def codes(submitted: Submitted) -> list[str]:
    return ["ok" if r["ok"] else r["error"]["code"] for r in submitted.results]


class TestOneResultPerLine:
    """Lines are split on newline alone: each line gets exactly one result, in order."""

    def test_unicode_line_separators_inside_a_summary(
        self, submit: Submit, cli: Cli, store: str
    ) -> None:
        """U+2028, U+2029 and U+0085 inside a summary are text: three lines, three accepted,
        and the summary is stored as sent."""
        summary = "外壳破裂\u2028第二行\u2029third\u0085fourth"
        line = register(summary)
        assert "\u2028".encode() in line  # sent raw, as JSON allows

        submitted = submit(register(), line, register())

        assert codes(submitted) == ["ok", "ok", "ok"]
        assert submitted.received == 3
        history = cli(
            "--store",
            store,
            "--format",
            "json",
            "audit",
            "history",
            submitted.results[1]["aggregate_id"],
        )
        assert history.json()[0]["payload"]["summary"] == summary

    def test_crlf_line_ends(self, submit: Submit) -> None:
        """Lines ending CR LF are read like lines ending LF."""
        submitted = submit(register(), register(), ending=b"\r\n")

        assert codes(submitted) == ["ok", "ok"]

    def test_a_line_not_utf8_is_refused_alone(self, submit: Submit) -> None:
        """A Latin-1 line between two valid lines is that line's `invalid_command`; the batch is
        not refused as a whole."""
        latin1 = register("café").replace("é".encode(), "é".encode("latin-1"))

        submitted = submit(register(), latin1, register())

        assert codes(submitted) == ["ok", "invalid_command", "ok"]
        assert "line 2 is not UTF-8" in submitted.results[1]["error"]["message"]
        assert submitted.received == 2
        assert submitted.status == 1


class TestOneBadLineNeverEndsABatch:
    """A line that used to crash submit is refused alone, and the lines after it are handled."""

    def test_a_payload_a_thousand_levels_deep(self, submit: Submit) -> None:
        """Valid, 1,000 levels deep, valid: three results, two accepted, two complaints in the
        log, no internal error."""
        submitted = submit(register(), nested_line(1_000), register())

        assert codes(submitted) == ["ok", "invalid_command", "ok"]
        assert "levels deep" in submitted.results[1]["error"]["message"]
        assert submitted.received == 2
        assert submitted.err == ""

    def test_a_failing_line_between_two_valid_ones(
        self, cli: Cli, store: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        """Within one run: valid, failing, valid gives ok, `command_failed`, ok."""
        log_file = tmp_path / "opsledger.log"
        monkeypatch.setenv("OPSLEDGER_LOG_FILE", str(log_file))
        for handler in logging.getLogger("opsledger").handlers[:]:
            logging.getLogger("opsledger").removeHandler(handler)

        def broken(*_: Any) -> NoReturn:
            raise ValueError("a bug in a decision")

        spec = COMMANDS["complaint.register"]
        calls = iter([spec.decide, broken, spec.decide])
        monkeypatch.setitem(
            COMMANDS, spec.type, attrs.evolve(spec, decide=lambda *a: next(calls)(*a))
        )

        outcome = cli(
            "--store",
            store,
            "--format",
            "json",
            "submit",
            "-",
            stdin=b"\n".join([register(), register(), register()]) + b"\n",
        )

        assert [r["ok"] or r["error"]["code"] for r in outcome.json_lines()] == [
            True,
            "command_failed",
            True,
        ]
        # The person at the terminal gets one line naming the incident, never a traceback;
        # with OPSLEDGER_LOG_FILE set, the traceback goes to that file.
        incident = outcome.json_lines()[1]["error"]["details"]["incident"]
        (line,) = outcome.err.splitlines()
        assert incident in line
        assert "ValueError: a bug in a decision" in line
        assert "Traceback" not in outcome.err
        assert "Traceback" in log_file.read_text(encoding="utf-8")


class TestBoundedInput:
    """A line over MAX_LINE_BYTES is refused unread and its refusal is stored in a few KB."""

    def test_a_two_megabyte_line(self, submit: Submit, store: str) -> None:
        """A valid envelope of 2 MB between two short ones: refused as too long, the others
        accepted, and the stored refusal a few KB."""
        huge = register("x" * 2 * MAX_LINE_BYTES)

        submitted = submit(register(), huge, register())

        assert codes(submitted) == ["ok", "invalid_command", "ok"]
        assert "line 2 is longer than" in submitted.results[1]["error"]["message"]
        assert submitted.received == 2
        with Opsledger.open(store) as reader:
            assert stored_row_bytes(reader)[-1] <= ROW_BYTES


class TestAnswersAsLinesArrive:
    """Each line is handled and answered before the next is read."""

    def test_a_line_is_stored_before_the_next_is_read(
        self, cli: Cli, store: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Whenever submit asks for a line, every line before it is already in the log."""
        lines = [register() + b"\n" for _ in range(3)]
        seen: list[int] = []

        with Opsledger.open(store) as reader:
            start = complaints_received(reader)

            class Arriving(io.BytesIO):
                def readline(self, size: int | None = -1, /) -> bytes:
                    seen.append(complaints_received(reader) - start)
                    return super().readline(size)

            stdin = io.TextIOWrapper(Arriving(b"".join(lines)), encoding="utf-8")
            monkeypatch.setattr(sys, "stdin", stdin)
            outcome = cli("--store", store, "--format", "json", "submit", "-")

        assert outcome.status == 0
        assert seen == [0, 1, 2, 3]  # the last read finds the end of the input
