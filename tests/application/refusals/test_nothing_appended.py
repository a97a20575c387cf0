"""A refused command (DOMAIN §1) appends nothing to any aggregate; its one entry in the log is
the security log's `CommandRefused`, in a stream of its own. Both stores."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from uuid import UUID, uuid4

import attrs
import pytest

from application.command_record import command_record_id
from infrastructure.opsledger import Opsledger
from tests.application.complaint_envelopes import (
    AUDITOR,
    CS_AGENT,
    SALES_REP,
    SYSTEM,
    Json,
    accept,
    command,
    drive,
)
from tests.application.ledger_reading import LedgerReading, logged_at
from tests.clocks import FixedClock


@attrs.frozen(kw_only=True)
class Scene:
    """One assigned complaint, the command that assigned it, and the clock."""

    complaint_id: UUID
    last_command: Json
    clock: FixedClock


@pytest.fixture
def scene(ledger: Opsledger, clock: FixedClock) -> Scene:
    complaint_id = drive(ledger, clock, to="classified")
    clock.advance(hours=1)
    assign = command("assign", complaint_id)
    accept(ledger, assign)
    clock.advance(hours=1)
    return Scene(complaint_id=complaint_id, last_command=assign, clock=clock)


def _at(scene: Scene, **delta: float) -> str:
    return (scene.clock.now() + timedelta(**delta)).isoformat()


Refused = Callable[[Scene], Json]

#: One command per way of being refused, and the code it must get.
REFUSALS: list[tuple[str, Refused, str]] = [
    (
        "unknown-type",
        lambda s: {**command("acknowledge", s.complaint_id), "type": "complaint.teleport"},
        "invalid_command",
    ),
    (
        "type-of-another-aggregate-not-served",
        lambda s: {**command("acknowledge", s.complaint_id), "type": "budget.approve"},
        "invalid_command",
    ),
    (
        "missing-payload-field",
        lambda s: command("assign", s.complaint_id, payload={"department": "quality"}),
        "invalid_command",
    ),
    (
        "extra-envelope-field",
        lambda s: command("escalate", s.complaint_id, priority="high"),
        "invalid_command",
    ),
    (
        "extra-payload-field",
        lambda s: command("escalate", s.complaint_id, payload={"level": 1, "urgent": True}),
        "invalid_command",
    ),
    (
        "ill-typed-payload-field",
        lambda s: command("escalate", s.complaint_id, payload={"level": "one"}),
        "invalid_command",
    ),
    (
        "payload-value-outside-its-choices",
        lambda s: command(
            "classify", s.complaint_id, payload={"category": "weather", "severity": "medium"}
        ),
        "invalid_command",
    ),
    (
        "ill-typed-envelope-field",
        lambda s: command("escalate", s.complaint_id, expected_version="4"),
        "invalid_command",
    ),
    (
        "actor-not-an-object",
        lambda s: {**command("escalate", s.complaint_id), "actor": "u-sm-1"},
        "invalid_command",
    ),
    (
        "aggregate-id-missing",
        lambda s: command("escalate"),
        "invalid_command",
    ),
    (
        "reason-missing",
        lambda s: command("escalate", s.complaint_id, drop=["reason"]),
        "invalid_command",
    ),
    (
        "reason-blank",
        lambda s: command("escalate", s.complaint_id, reason="   "),
        "invalid_command",
    ),
    (
        "naive-occurred-at",
        lambda s: command("escalate", s.complaint_id, occurred_at="2026-07-01T12:00:00"),
        "invalid_command",
    ),
    (
        "occurred-at-too-far-ahead",
        lambda s: command("escalate", s.complaint_id, occurred_at=_at(s, minutes=5, seconds=1)),
        "invalid_command",
    ),
    (
        "occurred-at-before-the-previous-event",
        lambda s: command("escalate", s.complaint_id, occurred_at=_at(s, hours=-1, seconds=-1)),
        "rule_violation",
    ),
    (
        "wrong-role",
        lambda s: command("escalate", s.complaint_id, actor=SALES_REP),
        "forbidden",
    ),
    (
        "auditor-reads-only",
        lambda s: command("register", actor=AUDITOR),
        "forbidden",
    ),
    (
        "system-only-sweeps",
        lambda s: command("escalate", s.complaint_id, actor=SYSTEM),
        "forbidden",
    ),
    (
        "stale-expected-version",
        lambda s: command("escalate", s.complaint_id, expected_version=3),
        "concurrency_conflict",
    ),
    (
        "command-id-reused-for-another-body",
        lambda s: command("escalate", s.complaint_id, command_id=s.last_command["command_id"]),
        "duplicate_command",
    ),
    (
        "unknown-aggregate",
        lambda s: command("escalate", uuid4()),
        "not_found",
    ),
    (
        "complaint-command-at-a-command-record",
        lambda s: command("escalate", command_record_id(UUID(s.last_command["command_id"]))),
        "not_found",
    ),
    (
        "create-over-an-existing-aggregate",
        lambda s: command("register", aggregate_id=str(s.complaint_id)),
        "invalid_transition",
    ),
    (
        "not-allowed-in-this-state",
        lambda s: command("reopen", s.complaint_id),
        "invalid_transition",
    ),
    (
        "business-rule",
        lambda s: command("close", s.complaint_id),
        "rule_violation",
    ),
    (
        "blank-summary",
        lambda s: command("register", payload={**command("register")["payload"], "summary": " "}),
        "rule_violation",
    ),
]


class TestARefusedCommandAppendsNothingAndIsLogged:
    """Every kind of refusal appends nothing to any aggregate (the log but for refusals, every
    history and every reconstructed state read the same afterwards) and exactly one entry to
    the security log in the chain: a new stream of its own, version 1, after everything else."""

    @pytest.mark.parametrize(
        ("make", "code"),
        [(make, code) for _, make, code in REFUSALS],
        ids=[i for i, *_ in REFUSALS],
    )
    def test_nothing_is_appended_and_the_refusal_is_logged_with_who_what_when_and_why(
        self, ledger: Opsledger, scene: Scene, make: Refused, code: str
    ) -> None:
        body = make(scene)
        before = LedgerReading.take(ledger, [scene.complaint_id])
        earlier_refusals = ledger.security_log.entries()

        result = ledger.submit(body)

        assert not result.ok
        assert result.code == code, result.to_json()
        assert result.message
        after = LedgerReading.take(ledger, [scene.complaint_id])
        assert after == before
        (added,) = after.refusals_since(before)
        *unchanged, entry = ledger.security_log.entries()
        assert unchanged == earlier_refusals
        assert entry.position == added.id
        raw_actor = body["actor"] if isinstance(body["actor"], dict) else {}
        assert entry.actor_id == raw_actor.get("id")
        assert entry.command_type == body["type"]
        assert entry.command_id == body["command_id"]
        assert logged_at(entry) == scene.clock.now()
        assert (entry.code, entry.message) == (code, result.message)

    def test_a_refused_command_names_the_sender_s_roles(
        self, ledger: Opsledger, scene: Scene
    ) -> None:
        ledger.submit(command("assign", scene.complaint_id, actor=CS_AGENT))

        assert ledger.security_log.entries()[-1].actor_roles == "customer_service"

    @pytest.mark.parametrize("raw", [None, [], "complaint.register", 42, [command("register")]])
    def test_a_non_object_is_refused_and_logged(
        self, ledger: Opsledger, scene: Scene, raw: object
    ) -> None:
        before = LedgerReading.take(ledger, [scene.complaint_id])

        result = ledger.submit(raw)

        assert (result.ok, result.code) == (False, "invalid_command")
        after = LedgerReading.take(ledger, [scene.complaint_id])
        assert after == before
        assert len(after.refusals_since(before)) == 1
        assert ledger.security_log.entries()[-1].code == "invalid_command"
