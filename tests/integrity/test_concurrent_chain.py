"""The chain under concurrent writers (DESIGN §2.2, §2.5): several processes, each with its own
opsledger on the same store, register and acknowledge complaints of their own while racing on
shared ones (one acknowledge and one classify can win each), and throw in appends that must
fail as a whole. Afterwards the log is gap-free from position 1 to N, N is the number of stored
events (the refusals' entries among them), nothing of a failed write was stored, and `verify`
and an independent recomputation both find every link intact."""

from __future__ import annotations

import multiprocessing
from collections import Counter, defaultdict
from multiprocessing.synchronize import Barrier
from typing import Any
from uuid import uuid4

import attrs
import pytest
from eventsourcing.persistence import IntegrityError, StoredEvent

from infrastructure.integrity.verify import verify
from infrastructure.opsledger import Opsledger
from tests.integrity.raw_log import RawLog, chain_problems
from tests.integrity.workload import accept, register, step

pytestmark = pytest.mark.slow

Json = dict[str, Any]

#: Upper bounds on any wait: a hang fails the test instead of the run.
BARRIER_SECONDS = 60.0
POOL_SECONDS = 120.0


@attrs.frozen(kw_only=True)
class Plan:
    """What one worker process does, round by round, in step with the others."""

    url: str
    worker: int
    #: One shared complaint per round (registered by the parent), raced on by every worker.
    shared: tuple[str, ...]
    #: Complaints of its own registered and acknowledged in each round.
    own_per_round: int
    #: Appends in each round that must fail as a whole (a new event beside a taken version).
    failing_per_round: int


@attrs.frozen(kw_only=True)
class Report:
    """What one worker saw."""

    #: (command type, aggregate id, result) for every command sent.
    results: tuple[tuple[str, str, Json], ...]
    failed_writes: int
    #: Aggregate ids that only ever appeared in appends that had to fail.
    never_stored: tuple[str, ...]
    #: Anything that should not have happened.
    unexpected: tuple[str, ...]


_barrier: Barrier | None = None


def _init_worker(barrier: Barrier) -> None:
    global _barrier  # the pool's initializer is the way to hand it to each process
    _barrier = barrier


def _together() -> None:
    """Wait until every worker is here, so that what follows happens at the same time."""
    assert _barrier is not None
    _barrier.wait(timeout=BARRIER_SECONDS)


def run_worker(plan: Plan) -> Report:
    results: list[tuple[str, str, Json]] = []
    never_stored: list[str] = []
    unexpected: list[str] = []
    failed_writes = 0
    _together()
    with Opsledger.open(plan.url) as ledger:
        recorder = ledger.ledger.recorder

        def send(body: Json) -> None:
            try:
                result = ledger.submit(body).to_json()
                results.append((body["type"], body["aggregate_id"], result))
            except Exception as error:  # the handler promises a result, never an exception
                unexpected.append(f"{body['type']}: {type(error).__name__}: {error}")

        for shared in plan.shared:
            _together()
            send(step("acknowledge", shared))
            send(step("classify", shared, expected_version=2))
            own = []
            for _ in range(plan.own_per_round):
                own.append(uuid4())
                send(register(own[-1]))
                send(step("acknowledge", own[-1]))
            for index in range(plan.failing_per_round):
                taken = recorder.select_events(own[index % len(own)], limit=1)[0]
                fresh = StoredEvent(
                    originator_id=uuid4(),
                    originator_version=1,
                    topic=taken.topic,
                    state=taken.state,
                )
                never_stored.append(str(fresh.originator_id))
                try:
                    recorder.insert_events([fresh, taken])
                except IntegrityError:
                    failed_writes += 1
                else:
                    unexpected.append(f"an append with a taken version was stored: {taken}")
    return Report(
        results=tuple(results),
        failed_writes=failed_writes,
        never_stored=tuple(never_stored),
        unexpected=tuple(unexpected),
    )


def run(url: str, *, workers: int, rounds: int, own_per_round: int, failing: int) -> None:
    # The schema is created once, here, before any worker starts; the shared complaints too.
    with Opsledger.open(url) as ledger:
        shared = [uuid4() for _ in range(rounds)]
        for complaint in shared:
            accept(ledger, register(complaint))
    with RawLog(url) as raw:
        setup_events = raw.size()

    plans = [
        Plan(
            url=url,
            worker=worker,
            shared=tuple(str(c) for c in shared),
            own_per_round=own_per_round,
            failing_per_round=failing,
        )
        for worker in range(workers)
    ]
    context = multiprocessing.get_context("spawn")
    with context.Pool(
        workers, initializer=_init_worker, initargs=(context.Barrier(workers),)
    ) as pool:
        reports: list[Report] = pool.map_async(run_worker, plans, chunksize=1).get(
            timeout=POOL_SECONDS
        )

    unexpected = [problem for report in reports for problem in report.unexpected]
    assert not unexpected, unexpected[:5]
    results = [result for report in reports for result in report.results]
    check_races(results, workers=workers, shared=len(shared))
    assert sum(report.failed_writes for report in reports) == workers * rounds * failing

    accepted = [result for _, _, result in results if result["ok"]]
    refused = [result for _, _, result in results if not result["ok"]]
    # Each accepted command appended its events and its record, each refused one its entry in
    # the security log; nothing else was appended.
    expected_events = (
        setup_events + sum(len(result["events"]) + 1 for result in accepted) + len(refused)
    )

    with RawLog(url) as raw:
        rows = raw.rows()
        assert raw.size() == len(rows)
        (highest,) = raw.query("SELECT max({position}) FROM {table}")[0]
    positions = [row.position for row in rows]
    assert positions == list(range(1, len(rows) + 1)), "positions are not exactly 1..N"
    assert highest == len(rows) == expected_events
    assert [row.topic for row in rows].count("CommandRefused") == len(refused) > 0
    assert chain_problems(rows) == []
    stored_ids = {str(row.originator_id) for row in rows}
    never_stored = {i for report in reports for i in report.never_stored}
    assert not never_stored & stored_ids, "part of a failed append was stored"

    with Opsledger.open(url) as ledger:
        result = verify(ledger.database)
    assert result.ok, result.finding
    assert result.checked == result.head.position == len(rows)


def check_races(results: list[tuple[str, str, Json]], *, workers: int, shared: int) -> None:
    """Own complaints: every command accepted. Shared ones: one acknowledge and one classify
    won each; every other writer was refused for the transition or the version."""
    outcomes: dict[tuple[str, str], list[Json]] = defaultdict(list)
    for command_type, aggregate_id, result in results:
        outcomes[command_type, aggregate_id].append(result)
    raced = {key: found for key, found in outcomes.items() if len(found) > 1}
    assert len(raced) == 2 * shared, sorted(raced)
    for (command_type, complaint), found in raced.items():
        assert len(found) == workers, (command_type, complaint)
        assert sum(1 for r in found if r["ok"]) == 1, (command_type, complaint, found)
        refused = Counter(r["error"]["code"] for r in found if not r["ok"])
        allowed = (
            {"concurrency_conflict"}
            if command_type == "complaint.classify"
            else {"invalid_transition", "concurrency_conflict"}
        )
        assert set(refused) <= allowed, (command_type, complaint, found)
    for (command_type, complaint), found in outcomes.items():
        if (command_type, complaint) not in raced:
            assert all(r["ok"] for r in found), (command_type, complaint, found)


@pytest.mark.postgres
def test_four_processes_on_postgresql(pg_url: str) -> None:
    run(pg_url, workers=4, rounds=10, own_per_round=4, failing=2)


def test_two_processes_on_sqlite(sqlite_url: str) -> None:
    run(sqlite_url, workers=2, rounds=10, own_per_round=4, failing=2)
