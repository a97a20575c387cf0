"""The worker process of the concurrent run: sends its plan's commands in step with the rest."""

from __future__ import annotations

import time
from multiprocessing.synchronize import Barrier
from uuid import UUID

import attrs

from infrastructure.opsledger import Opsledger
from tests.reliability.concurrent_writers.envelopes import (
    Json,
    acknowledge_envelope,
    command_envelope,
    register_envelope,
    worker_actor,
)

#: What a worker saw: (phase, envelope sent, result JSON or {"exception": ...}).
Outcome = tuple[str, Json, Json]

SEVERITIES = ("low", "medium", "high", "critical")
CATEGORIES = ("product_quality", "delivery", "service", "billing", "other")

#: Upper bound on any one wait at a barrier or for the pool: a hang fails the test, never the run.
BARRIER_SECONDS = 60.0
POOL_SECONDS = 120.0


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


_barrier: Barrier | None = None


def init_worker(barrier: Barrier) -> None:
    global _barrier  # the pool's initializer is the only way to hand it over
    _barrier = barrier


def _together() -> None:
    """Wait until every worker is here, so that what follows happens at the same time."""
    assert _barrier is not None
    _barrier.wait(timeout=BARRIER_SECONDS)


def run_worker(plan: Plan) -> list[Outcome]:
    """Send the plan's commands in tight loops; return every envelope with what it got."""
    outcomes: list[Outcome] = []
    actor = worker_actor(plan.worker)
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
                envelope = command_envelope(
                    "complaint.escalate",
                    complaint_id,
                    {"level": level},
                    actor=actor,
                    expected_version=loaded.version,
                    reason="the customer called again",
                )
            elif choice == 1:
                envelope = command_envelope(
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
                envelope = command_envelope(
                    "complaint.escalate",
                    complaint_id,
                    {"level": level},
                    actor=actor,
                    reason="the customer wrote to the CEO",
                )
            else:
                envelope = command_envelope(
                    "complaint.assign",
                    complaint_id,
                    {"department": "quality", "assignee_id": f"u-eng-{plan.worker}-{round_}"},
                    actor=actor,
                )
            send("contested", envelope)

        # (b) only one can win: the same new complaint, each worker with its own command ids.
        for complaint_id in plan.race_targets:
            _together()
            send("race", register_envelope(complaint_id, actor=actor, at=plan.occurred_at))
            _together()
            send("race", acknowledge_envelope(complaint_id, actor=actor, at=plan.occurred_at))

        # (c) the very same envelope from every worker at once.
        for register, acknowledge in plan.shared:
            _together()
            send("shared", register)
            _together()
            send("shared", acknowledge)
    return outcomes


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
