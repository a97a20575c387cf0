"""P6: how long `Ledger.load` takes for one aggregate of many events (from its snapshot)."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from statistics import median

from application.commands.complaint import COMPLAINT
from domain.complaint.events import ComplaintEscalated
from domain.shared.actor import Actor, Role
from domain.shared.recorded import Recorded
from infrastructure.bench.errors import BenchError, WorkloadRefused
from infrastructure.bench.p1_commands import ACTOR, complaint_commands
from infrastructure.bench.report import Figure
from infrastructure.bench.sizes import Sizes
from infrastructure.opsledger import Opsledger

#: DESIGN §5: p50 of loading a 10,000-event aggregate within 2 ms (with snapshots).
P6_BAR_MS = 2.0

#: Escalations appended per save while building the aggregate.
BUILD_BATCH = 500


def build_complaint(opsledger: Opsledger, *, events: int) -> uuid.UUID:
    """A complaint of `events` events: registered by a command, then escalated level after level.

    The escalations are appended straight to the log, BUILD_BATCH per save: as commands each
    would re-load the growing complaint first, which is quadratic, and only loading is measured.
    """
    register = complaint_commands(1)[0]
    result = opsledger.submit(register)
    if not result.ok or result.aggregate_id is None:
        raise WorkloadRefused(f"opsledger refused the bench's register: {result.message}")
    complaint = result.aggregate_id
    actor = Actor(
        id=str(ACTOR["id"]), roles=frozenset({Role.CUSTOMER_SERVICE}), department="service"
    )
    version = 1
    while version < events:
        at = opsledger.clock.now()
        command_id = uuid.uuid4()
        last = min(events, version + BUILD_BATCH)
        opsledger.ledger.append(
            [
                Recorded(
                    originator_id=complaint,
                    originator_version=number,
                    recorded_at=at,
                    event=ComplaintEscalated(occurred_at=at, actor=actor, level=number - 1),
                    command_id=command_id,
                    correlation_id=command_id,
                    reason="bench: a long-lived complaint",
                )
                for number in range(version + 1, last + 1)
            ]
        )
        version = last
    return complaint


def measure_p6(
    opsledger: Opsledger, *, sizes: Sizes, runs: int, progress: Callable[[str], None]
) -> Figure:
    """Median over the runs of each run's p50 load time, in milliseconds."""
    store = opsledger.store.kind
    events = sizes.aggregate_events
    started = time.perf_counter()
    complaint = build_complaint(opsledger, events=events)
    built = time.perf_counter() - started
    loaded = opsledger.ledger.load(COMPLAINT, complaint)  # also warms caches, untimed
    if loaded.version != events:
        raise BenchError(f"the bench's complaint has {loaded.version} events, not {events}")
    per_run: list[float] = []
    for run in range(1, runs + 1):
        samples = []
        for _ in range(sizes.loads):
            before = time.perf_counter()
            opsledger.ledger.load(COMPLAINT, complaint)
            samples.append((time.perf_counter() - before) * 1000)
        per_run.append(median(samples))
        progress(f"{store} P6 run {run}/{runs}: p50 {per_run[-1]:.2f} ms over {len(samples)} loads")
    value = median(per_run)
    return Figure(
        bar="P6",
        store=store,
        value=value,
        unit="ms",
        target=f"≤ {P6_BAR_MS:g} ms (snapshots)",
        met=value <= P6_BAR_MS,
        runs=tuple(per_run),
        size={"events": events, "loads": sizes.loads},
        note=(
            f"N={events:,} events (1 register + {events - 1:,} escalations, built in {built:.1f} s "
            f"by appends of {BUILD_BATCH}); p50 of {sizes.loads} ledger.load calls per run, median "
            f"of {runs} run(s); the untimed first load replays all {events:,} events and leaves "
            "a snapshot, which the timed loads start from"
        ),
    )
