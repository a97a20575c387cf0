"""Refused commands (DOMAIN §1): a stable code and a reason, nothing appended, every read
unchanged, and the refusal in the security log with who, what, when and why. Both stores."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from uuid import UUID, uuid4

import attrs
import pytest

from application.command_record import command_record_id
from application.errors import NotFound
from domain.complaint.events import ComplaintReceived
from infrastructure.opsledger import Opsledger
from tests.application.complaint_envelopes import (
    ASSIGNEE,
    AUDITOR,
    CS_AGENT,
    HEAD_OF_QUALITY,
    MANAGER,
    SALES_REP,
    SYSTEM,
    Json,
    accept,
    command,
    drive,
)
from tests.application.ledger_reading import LedgerReading, event_as, logged_at
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
    """Every kind of refusal appends nothing (the log head, the whole log, every history and
    every reconstructed state read the same afterwards) and is written to the security log."""

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
        assert LedgerReading.take(ledger, [scene.complaint_id]) == before
        *unchanged, entry = ledger.security_log.entries()
        assert unchanged == earlier_refusals
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
        assert LedgerReading.take(ledger, [scene.complaint_id]) == before
        assert ledger.security_log.entries()[-1].code == "invalid_command"


class TestInvalidCommandNamesEachBadField:
    """`invalid_command` lists every bad field in `details.fields`, nothing more, nothing less."""

    @pytest.mark.parametrize(
        ("make", "expected"),
        [
            pytest.param(
                lambda c: {**command("acknowledge", c), "type": "complaint.teleport"},
                {"type"},
                id="unknown-type",
            ),
            pytest.param(
                lambda c: command("acknowledge", c, payload={}),
                {"payload.message"},
                id="missing-payload-field",
            ),
            pytest.param(
                lambda c: command("acknowledge", c, payload={"message": None}),
                {"payload.message"},
                id="null-payload-field",
            ),
            pytest.param(
                lambda c: command("acknowledge", c, payload={"message": "hi", "tone": "warm"}),
                {"payload.tone"},
                id="extra-payload-field",
            ),
            pytest.param(
                lambda c: command("classify", c, payload={"category": 7, "priority": "p1"}),
                {"payload.category", "payload.severity", "payload.priority"},
                id="several-payload-fields",
            ),
            pytest.param(
                lambda c: command(
                    "record_feedback", c, payload={"satisfied": "yes", "csat": 6, "comment": 1}
                ),
                {"payload.satisfied", "payload.csat", "payload.comment"},
                id="ill-typed-and-out-of-range",
            ),
            pytest.param(
                lambda c: command(
                    "register",
                    payload={**command("register")["payload"], "channel": "carrier pigeon"},
                ),
                {"payload.channel"},
                id="unknown-choice",
            ),
            pytest.param(
                lambda c: command("acknowledge", payload={"message": "hi"}),
                {"aggregate_id"},
                id="aggregate-id-missing",
            ),
            pytest.param(
                lambda c: command("escalate", c, drop=["reason"], payload={"level": 0}),
                {"reason", "payload.level"},
                id="reason-and-payload",
            ),
            pytest.param(
                lambda c: command("acknowledge", c, colour="red", command_id="nope"),
                {"colour", "command_id"},
                id="envelope-fields",
            ),
            pytest.param(
                lambda c: {"actor": CS_AGENT},
                {"type", "command_id"},
                id="only-an-actor",
            ),
        ],
    )
    def test_the_details_name_exactly_the_bad_fields(
        self,
        ledger: Opsledger,
        clock: FixedClock,
        make: Callable[[UUID], Json],
        expected: set[str],
    ) -> None:
        complaint_id = drive(ledger, clock, to="resolution_proposed")
        head = ledger.ledger.recorder.max_notification_id()

        result = ledger.submit(make(complaint_id))

        assert (result.ok, result.code) == (False, "invalid_command")
        assert set(result.details["fields"]) == expected
        assert ledger.ledger.recorder.max_notification_id() == head


class TestOnlyTheRolesDomainNamesMaySendACommand:
    """An actor without the role a command needs gets `forbidden`; the right actor is accepted."""

    @pytest.mark.parametrize(
        ("verb", "status", "wrong", "right"),
        [
            ("register", "received", MANAGER, CS_AGENT),
            ("acknowledge", "received", SALES_REP, CS_AGENT),
            ("acknowledge", "received", AUDITOR, CS_AGENT),
            ("classify", "acknowledged", ASSIGNEE, MANAGER),
            ("assign", "classified", CS_AGENT, MANAGER),
            ("record_investigation", "assigned", CS_AGENT, HEAD_OF_QUALITY),
            ("record_investigation", "assigned", MANAGER, ASSIGNEE),
            ("pause", "investigating", SALES_REP, ASSIGNEE),
            ("resume", "paused", MANAGER, CS_AGENT),
            ("propose_resolution", "investigating", CS_AGENT, ASSIGNEE),
            ("record_feedback", "resolution_proposed", MANAGER, CS_AGENT),
            ("close", "resolved", ASSIGNEE, MANAGER),
            ("close_unresolved", "resolution_proposed", CS_AGENT, MANAGER),
            ("reopen", "closed", ASSIGNEE, CS_AGENT),
            ("escalate", "assigned", SYSTEM, CS_AGENT),
        ],
    )
    def test_wrong_role_is_forbidden_and_the_right_one_accepted(
        self,
        ledger: Opsledger,
        clock: FixedClock,
        verb: str,
        status: str,
        wrong: Json,
        right: Json,
    ) -> None:
        complaint_id = None if verb == "register" else drive(ledger, clock, to=status)
        head = ledger.ledger.recorder.max_notification_id()

        refused = ledger.submit(command(verb, complaint_id, actor=wrong))

        assert (refused.ok, refused.code) == (False, "forbidden")
        assert ledger.ledger.recorder.max_notification_id() == head
        assert ledger.security_log.entries()[-1].actor_id == wrong["id"]
        assert ledger.submit(command(verb, complaint_id, actor=right)).ok


class TestExpectedVersionIsAnOptimisticConcurrencyCheck:
    """`expected_version` must match the aggregate's version, else `concurrency_conflict`."""

    def test_the_current_version_is_accepted(self, ledger: Opsledger, clock: FixedClock) -> None:
        complaint_id = drive(ledger, clock, to="acknowledged")

        result = ledger.submit(command("classify", complaint_id, expected_version=2))

        assert (result.ok, result.version) == (True, 3)

    @pytest.mark.parametrize("expected", [0, 1, 3, 99])
    def test_any_other_version_is_a_conflict(
        self, ledger: Opsledger, clock: FixedClock, expected: int
    ) -> None:
        complaint_id = drive(ledger, clock, to="acknowledged")
        before = LedgerReading.take(ledger, [complaint_id])

        result = ledger.submit(command("classify", complaint_id, expected_version=expected))

        assert (result.ok, result.code) == (False, "concurrency_conflict")
        assert result.details == {"expected_version": expected, "actual_version": 2}
        assert LedgerReading.take(ledger, [complaint_id]) == before

    def test_a_create_expects_version_zero(self, ledger: Opsledger) -> None:
        assert ledger.submit(command("register", expected_version=0)).ok
        conflict = ledger.submit(command("register", expected_version=1))
        assert (conflict.ok, conflict.code) == (False, "concurrency_conflict")


class TestCommandsAimedAtNothingAreNotFound:
    """A command for an id that holds no complaint gets `not_found`."""

    def test_an_unknown_id(self, ledger: Opsledger, clock: FixedClock) -> None:
        drive(ledger, clock)
        unknown = uuid4()

        result = ledger.submit(command("acknowledge", unknown))

        assert (result.ok, result.code) == (False, "not_found")
        assert result.details == {"aggregate_id": str(unknown)}

    def test_a_stream_that_is_not_a_complaint(self, ledger: Opsledger) -> None:
        registered = command("register")
        accept(ledger, registered)
        record_stream = command_record_id(UUID(registered["command_id"]))
        assert ledger.history(record_stream)  # the stream exists, but holds a command record

        result = ledger.submit(command("acknowledge", record_stream))

        assert (result.ok, result.code) == (False, "not_found")

    def test_reading_an_unknown_id_raises_not_found(self, ledger: Opsledger) -> None:
        with pytest.raises(NotFound):
            ledger.history(uuid4())
        with pytest.raises(NotFound):
            ledger.state(uuid4())


class TestCreatingCommandsChooseOrReceiveTheId:
    """`complaint.register` may name its aggregate id, or be given a new UUID; an id in use is
    refused."""

    def test_without_an_id_a_new_uuid_is_returned(self, ledger: Opsledger) -> None:
        bodies = [command("register"), command("register")]
        first, second = (accept(ledger, body) for body in bodies)

        assert isinstance(first.aggregate_id, UUID)
        assert isinstance(second.aggregate_id, UUID)
        assert first.aggregate_id != second.aggregate_id
        for result, body in ((first, bodies[0]), (second, bodies[1])):
            assert result.aggregate_id is not None
            # a new id: not the command id, nor the stream that records the command
            command_id = UUID(body["command_id"])
            assert result.aggregate_id not in (command_id, command_record_id(command_id))
            [received] = ledger.history(result.aggregate_id)
            assert received.event_type == "ComplaintReceived"
            assert event_as(received, ComplaintReceived).complaint_id == result.aggregate_id

    def test_a_chosen_id_is_used(self, ledger: Opsledger) -> None:
        chosen = uuid4()

        result = accept(ledger, command("register", aggregate_id=str(chosen)))

        assert (result.aggregate_id, result.version) == (chosen, 1)
        assert [r.originator_id for r in ledger.history(chosen)] == [chosen]

    def test_an_id_in_use_is_refused_and_nothing_appended(
        self, ledger: Opsledger, clock: FixedClock
    ) -> None:
        complaint_id = drive(ledger, clock, to="acknowledged")
        before = LedgerReading.take(ledger, [complaint_id])

        result = ledger.submit(command("register", aggregate_id=str(complaint_id)))

        assert (result.ok, result.code) == (False, "invalid_transition")
        assert LedgerReading.take(ledger, [complaint_id]) == before

    def test_the_id_of_another_kind_of_stream_is_refused(self, ledger: Opsledger) -> None:
        registered = command("register")
        accept(ledger, registered)
        record_stream = command_record_id(UUID(registered["command_id"]))

        result = ledger.submit(command("register", aggregate_id=str(record_stream)))

        assert not result.ok
        assert len(ledger.history(record_stream)) == 1


class TestSomeCommandsNeedAReason:
    """close_unresolved, reopen and escalate need a non-blank reason (`invalid_command` naming
    `reason`); with one they are accepted."""

    @pytest.mark.parametrize(
        ("verb", "status"),
        [
            ("close_unresolved", "resolution_proposed"),
            ("reopen", "closed"),
            ("escalate", "assigned"),
        ],
    )
    def test_refused_without_a_reason_and_accepted_with_one(
        self, ledger: Opsledger, clock: FixedClock, verb: str, status: str
    ) -> None:
        complaint_id = drive(ledger, clock, to=status)
        head = ledger.ledger.recorder.max_notification_id()
        missing = command(verb, complaint_id, drop=["reason"])
        blanks = (None, "", "  \t")
        for body in (missing, *({**missing, "reason": blank} for blank in blanks)):
            refused = ledger.submit(body)

            assert (refused.ok, refused.code) == (False, "invalid_command"), body
            assert set(refused.details["fields"]) == {"reason"}
        assert ledger.ledger.recorder.max_notification_id() == head
        assert ledger.submit(command(verb, complaint_id)).ok
