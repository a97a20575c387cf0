"""What the concurrent writers were told, checked against the rules and against the log."""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any
from uuid import UUID

from application.command_record import command_record_id
from application.commands.catalogue import COMMANDS
from application.commands.complaint import COMPLAINT
from application.commands.payloads import decode
from application.commands.spec import Context
from application.envelope import read_envelope
from domain.shared.recorded import Recorded
from infrastructure.opsledger import Opsledger
from tests.reliability.concurrent_writers.envelopes import Json
from tests.reliability.concurrent_writers.scenario import Scenario
from tests.reliability.concurrent_writers.workers import Outcome

ALLOWED_REFUSALS = frozenset({"concurrency_conflict", "rule_violation", "invalid_transition"})
#: What a process that sent the very same command as another may be told instead of the first
#: result: nothing at all.
TOLERATED_IDEMPOTENCY_RACE: frozenset[str] = frozenset()


def _code(result: Json) -> str | None:
    error = result.get("error")
    return str(error["code"]) if isinstance(error, dict) else None


def check_answers(outcomes: Sequence[Outcome], *, workers: int) -> None:
    """Every answer is accepted or an allowed refusal; each phase's own rule holds."""
    unexpected = [
        (phase, envelope["type"], result)
        for phase, envelope, result in outcomes
        if result.get("ok") is not True and _code(result) not in ALLOWED_REFUSALS
    ]
    assert not unexpected, f"{len(unexpected)} unexpected answers, e.g. {unexpected[:5]}"

    # (a) a command without business time is dated at the later of now and the complaint's
    # last event, so another process's clock running ahead never refuses it; and one without
    # expected_version keeps deciding again after lost races rather than giving up.
    for phase, envelope, result in outcomes:
        if phase != "contested" or "occurred_at" in envelope or result.get("ok"):
            continue
        details = result["error"]["details"]
        assert "previous_occurred_at" not in details, (envelope, result)
        if "expected_version" not in envelope:
            assert _code(result) != "concurrency_conflict", (envelope, result)

    # (a) a command with expected_version is applied exactly on that version, or refused
    # with concurrency_conflict (the version check comes before any rule).
    for phase, envelope, result in outcomes:
        if phase != "contested" or "expected_version" not in envelope:
            continue
        if result["ok"]:
            applied_on = result["version"] - len(result["events"])
            assert applied_on == envelope["expected_version"], (envelope, result)
        else:
            assert _code(result) == "concurrency_conflict", (envelope, result)

    # (b) exactly one winner per complaint and command type; every loser is told why.
    races: dict[tuple[str, str], list[Json]] = defaultdict(list)
    for phase, envelope, result in outcomes:
        if phase == "race":
            races[envelope["aggregate_id"], envelope["type"]].append(result)
    for (complaint_id, command_type), results in races.items():
        assert len(results) == workers, (complaint_id, command_type, results)
        winners = [r for r in results if r["ok"]]
        assert len(winners) == 1, (complaint_id, command_type, results)
        losers = Counter(_code(r) for r in results if not r["ok"])
        assert losers == {"invalid_transition": workers - 1}, (complaint_id, command_type, losers)

    # (c) the same command id from every worker: one accepted result, given to all of them.
    # (That exactly one set of events was appended is checked against the log.)
    shared: dict[str, list[Json]] = defaultdict(list)
    for phase, envelope, result in outcomes:
        if phase == "shared":
            shared[envelope["command_id"]].append(result)
    for command_id, results in shared.items():
        assert len(results) == workers, (command_id, results)
        accepted = [r for r in results if r["ok"]]
        assert accepted, f"command {command_id} was sent {workers} times and never accepted"
        different = [r for r in accepted if r != accepted[0]]
        assert not different, f"command {command_id} got different results: {results}"
        refused = Counter(_code(r) for r in results if not r["ok"])
        assert set(refused) <= TOLERATED_IDEMPOTENCY_RACE, (
            f"command {command_id} was accepted and also refused: {results}"
        )


def _accepted(outcomes: Iterable[Outcome]) -> dict[str, tuple[Json, Json]]:
    """Accepted commands by command id (a command sent several times counts once)."""
    accepted: dict[str, tuple[Json, Json]] = {}
    for _, envelope, result in outcomes:
        if result.get("ok") is True:
            accepted.setdefault(envelope["command_id"], (envelope, result))
    return accepted


def _replay(complaint_id: str, commands: list[tuple[Json, Json]], history: list[Recorded]) -> Any:
    """Re-decide the accepted commands in the order of their versions, each on the state the
    ones before it made; the events decided must be exactly the stored events."""
    by_command: dict[str, list[Recorded]] = defaultdict(list)
    for recorded in history:
        by_command[str(recorded.command_id)].append(recorded)
    state: Any = None
    for envelope, result in sorted(commands, key=lambda pair: int(pair[1]["version"])):
        stored = by_command[envelope["command_id"]]
        command = read_envelope(envelope)
        spec = COMMANDS[command.type]
        payload: Any = decode(spec.payload, command.payload)
        context = Context(
            aggregate_id=UUID(complaint_id),
            actor=command.actor,
            at=stored[0].occurred_at,
            reason=command.reason,
        )
        decided = spec.decide(state, context, payload)
        assert decided == [r.event for r in stored], (envelope, result)
        state = COMPLAINT.fold(state, decided)
    return state


def check_log(scenario: Scenario, outcomes: Sequence[Outcome]) -> dict[str, int]:
    """No lost update, nothing applied twice, gap-free versions, replay equals the stored
    state, and the global log holds every stored event exactly once. Returns a few counts."""
    accepted = _accepted([*scenario.setup, *outcomes])
    expected_log: set[tuple[str, int]] = set()
    with Opsledger.open(scenario.url) as ledger:
        for complaint_id in scenario.complaint_ids:
            history = ledger.history(UUID(complaint_id))
            versions = [r.originator_version for r in history]
            assert versions == list(range(1, len(history) + 1)), (complaint_id, versions)

            mine = [
                (envelope, result)
                for envelope, result in accepted.values()
                if result["aggregate_id"] == complaint_id
            ]
            # Nothing lost, nothing twice: one stored event per event of an accepted command.
            assert len(history) == sum(len(result["events"]) for _, result in mine), complaint_id
            stored_by_command: dict[str, list[Recorded]] = defaultdict(list)
            for recorded in history:
                stored_by_command[str(recorded.command_id)].append(recorded)
            # Only accepted commands left events; refused ones appended nothing.
            assert set(stored_by_command) == {e["command_id"] for e, _ in mine}, complaint_id
            for envelope, result in mine:
                stored = stored_by_command[envelope["command_id"]]
                assert [r.event_type for r in stored] == result["events"], (envelope, result)
                assert stored[-1].originator_version == result["version"], (envelope, result)

            replayed = _replay(complaint_id, mine, history)
            _, loaded = ledger.state(UUID(complaint_id))
            assert loaded.version == len(history)
            assert loaded.state == COMPLAINT.fold(None, [r.event for r in history])
            assert loaded.state == replayed, complaint_id
            expected_log.update((complaint_id, v) for v in versions)

        # Every accepted command has exactly one record, stored beside its events.
        for command_id in accepted:
            record_id = command_record_id(UUID(command_id))
            records = ledger.ledger.history(record_id)
            assert [r.originator_version for r in records] == [1], command_id
            expected_log.add((str(record_id), 1))

        recorder = ledger.ledger.recorder
        positions: list[int] = []
        logged: list[tuple[str, int]] = []
        refusal_streams: list[tuple[object, int]] = []
        start = 0
        while True:
            page = recorder.select_notifications(start, 500, inclusive_of_start=False)
            if not page:
                break
            positions.extend(n.id for n in page)
            logged.extend(
                (str(n.originator_id), n.originator_version)
                for n in page
                if n.topic != "CommandRefused"
            )
            refusal_streams.extend(
                (n.originator_id, n.originator_version) for n in page if n.topic == "CommandRefused"
            )
            start = page[-1].id
        assert all(a < b for a, b in itertools.pairwise(positions)), positions
        assert recorder.max_notification_id() == positions[-1]
        twice = [key for key, count in Counter(logged).items() if count > 1]
        assert not twice, f"events in the log more than once: {twice[:5]}"
        # The log holds exactly the events of the histories and the command records: nothing
        # from a refused command, nothing lost; and one entry of its own per refusal.
        assert set(logged) == expected_log
        refused = [
            result
            for _, _, result in [*scenario.setup, *outcomes]
            if not result["ok"] and _code(result) != "store_unavailable"
        ]
        assert len(refusal_streams) == len(refused)
        assert {version for _, version in refusal_streams} <= {1}
        assert len({stream for stream, _ in refusal_streams}) == len(refusal_streams)
    return {"accepted": len(accepted), "events": len(logged)}


def summarise(outcomes: Sequence[Outcome]) -> Counter[tuple[str, str, str]]:
    return Counter(
        (phase, envelope["type"], "ok" if result.get("ok") else str(_code(result)))
        for phase, envelope, result in outcomes
    )
