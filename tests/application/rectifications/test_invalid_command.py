"""Malformed rectification commands (DOMAIN §1 `invalid_command`): wrong field types, missing
fields, unknown fields, a severity outside low|medium|high, dates not ISO calendar dates, a
missing reason where §6a asks for one (`extend`). Every bad field is named by its path from the
envelope (`payload.due_on`); the refusal appends nothing, and the well-formed command is then
accepted. Both stores."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

import pytest

from application.commands.catalogue import COMMANDS
from infrastructure.opsledger import Opsledger
from tests.application.rectification_envelopes import (
    Json,
    accept,
    command,
    drive,
    head,
    notice,
    step,
)
from tests.clocks import FixedClock

DUE = "payload.due_on"
SEVERITY = "payload.severity"

#: An issue payload, and exactly the fields its refusal must name.
BAD_NOTICES: list[tuple[str, Json, set[str]]] = [
    ("department-missing", notice(department=...), {"payload.department"}),
    ("department-a-number", notice(department=7), {"payload.department"}),
    ("process-missing", notice(process=...), {"payload.process"}),
    ("finding-a-list", notice(finding=["未审核"]), {"payload.finding"}),
    ("finding-missing", notice(finding=...), {"payload.finding"}),
    ("severity-missing", notice(severity=...), {SEVERITY}),
    ("severity-critical", notice(severity="critical"), {SEVERITY}),  # low|medium|high only
    ("severity-upper-case", notice(severity="HIGH"), {SEVERITY}),
    ("severity-a-number", notice(severity=3), {SEVERITY}),
    ("responsible-missing", notice(responsible_id=...), {"payload.responsible_id"}),
    ("responsible-a-number", notice(responsible_id=7), {"payload.responsible_id"}),
    ("due-missing", notice(due_on=...), {DUE}),
    ("due-with-slashes", notice(due_on="2026/07/15"), {DUE}),
    ("due-not-on-the-calendar", notice(due_on="2026-02-30"), {DUE}),
    ("due-a-number", notice(due_on=20260715), {DUE}),
    ("due-in-words", notice(due_on="next Friday"), {DUE}),
    ("related-a-number", notice(related_id=42), {"payload.related_id"}),
    ("unknown-field", notice(inspector="u-sup-9"), {"payload.inspector"}),
    (
        "every-bad-field-at-once",
        notice(department=..., severity="urgent", due_on="15/07/2026", colour="red"),
        {"payload.department", SEVERITY, DUE, "payload.colour"},
    ),
]


class TestAMalformedNotice:
    def test_each_is_refused_naming_each_bad_field(self, ledger: Opsledger) -> None:
        named = []
        for case, payload, _ in BAD_NOTICES:
            result = ledger.submit(command("issue", payload=payload))
            assert (result.ok, result.code) == (False, "invalid_command"), (case, result.to_json())
            assert all(result.details["fields"].values())
            named.append((case, set(result.details["fields"])))

        assert named == [(case, fields) for case, _, fields in BAD_NOTICES]
        assert head(ledger) is None
        assert len(ledger.security_log.entries()) == len(BAD_NOTICES)

    def test_a_payload_that_is_not_an_object(self, ledger: Opsledger) -> None:
        not_objects: tuple[object, ...] = ([], "notice", None)
        for payload in not_objects:
            result = ledger.submit({**command("issue"), "payload": payload})
            assert (result.ok, result.code) == (False, "invalid_command")
            assert "payload" in result.details["fields"]
        assert head(ledger) is None

    def test_an_unknown_rectification_command(self, ledger: Opsledger, clock: FixedClock) -> None:
        rectification_id = drive(ledger, clock)
        body = {**command("acknowledge", rectification_id), "type": "rectification.waive"}
        result = ledger.submit(body)
        assert (result.ok, result.code) == (False, "invalid_command")
        assert set(result.details["fields"]) == {"type"}
        assert head(ledger) == 2  # the notice and its command record


Body = Callable[[UUID], Json]


def sent(verb: str, payload: Any = None, **envelope: Any) -> Body:
    """A `verb` command to the rectification with this payload and envelope changes."""
    return lambda rectification_id: command(verb, rectification_id, payload=payload, **envelope)


NEW_DUE, PASSED, NOTES = "payload.new_due_on", "payload.passed", "payload.notes"
BOTH_PARTS = {"payload.actions_taken", "payload.evidence"}

#: For each command on a rectification: where it is sent (status, then steps), and malformed
#: bodies, each with exactly the fields its refusal must name.
BAD_COMMANDS: dict[str, tuple[str, tuple[str, ...], list[tuple[Body, set[str]]]]] = {
    "acknowledge": (
        "issued",
        (),
        [
            (sent("acknowledge", {"note": "收到"}), {"payload.note"}),
            (sent("acknowledge", []), {"payload"}),
            (sent("acknowledge", drop=["aggregate_id"]), {"aggregate_id"}),
            (sent("acknowledge", aggregate_id="rect-1"), {"aggregate_id"}),
            (sent("acknowledge", expected_version="1"), {"expected_version"}),
        ],
    ),
    "start": (
        "acknowledged",
        (),
        [
            (sent("start", {}), {"payload.plan"}),
            (sent("start", {"plan": 5}), {"payload.plan"}),
            (sent("start", {"plan": "补审", "owner": "u-x"}), {"payload.owner"}),
        ],
    ),
    "submit": (
        "rectifying",
        (),
        [
            (sent("submit", {"actions_taken": "补审"}), {"payload.evidence"}),
            (sent("submit", {"evidence": "记录"}), {"payload.actions_taken"}),
            (sent("submit", {"actions_taken": ["a"], "evidence": 1}), BOTH_PARTS),
            (sent("submit", {}), BOTH_PARTS),
        ],
    ),
    "verify": (
        "submitted",
        (),
        [
            (sent("verify", {"notes": "ok"}), {PASSED}),
            (sent("verify", {"passed": "yes", "notes": "ok"}), {PASSED}),
            (sent("verify", {"passed": "true", "notes": "ok"}), {PASSED}),
            (sent("verify", {"passed": 1, "notes": "ok"}), {PASSED}),
            (sent("verify", {"passed": None, "notes": "ok"}), {PASSED}),
            (sent("verify", {"passed": True, "notes": 5}), {NOTES}),
            (sent("verify", {"passed": True, "notes": "ok", "score": 5}), {"payload.score"}),
        ],
    ),
    "extend": (
        "rectifying",
        (),
        [
            (sent("extend", drop=["reason"]), {"reason"}),
            (sent("extend", reason=""), {"reason"}),
            (sent("extend", reason="   "), {"reason"}),
            (sent("extend", {}), {NEW_DUE}),
            (sent("extend", {"new_due_on": "2026-07-32"}), {NEW_DUE}),
            (sent("extend", {"new_due_on": "31 July"}), {NEW_DUE}),
            (sent("extend", {"due_on": "2026-07-31"}), {"payload.due_on", NEW_DUE}),
            (sent("extend", {"new_due_on": "2026/07/31"}, drop=["reason"]), {NEW_DUE, "reason"}),
        ],
    ),
    "close": (
        "verified",
        (),
        [
            (sent("close", {"passed": True}), {"payload.passed"}),
            (sent("close", "closed"), {"payload"}),
            (sent("close", drop=["aggregate_id"]), {"aggregate_id"}),
        ],
    ),
}  # fmt: skip


class TestAMalformedCommandOnARectification:
    """Sent to a rectification where the well-formed command would be accepted: each malformed
    body is `invalid_command` naming exactly its bad fields, and nothing is appended."""

    def test_every_rectification_command_has_cases(self) -> None:
        declared = {
            t.removeprefix("rectification.") for t in COMMANDS if t.startswith("rectification.")
        }
        assert {"issue", *BAD_COMMANDS} == declared

    @pytest.mark.parametrize("verb", sorted(BAD_COMMANDS))
    def test_is_refused_naming_each_bad_field(
        self, ledger: Opsledger, clock: FixedClock, verb: str
    ) -> None:
        status, first, cases = BAD_COMMANDS[verb]
        rectification_id = drive(ledger, clock, to=status)
        for name in first:
            clock.advance(hours=1)
            accept(ledger, step(name, rectification_id))
        clock.advance(hours=1)
        before = head(ledger)

        named = []
        for body, _ in cases:
            result = ledger.submit(body(rectification_id))
            assert (result.ok, result.code) == (False, "invalid_command"), result.to_json()
            named.append(set(result.details["fields"]))

        assert named == [fields for _, fields in cases]
        assert head(ledger) == before
        assert accept(ledger, command(verb, rectification_id)).ok  # the well-formed one still is
