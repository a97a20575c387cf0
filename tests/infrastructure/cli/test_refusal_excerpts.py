"""Input that is not a readable command keeps, in its security-log entry, the start of its line
(at most EXCERPT_BYTES as stored) and the size and SHA-256 of the whole line, never the line
itself; a readable command keeps neither. Lines refused in a batch are logged in their place
among the batch's events. Both stores."""

from __future__ import annotations

import hashlib
import json
from typing import Any
from uuid import uuid4

import orjson
import pytest

from application.security_log import EXCERPT_BYTES
from infrastructure.cli.json_lines import MAX_LINE_BYTES
from infrastructure.opsledger import Opsledger
from infrastructure.sql.security_log import SecurityLogEntry
from tests.infrastructure.cli.command_line import Cli

_CLERK = {"id": "u-cs-excerpt", "roles": ["customer_service"], "department": "客服"}


def register(**extra: Any) -> bytes:
    return orjson.dumps(
        {
            "type": "complaint.register",
            "command_id": str(uuid4()),
            "actor": _CLERK,
            "payload": {
                "customer_id": "c-9",
                "channel": "email",
                "summary": "cracked",
                "remedy_sought": "a new unit",
            },
            **extra,
        }
    )


def submitted(cli: Cli, store: str, *lines: bytes, ending: bytes = b"\n") -> list[Any]:
    """Submit the lines in one batch; their results."""
    outcome = cli(
        "--store", store, "--format", "json", "submit", "--batch", "50", "-",
        stdin=b"".join(line + ending for line in lines),
    )  # fmt: skip
    return outcome.json_lines()


def newest_refusals(store: str, count: int) -> list[SecurityLogEntry]:
    with Opsledger.open(store) as reader:
        return reader.security_log.entries()[-count:]


class TestAnUnreadableLineKeepsItsExcerptAndDigest:
    @pytest.mark.parametrize(
        ("line", "start"),
        [
            (b"{oops", "{oops"),
            (b'\xff\xfe{"type": 1}', '\\xff\\xfe{"type": 1}'),
            (b"[1, 2, 3]", "[1, 2, 3]"),
            (b'"complaint.register"', '"complaint.register"'),
            ('{"type": "complaint.register", "extra": "投诉"}'.encode(), None),
        ],
        ids=["not-json", "not-utf8", "json-array", "json-string", "object-not-an-envelope"],
    )
    def test_the_line_s_start_size_and_sha256(
        self, cli: Cli, store: str, line: bytes, start: str | None
    ) -> None:
        (result,) = submitted(cli, store, line)

        assert result["error"]["code"] == "invalid_command"
        (entry,) = newest_refusals(store, 1)
        assert entry.excerpt == (start if start is not None else line.decode())
        assert entry.line_sha256 == hashlib.sha256(line).hexdigest()
        assert entry.line_bytes == len(line)
        assert entry.position is not None

    @pytest.mark.parametrize("ending", [b"\n", b"\r\n"], ids=["lf", "crlf"])
    def test_a_line_too_long_to_read_is_hashed_as_it_streams_by(
        self, cli: Cli, store: str, ending: bytes
    ) -> None:
        """Two and a half megabytes of one line: refused unread, its entry keeps the first
        EXCERPT_BYTES and the digest of all of it (without the line end)."""
        line = register(payload={"summary": "部" * (MAX_LINE_BYTES * 5 // 6)})
        assert len(line) > 2 * MAX_LINE_BYTES

        results = submitted(cli, store, register(), line, register(), ending=ending)

        assert [r["ok"] or r["error"]["code"] for r in results] == [True, "invalid_command", True]
        (entry,) = newest_refusals(store, 1)
        assert entry.line_sha256 == hashlib.sha256(line).hexdigest()
        assert entry.line_bytes == len(line)
        assert entry.excerpt is not None
        assert line.decode().startswith(entry.excerpt)
        # As stored: UTF-8 in JSON, where each of the line's quotes takes two bytes.
        stored = len(json.dumps(entry.excerpt, ensure_ascii=False).encode()) - 2
        assert EXCERPT_BYTES - 3 <= stored <= EXCERPT_BYTES

    def test_a_readable_command_keeps_no_excerpt(self, cli: Cli, store: str) -> None:
        """A refused envelope is identified by its fields alone."""
        (result,) = submitted(cli, store, register(actor={**_CLERK, "roles": ["auditor"]}))

        assert result["error"]["code"] == "forbidden"
        (entry,) = newest_refusals(store, 1)
        assert (entry.excerpt, entry.line_sha256, entry.line_bytes) == (None, None, None)
        assert entry.actor_roles == "auditor"


class TestRefusalsInABatch:
    def test_each_refusal_is_logged_in_its_place_among_the_batch_s_events(
        self, cli: Cli, store: str
    ) -> None:
        """accepted, not JSON, accepted, forbidden: one transaction holds the events, records
        and refusals' entries in the order of the lines."""
        with Opsledger.open(store) as reader:
            start = reader.ledger.recorder.max_notification_id() or 0

        results = submitted(
            cli, store, register(), b"{", register(), register(actor={**_CLERK, "roles": []})
        )

        assert [r["ok"] or r["error"]["code"] for r in results] == [
            True,
            "invalid_command",
            True,
            "invalid_command",
        ]
        with Opsledger.open(store) as reader:
            added = reader.ledger.recorder.select_notifications(
                start=start, limit=100, inclusive_of_start=False
            )
        assert [n.topic for n in added] == [
            "ComplaintReceived",
            "CommandHandled",
            "CommandRefused",
            "ComplaintReceived",
            "CommandHandled",
            "CommandRefused",
        ]
