"""Malformed risk commands (DOMAIN §1 `invalid_command`): wrong field types, missing fields,
unknown fields (a level is derived, never entered: a payload naming one is malformed), scores
outside 1 to 5, a strategy or category DOMAIN does not name, dates not on the calendar, a
missing reason for close and reopen. Every bad field is named by its path from the envelope
(`payload.likelihood`); the refusal appends nothing, and the well-formed command is then
accepted. Both stores."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

import pytest

from application.commands.catalogue import COMMANDS
from infrastructure.opsledger import Opsledger
from tests.application.risk_envelopes import (
    PAYLOADS,
    Json,
    accept,
    command,
    drive,
    head,
    identification,
    step,
)
from tests.clocks import FixedClock

#: An identify payload, and exactly the fields its refusal must name.
BAD_IDENTIFICATIONS: list[tuple[str, Json, set[str]]] = [
    ("title-missing", identification(title=...), {"payload.title"}),
    ("title-a-number", identification(title=42), {"payload.title"}),
    ("category-unknown", identification(category="strategic"), {"payload.category"}),
    ("category-in-capitals", identification(category="LEGAL"), {"payload.category"}),
    ("category-missing", identification(category=...), {"payload.category"}),
    ("description-missing", identification(description=...), {"payload.description"}),
    ("owner-missing", identification(owner_id=...), {"payload.owner_id"}),
    ("owner-a-number", identification(owner_id=7), {"payload.owner_id"}),
    ("department-a-list", identification(department=["it"]), {"payload.department"}),
    ("related-a-number", identification(related_id=42), {"payload.related_id"}),
    ("level-entered", identification(level="low"), {"payload.level"}),
    ("unknown-field", identification(likelihood=3), {"payload.likelihood"}),
    (
        "every-bad-field-at-once",
        identification(title=..., category="strategic", owner_id=[], colour="red"),
        {"payload.title", "payload.category", "payload.owner_id", "payload.colour"},
    ),
]


class TestAMalformedIdentification:
    def test_each_is_refused_naming_each_bad_field(self, ledger: Opsledger) -> None:
        named = []
        for case, payload, _ in BAD_IDENTIFICATIONS:
            result = ledger.submit(command("identify", payload=payload))
            assert (result.ok, result.code) == (False, "invalid_command"), result.to_json()
            assert all(result.details["fields"].values())
            named.append((case, set(result.details["fields"])))

        assert named == [(case, fields) for case, _, fields in BAD_IDENTIFICATIONS]
        assert head(ledger) is None

    def test_an_identify_naming_a_risk_id_that_is_not_a_uuid(self, ledger: Opsledger) -> None:
        result = ledger.submit(command("identify", "risk-1"))
        assert (result.code, set(result.details["fields"])) == ("invalid_command", {"aggregate_id"})
        assert head(ledger) is None

    def test_an_unknown_risk_command(self, ledger: Opsledger, clock: FixedClock) -> None:
        risk_id = drive(ledger, clock)
        result = ledger.submit({**command("assess", risk_id), "type": "risk.mitigate"})
        assert (result.ok, result.code) == (False, "invalid_command")
        assert set(result.details["fields"]) == {"type"}
        assert head(ledger) == 2  # the identification and its command record


Body = Callable[[UUID], Json]


def sent(verb: str, payload: Any = None, **envelope: Any) -> Body:
    """A `verb` command to the risk with this payload and envelope changes."""
    return lambda risk_id: command(verb, risk_id, payload=payload, **envelope)


def with_(verb: str, **changes: Any) -> Body:
    """The usual `verb` payload with fields replaced (a value of ... removes the field)."""
    payload = dict(PAYLOADS[verb])
    for name, value in changes.items():
        if value is ...:
            payload.pop(name)
        else:
            payload[name] = value
    return sent(verb, payload)


L, I = "payload.likelihood", "payload.impact"  # noqa: E741


def scores(verb: str) -> list[tuple[Body, set[str]]]:
    """Malformed scores for `assess` or `assess_residual`: each 1 to 5, a whole number."""
    return [
        (with_(verb, likelihood=0), {L}),
        (with_(verb, likelihood=6), {L}),
        (with_(verb, impact=0), {I}),
        (with_(verb, impact=6), {I}),
        (with_(verb, likelihood=-1, impact=10), {L, I}),
        (with_(verb, likelihood=2.5), {L}),
        (with_(verb, likelihood=3.0), {L}),
        (with_(verb, impact="3"), {I}),
        (with_(verb, impact=True), {I}),
        (with_(verb, likelihood=...), {L}),
        (with_(verb, impact=None), {I}),
        (with_(verb, level="high"), {"payload.level"}),
        (sent(verb, {}), {L, I}),
        (sent(verb, [2, 3]), {"payload"}),
    ]


#: For each command: where it is sent (status, then steps), and malformed bodies, each with
#: exactly the fields its refusal must name.
BAD_COMMANDS: dict[str, tuple[str, tuple[str, ...], list[tuple[Body, set[str]]]]] = {
    "assess": (
        "identified",
        (),
        [
            *scores("assess"),
            (sent("assess", drop=["aggregate_id"]), {"aggregate_id"}),
            (sent("assess", aggregate_id="risk-1"), {"aggregate_id"}),
            (sent("assess", expected_version="1"), {"expected_version"}),
        ],
    ),
    "choose_response": (
        "assessed",
        (),
        [
            (with_("choose_response", strategy="mitigate"), {"payload.strategy"}),
            (with_("choose_response", strategy="Avoid"), {"payload.strategy"}),
            (with_("choose_response", strategy=...), {"payload.strategy"}),
            (with_("choose_response", strategy=1), {"payload.strategy"}),
            (with_("choose_response", rationale=...), {"payload.rationale"}),
            (
                with_("choose_response", strategy="transfer", counterparty=42),
                {"payload.counterparty"},
            ),
            (with_("choose_response", approved=True), {"payload.approved"}),
            (
                with_("choose_response", strategy="share", rationale=3),
                {"payload.strategy", "payload.rationale"},
            ),
        ],
    ),
    "approve_acceptance": (
        "assessed",
        ("accept",),
        [
            (sent("approve_acceptance", {"approved": True}), {"payload.approved"}),
            (sent("approve_acceptance", drop=["aggregate_id"]), {"aggregate_id"}),
        ],
    ),
    "add_action": (
        "responding",
        (),
        [
            (with_("add_action", action_id=...), {"payload.action_id"}),
            (with_("add_action", action_id=1), {"payload.action_id"}),
            (with_("add_action", description=...), {"payload.description"}),
            (with_("add_action", owner_id=...), {"payload.owner_id"}),
            (with_("add_action", due_on=...), {"payload.due_on"}),
            (with_("add_action", due_on="2026/07/31"), {"payload.due_on"}),
            (with_("add_action", due_on="2026-02-30"), {"payload.due_on"}),
            (with_("add_action", due_on="2026-07-31T10:00:00+08:00"), {"payload.due_on"}),
            (with_("add_action", due_on=20260731), {"payload.due_on"}),
            (with_("add_action", priority="high"), {"payload.priority"}),
        ],
    ),
    "complete_action": (
        "responding",
        ("add_action",),
        [
            (with_("complete_action", evidence=...), {"payload.evidence"}),
            (with_("complete_action", evidence=["photo"]), {"payload.evidence"}),
            (with_("complete_action", action_id=...), {"payload.action_id"}),
            (with_("complete_action", action_id=1), {"payload.action_id"}),
            (with_("complete_action", completed_on="2026-07-02"), {"payload.completed_on"}),
        ],
    ),
    "assess_residual": (
        "responding",
        ("add_action", "complete_action"),
        scores("assess_residual"),
    ),
    "review": (
        "assessed",
        (),
        [
            (with_("review", notes=...), {"payload.notes"}),
            (with_("review", notes=5), {"payload.notes"}),
            (with_("review", next_review_on="2026-12-31"), {"payload.next_review_on"}),
        ],
    ),
    "close": (
        "monitoring",
        (),
        [
            (sent("close", drop=["reason"]), {"reason"}),
            (sent("close", reason="  "), {"reason"}),
            (sent("close", reason=7), {"reason"}),
            (sent("close", {"final": True}), {"payload.final"}),
            (sent("close", drop=["reason", "aggregate_id"]), {"reason", "aggregate_id"}),
        ],
    ),
    "reopen": (
        "closed",
        (),
        [
            (sent("reopen", drop=["reason"]), {"reason"}),
            (sent("reopen", reason=""), {"reason"}),
            (sent("reopen", reason=None), {"reason"}),
        ],
    ),
}


class TestAMalformedCommandOnARisk:
    """Sent to a risk where the well-formed command would be accepted: each malformed body is
    `invalid_command` naming exactly its bad fields, and nothing is appended."""

    def test_every_risk_command_has_cases(self) -> None:
        declared = {t.removeprefix("risk.") for t in COMMANDS if t.startswith("risk.")}
        assert {"identify", *BAD_COMMANDS} == declared
        assert len(declared) == 10

    @pytest.mark.parametrize("verb", sorted(BAD_COMMANDS))
    def test_is_refused_naming_each_bad_field(
        self, ledger: Opsledger, clock: FixedClock, verb: str
    ) -> None:
        status, first, cases = BAD_COMMANDS[verb]
        risk_id = drive(ledger, clock, to=status, then=first)
        clock.advance(hours=1)
        before = head(ledger)

        named = []
        for body, _ in cases:
            result = ledger.submit(body(risk_id))
            assert (result.ok, result.code) == (False, "invalid_command"), result.to_json()
            assert all(result.details["fields"].values())
            named.append(set(result.details["fields"]))

        assert named == [fields for _, fields in cases]
        assert head(ledger) == before
        assert accept(ledger, step(verb, risk_id)).ok  # the well-formed one still is
