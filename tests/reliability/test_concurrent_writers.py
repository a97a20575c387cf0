"""Concurrent writers on the same complaints (DESIGN §5, reliability bar 1).

Several processes, each with its own opsledger on the same store, send conflicting commands to
the same few complaints at the same time:

(a) contested: escalate and classify with the `expected_version` read just before, and escalate
    and assign without it (the handler re-decides those after losing a race);
(b) races only one can win: every process registers and then acknowledges the same new
    complaint, each with its own command id;
(c) idempotency under race: every process sends the very same envelope (same command id).

The parent then checks the outcome against the log: every answer is accepted or refused with
`concurrency_conflict`, `rule_violation` or `invalid_transition`, never anything else; no update
is lost and no command is applied twice; versions are gap-free; replaying the accepted commands
in version order through their decisions gives exactly the stored events and the final state;
and the global log holds every stored event exactly once, in strictly increasing positions.

Deterministic tests at the end of the file pin three races this run once brought up: the same
command accepted meanwhile by another process, a lost race decided again at the clock's now,
and several processes opening the store at the same moment.
"""

from __future__ import annotations

import itertools
import multiprocessing
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from multiprocessing.synchronize import Barrier
from typing import Any
from uuid import UUID

import attrs
import pytest

from application.command_record import command_record_id
from application.commands.catalogue import COMMANDS
from application.commands.complaint import COMPLAINT
from application.commands.spec import Context
from application.envelope import read_envelope
from application.payload import read_fields
from domain.shared.recorded import Recorded
from infrastructure.opsledger import Opsledger

Json = dict[str, Any]
#: What a worker saw: (phase, envelope sent, result JSON or {"exception": ...}).
Outcome = tuple[str, Json, Json]

ALLOWED_REFUSALS = frozenset({"concurrency_conflict", "rule_violation", "invalid_transition"})
#: What a process that sent the very same command as another may be told instead of the first
#: result: nothing at all.
TOLERATED_IDEMPOTENCY_RACE: frozenset[str] = frozenset()
SEVERITIES = ("low", "medium", "high", "critical")
CATEGORIES = ("product_quality", "delivery", "service", "billing", "other")

#: Upper bound on any one wait at a barrier or for the pool: a hang fails the test, never the run.
BARRIER_SECONDS = 60.0
POOL_SECONDS = 120.0

SETUP_ACTOR: Json = {
    "id": "u-service-lead",
    "roles": ["customer_service", "service_manager"],
    "department": "service",
}


def _actor(worker: int) -> Json:
    return {
        "id": f"u-service-{worker}",
        "roles": ["customer_service", "service_manager"],
        "department": "service",
    }


def _envelope(
    command_type: str,
    aggregate_id: str,
    payload: Json,
    *,
    actor: Json,
    expected_version: int | None = None,
    occurred_at: str | None = None,
    reason: str | None = None,
    command_id: str | None = None,
) -> Json:
    envelope: Json = {
        "type": command_type,
        "command_id": command_id or str(uuid.uuid4()),
        "aggregate_id": aggregate_id,
        "actor": actor,
        "payload": payload,
    }
    if expected_version is not None:
        envelope["expected_version"] = expected_version
    if occurred_at is not None:
        envelope["occurred_at"] = occurred_at
    if reason is not None:
        envelope["reason"] = reason
    return envelope


def _register(
    aggregate_id: str, *, actor: Json, at: str | None = None, command_id: str | None = None
) -> Json:
    return _envelope(
        "complaint.register",
        aggregate_id,
        {
            "customer_id": "c-4711",
            "channel": "phone",
            "summary": "冰箱送达时门已凹陷",
            "remedy_sought": "replacement",
        },
        actor=actor,
        occurred_at=at,
        command_id=command_id,
    )


def _acknowledge(
    aggregate_id: str, *, actor: Json, at: str | None = None, command_id: str | None = None
) -> Json:
    return _envelope(
        "complaint.acknowledge",
        aggregate_id,
        {"message": "We are sorry; we are looking into it."},
        actor=actor,
        occurred_at=at,
        command_id=command_id,
    )


@attrs.frozen(kw_only=True)
class Plan:
    """What one worker process sends; built in the parent, pickled to the worker."""

    url: str
    worker: int
    #: (a) complaints already assigned, fought over with escalate/classify/assign.
    contested: tuple[str, ...]
    contested_rounds: int
    contested_seconds: float
    #: (b) new complaint ids every worker registers and acknowledges with its own command ids.
    race_targets: tuple[str, ...]
    #: (c) (register, acknowledge) envelopes every worker sends exactly as given.
    shared: tuple[tuple[Json, Json], ...]
    #: business time of the setup and of (b) and (c); (a) uses the clock's now.
    occurred_at: str


# ---------------------------------------------------------------------------------------------
# The worker process


_barrier: Barrier | None = None


def _init_worker(barrier: Barrier) -> None:
    global _barrier  # the pool's initializer is the only way to hand it over
    _barrier = barrier


def _together() -> None:
    """Wait until every worker is here, so that what follows happens at the same time."""
    assert _barrier is not None
    _barrier.wait(timeout=BARRIER_SECONDS)


def run_worker(plan: Plan) -> list[Outcome]:
    """Send the plan's commands in tight loops; return every envelope with what it got."""
    outcomes: list[Outcome] = []
    actor = _actor(plan.worker)
    # Every worker opens the store at the same moment, as services do after a deploy.
    _together()
    ledger = Opsledger.open(plan.url)
    with ledger:

        def send(phase: str, envelope: Json) -> None:
            try:
                result = ledger.submit(envelope).to_json()
            except Exception as error:  # the handler promises an answer, never an exception
                result = {"exception": f"{type(error).__name__}: {error}"}
            outcomes.append((phase, envelope, result))

        # (a) contested complaints, every worker on the same complaint in the same round.
        _together()
        deadline = time.monotonic() + plan.contested_seconds
        for round_ in range(plan.contested_rounds):
            if time.monotonic() > deadline:
                break
            complaint_id = plan.contested[round_ % len(plan.contested)]
            _, loaded = ledger.state(UUID(complaint_id))
            level = loaded.state.escalation_level + 1
            choice = (round_ + plan.worker) % 4
            if choice == 0:
                envelope = _envelope(
                    "complaint.escalate",
                    complaint_id,
                    {"level": level},
                    actor=actor,
                    expected_version=loaded.version,
                    reason="the customer called again",
                )
            elif choice == 1:
                envelope = _envelope(
                    "complaint.classify",
                    complaint_id,
                    {
                        "category": CATEGORIES[round_ % len(CATEGORIES)],
                        "severity": SEVERITIES[(round_ + plan.worker) % len(SEVERITIES)],
                    },
                    actor=actor,
                    expected_version=loaded.version,
                )
            elif choice == 2:
                envelope = _envelope(
                    "complaint.escalate",
                    complaint_id,
                    {"level": level},
                    actor=actor,
                    reason="the customer wrote to the CEO",
                )
            else:
                envelope = _envelope(
                    "complaint.assign",
                    complaint_id,
                    {"department": "quality", "assignee_id": f"u-eng-{plan.worker}-{round_}"},
                    actor=actor,
                )
            send("contested", envelope)

        # (b) only one can win: the same new complaint, each worker with its own command ids.
        for complaint_id in plan.race_targets:
            _together()
            send("race", _register(complaint_id, actor=actor, at=plan.occurred_at))
            _together()
            send("race", _acknowledge(complaint_id, actor=actor, at=plan.occurred_at))

        # (c) the very same envelope from every worker at once.
        for register, acknowledge in plan.shared:
            _together()
            send("shared", register)
            _together()
            send("shared", acknowledge)
    return outcomes


# ---------------------------------------------------------------------------------------------
# The parent: set-up, run, verify


@attrs.frozen(kw_only=True)
class Scenario:
    url: str
    setup: list[Outcome]
    contested: tuple[str, ...]
    race_targets: tuple[str, ...]
    shared: tuple[tuple[Json, Json], ...]
    occurred_at: str

    @property
    def complaint_ids(self) -> list[str]:
        shared_ids = [register["aggregate_id"] for register, _ in self.shared]
        return [*self.contested, *self.race_targets, *shared_ids]


def prepare(url: str, *, contested: int, races: int, shared: int) -> Scenario:
    """Create the schema, then bring `contested` complaints to `assigned`."""
    Opsledger.open(url).close()  # schema first, before several processes race to create it
    at = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    setup: list[Outcome] = []
    contested_ids = tuple(str(uuid.uuid4()) for _ in range(contested))
    with Opsledger.open(url) as ledger:
        for complaint_id in contested_ids:
            for envelope in (
                _register(complaint_id, actor=SETUP_ACTOR, at=at),
                _acknowledge(complaint_id, actor=SETUP_ACTOR, at=at),
                _envelope(
                    "complaint.classify",
                    complaint_id,
                    {"category": "product_quality", "severity": "medium"},
                    actor=SETUP_ACTOR,
                    occurred_at=at,
                ),
                _envelope(
                    "complaint.assign",
                    complaint_id,
                    {"department": "quality", "assignee_id": "u-eng-0"},
                    actor=SETUP_ACTOR,
                    occurred_at=at,
                ),
            ):
                result = ledger.submit(envelope).to_json()
                assert result["ok"], result
                setup.append(("setup", envelope, result))
    shared_envelopes = []
    for _ in range(shared):
        complaint_id = str(uuid.uuid4())
        shared_envelopes.append(
            (
                _register(complaint_id, actor=SETUP_ACTOR, at=at),
                _acknowledge(complaint_id, actor=SETUP_ACTOR, at=at),
            )
        )
    return Scenario(
        url=url,
        setup=setup,
        contested=contested_ids,
        race_targets=tuple(str(uuid.uuid4()) for _ in range(races)),
        shared=tuple(shared_envelopes),
        occurred_at=at,
    )


def run_workers(scenario: Scenario, *, workers: int, rounds: int, seconds: float) -> list[Outcome]:
    """Run `workers` spawned processes on the scenario; every outcome they report."""
    plans = [
        Plan(
            url=scenario.url,
            worker=worker,
            contested=scenario.contested,
            contested_rounds=rounds,
            contested_seconds=seconds,
            race_targets=scenario.race_targets,
            shared=scenario.shared,
            occurred_at=scenario.occurred_at,
        )
        for worker in range(workers)
    ]
    # spawn, not fork: forking a process that already holds a connection pool hangs.
    context = multiprocessing.get_context("spawn")
    initargs = (context.Barrier(workers),)
    with context.Pool(workers, initializer=_init_worker, initargs=initargs) as pool:
        per_worker = pool.map_async(run_worker, plans, chunksize=1).get(timeout=POOL_SECONDS)
    return [outcome for outcomes in per_worker for outcome in outcomes]


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
        payload, problems = read_fields(spec.fields, command.payload, prefix="payload.")
        assert not problems, problems
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
        start = 0
        while True:
            page = recorder.select_notifications(start, 500, inclusive_of_start=False)
            if not page:
                break
            positions.extend(n.id for n in page)
            logged.extend((str(n.originator_id), n.originator_version) for n in page)
            start = page[-1].id
        assert all(a < b for a, b in itertools.pairwise(positions)), positions
        assert recorder.max_notification_id() == positions[-1]
        twice = [key for key, count in Counter(logged).items() if count > 1]
        assert not twice, f"events in the log more than once: {twice[:5]}"
        # The log holds exactly the events of the histories and the command records: nothing
        # from a refused command, nothing lost.
        assert set(logged) == expected_log
    return {"accepted": len(accepted), "events": len(logged)}


def _summary(outcomes: Sequence[Outcome]) -> Counter[tuple[str, str, str]]:
    return Counter(
        (phase, envelope["type"], "ok" if result.get("ok") else str(_code(result)))
        for phase, envelope, result in outcomes
    )


def run_scenario(
    url: str, *, workers: int, contested: int, rounds: int, seconds: float, races: int, shared: int
) -> None:
    scenario = prepare(url, contested=contested, races=races, shared=shared)
    outcomes = run_workers(scenario, workers=workers, rounds=rounds, seconds=seconds)
    summary = _summary(outcomes)
    print(*sorted(summary.items()), sep="\n")
    check_answers(outcomes, workers=workers)
    check_log(scenario, outcomes)
    # The contest was real: something was accepted and some writer lost on the contested ones.
    codes = Counter[str]()
    for (phase, _, code), count in summary.items():
        if phase == "contested":
            codes[code] += count
    assert codes["ok"] > 0, summary
    assert codes.total() > codes["ok"], summary


@pytest.mark.slow
@pytest.mark.postgres
def test_concurrent_writers_on_postgresql(pg_url: str) -> None:
    run_scenario(pg_url, workers=4, contested=3, rounds=80, seconds=20.0, races=10, shared=10)


@pytest.mark.slow
def test_concurrent_writers_on_sqlite(sqlite_url: str) -> None:
    run_scenario(sqlite_url, workers=2, contested=2, rounds=60, seconds=10.0, races=6, shared=6)


class TickingClock:
    """A clock one second later at every reading, as a real clock is between two commands."""

    def __init__(self) -> None:
        self.current = datetime(2026, 7, 1, 1, 30, tzinfo=UTC)

    def now(self) -> datetime:
        self.current += timedelta(seconds=1)
        return self.current


def test_a_command_that_loses_a_race_is_decided_again_at_the_clock_s_now(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Deterministic form of a race the concurrent run above hits now and then: another writer
    commits between this command's decision and its append. `complaint.assign` may repeat, so
    after reloading, the command must be accepted on top of the other writer's assignment."""
    clock = TickingClock()
    with (
        Opsledger.open(store_url, clock=clock) as first,
        Opsledger.open(store_url, clock=clock) as second,
    ):
        complaint_id = str(uuid.uuid4())
        for envelope in (
            _register(complaint_id, actor=SETUP_ACTOR),
            _acknowledge(complaint_id, actor=SETUP_ACTOR),
            _envelope(
                "complaint.classify",
                complaint_id,
                {"category": "delivery", "severity": "high"},
                actor=SETUP_ACTOR,
            ),
        ):
            assert first.submit(envelope).ok

        def assign(worker: int) -> Json:
            return _envelope(
                "complaint.assign",
                complaint_id,
                {"department": "logistics", "assignee_id": f"u-eng-{worker}"},
                actor=_actor(worker),
            )

        original_append = first.ledger.append

        def another_writer_gets_in_first(recorded: Sequence[Recorded]) -> list[int]:
            monkeypatch.setattr(first.ledger, "append", original_append)  # lose only once
            assert second.submit(assign(2)).ok
            return original_append(recorded)

        monkeypatch.setattr(first.ledger, "append", another_writer_gets_in_first)
        result = first.submit(assign(1)).to_json()

        assert result == {
            "ok": True,
            "aggregate_id": complaint_id,
            "version": 5,
            "events": ["ComplaintAssigned"],
        }
        history = first.history(UUID(complaint_id))
        assert [r.event_type for r in history][-2:] == ["ComplaintAssigned", "ComplaintAssigned"]


def open_and_close_repeatedly(url_and_rounds: tuple[str, int]) -> list[str]:
    """Open and close opsledger at the same moment as the other workers; the errors seen."""
    url, rounds = url_and_rounds
    errors: list[str] = []
    for _ in range(rounds):
        _together()
        try:
            Opsledger.open(url).close()
        except Exception as error:
            errors.append(f"{type(error).__name__}: {error}")
    return errors


@pytest.mark.slow
@pytest.mark.postgres
def test_several_processes_can_open_the_store_at_the_same_time(pg_url: str) -> None:
    """Services and projection processes start together after a deploy; each opens the store."""
    Opsledger.open(pg_url).close()  # the schema exists: this is a plain restart, not a first use
    workers, rounds = 4, 10
    context = multiprocessing.get_context("spawn")
    initargs = (context.Barrier(workers),)
    with context.Pool(workers, initializer=_init_worker, initargs=initargs) as pool:
        per_worker = pool.map_async(
            open_and_close_repeatedly, [(pg_url, rounds)] * workers, chunksize=1
        ).get(timeout=POOL_SECONDS)
    errors = [error for errors in per_worker for error in errors]
    assert not errors, f"{len(errors)} of {workers * rounds} opens failed, e.g. {errors[:3]}"


@pytest.mark.parametrize("command", ["complaint.register", "complaint.acknowledge"])
def test_the_same_command_sent_twice_at_once_gets_the_first_result_both_times(
    store_url: str, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    """Deterministic form of phase (c) above: the other copy commits after this one decided
    and before it appends."""
    with Opsledger.open(store_url) as first, Opsledger.open(store_url) as second:
        complaint_id = str(uuid.uuid4())
        at = datetime.now(UTC).isoformat()
        if command == "complaint.register":
            envelope = _register(complaint_id, actor=SETUP_ACTOR, at=at)
            read = "append"  # a create reads nothing first
        else:
            assert first.submit(_register(complaint_id, actor=SETUP_ACTOR, at=at)).ok
            envelope = _acknowledge(complaint_id, actor=SETUP_ACTOR, at=at)
            read = "append"  # decided on the state this process has cached, then appended
        original_read = getattr(first.ledger, read)
        other: list[Json] = []

        def the_other_copy_commits_first(*args: Any, **kwargs: Any) -> Any:
            monkeypatch.setattr(first.ledger, read, original_read)
            other.append(second.submit(envelope).to_json())
            return original_read(*args, **kwargs)

        monkeypatch.setattr(first.ledger, read, the_other_copy_commits_first)
        result = first.submit(envelope).to_json()

        assert other, f"the other copy was not sent: {read} was not called"
        assert other[0]["ok"], other
        assert result == other[0]
        history = first.history(UUID(complaint_id))
        assert [str(r.command_id) for r in history].count(envelope["command_id"]) == 1
