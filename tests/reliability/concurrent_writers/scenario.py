"""The concurrent run's set-up in the parent, and the worker processes run on it."""

from __future__ import annotations

import multiprocessing
import uuid
from datetime import UTC, datetime, timedelta

import attrs

from infrastructure.opsledger import Opsledger
from tests.reliability.concurrent_writers.envelopes import (
    SETUP_ACTOR,
    Json,
    acknowledge_envelope,
    command_envelope,
    register_envelope,
)
from tests.reliability.concurrent_writers.workers import (
    POOL_SECONDS,
    Outcome,
    Plan,
    init_worker,
    run_worker,
)


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
                register_envelope(complaint_id, actor=SETUP_ACTOR, at=at),
                acknowledge_envelope(complaint_id, actor=SETUP_ACTOR, at=at),
                command_envelope(
                    "complaint.classify",
                    complaint_id,
                    {"category": "product_quality", "severity": "medium"},
                    actor=SETUP_ACTOR,
                    occurred_at=at,
                ),
                command_envelope(
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
                register_envelope(complaint_id, actor=SETUP_ACTOR, at=at),
                acknowledge_envelope(complaint_id, actor=SETUP_ACTOR, at=at),
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
    with context.Pool(workers, initializer=init_worker, initargs=initargs) as pool:
        per_worker = pool.map_async(run_worker, plans, chunksize=1).get(timeout=POOL_SECONDS)
    return [outcome for outcomes in per_worker for outcome in outcomes]
