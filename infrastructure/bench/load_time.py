"""P6: how long `Ledger.load` takes for one aggregate of many events (from its snapshot),
beside loading one of 10 events in the same run: on a complaint, and on a budget."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from statistics import median
from typing import Any

import attrs

from application.commands.budget import BUDGET
from application.commands.complaint import COMPLAINT
from application.kinds import AggregateKind
from application.snapshots import SNAPSHOT_AFTER_EVENTS
from domain.complaint.events import ComplaintEscalated
from domain.shared.actor import Actor, Role
from domain.shared.recorded import Recorded
from infrastructure.bench.budget_workload import (
    ACCOUNT,
    APPROVAL_EVENTS,
    SPEND_BATCH,
    build_budget,
)
from infrastructure.bench.errors import BenchError, WorkloadRefused
from infrastructure.bench.p1_commands import ACTOR, complaint_commands
from infrastructure.bench.report import Figure, StoreKind
from infrastructure.bench.sizes import Sizes
from infrastructure.opsledger import Opsledger

#: DESIGN §5: p50 of loading a 10,000-event aggregate within 2 ms (with snapshots), and within
#: twice the p50 of loading one of 10 events in the same run.
P6_BAR_MS = 2.0
P6_BAR_RATIO = 2.0
P6_BASELINE_EVENTS = 10

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


Progress = Callable[[str], None]


def measure_p6(opsledger: Opsledger, *, sizes: Sizes, runs: int, progress: Progress) -> Figure:
    """P6 on a complaint: N events (a registration, then escalations), beside one of 10."""
    events = sizes.aggregate_events
    started = time.perf_counter()
    complaint = build_complaint(opsledger, events=events)
    built = time.perf_counter() - started
    baseline = build_complaint(opsledger, events=P6_BASELINE_EVENTS)
    loads = _timed_loads(
        opsledger,
        COMPLAINT,
        large=complaint,
        events=events,
        small=baseline,
        small_events=P6_BASELINE_EVENTS,
        sizes=sizes,
        runs=runs,
        progress=progress,
        label="P6",
    )
    return loads.figure(
        variant=None,
        size={"events": events, "loads": sizes.loads, "baseline_events": P6_BASELINE_EVENTS},
        workload=(
            f"N={events:,} events (1 register + {events - 1:,} escalations, built in {built:.1f} s "
            f"by appends of {BUILD_BATCH}); baseline: a complaint of {P6_BASELINE_EVENTS} events "
            "built the same way"
        ),
    )


def measure_p6_budget(
    opsledger: Opsledger, *, sizes: Sizes, runs: int, progress: Progress
) -> Figure:
    """P6 on a budget: approved by three people, then N spends recorded through the command
    handler; beside a budget of 10 events (approved, then 6 spends)."""
    spends = sizes.aggregate_events
    started = time.perf_counter()
    budget = build_budget(opsledger, spends=spends, progress=progress)
    built = time.perf_counter() - started
    baseline = build_budget(opsledger, spends=P6_BASELINE_EVENTS - APPROVAL_EVENTS)
    if baseline.events != P6_BASELINE_EVENTS:
        raise BenchError(f"the bench's small budget has {baseline.events} events")

    def spent_as_built(state: Any) -> None:
        spent = sum(state.spent(ACCOUNT))
        if spent != budget.spent:
            raise BenchError(
                f"the bench's budget has {spent} spent after loading, not the {budget.spent} "
                "its spends add up to"
            )

    loads = _timed_loads(
        opsledger,
        BUDGET,
        large=budget.id,
        events=budget.events,
        small=baseline.id,
        small_events=baseline.events,
        sizes=sizes,
        runs=runs,
        progress=progress,
        label="P6 budget",
        check=spent_as_built,
    )
    return loads.figure(
        variant="budget",
        size={
            "events": budget.events,
            "spends": spends,
            "loads": sizes.loads,
            "baseline_events": baseline.events,
        },
        workload=(
            f"N={spends:,} spends: a budget of {budget.events:,} events (drafted, submitted, "
            f"reviewed by finance, approved by management, then {spends:,} record_spend "
            f"decided by the command handler and appended {SPEND_BATCH} per transaction, built "
            f"in {built:.1f} s; {budget.spent:,} spent, which the loaded state adds up to); "
            f"baseline: a budget of {baseline.events} events (the same four, then "
            f"{baseline.spends} spends)"
        ),
    )


@attrs.frozen(kw_only=True)
class _Loads:
    """Each run's p50 load times of the large aggregate and of the small one, in ms."""

    store: StoreKind
    events: int
    values: tuple[float, ...]
    baselines: tuple[float, ...]
    ratios: tuple[float, ...]
    loads: int
    #: The version of the snapshot the timed loads of the large aggregate start from.
    snapshot_version: int | None

    def figure(self, *, variant: str | None, size: dict[str, int], workload: str) -> Figure:
        value, ratio = median(self.values), median(self.ratios)
        if self.snapshot_version == self.events:
            source = (
                f"the untimed first load replays all {self.events:,} events and leaves a "
                f"snapshot at version {self.snapshot_version:,}, which the timed loads start "
                "from (they give the replay's state)"
            )
        elif self.events < SNAPSHOT_AFTER_EVENTS:
            source = (
                f"with fewer than {SNAPSHOT_AFTER_EVENTS} events no snapshot is left: every "
                "load replays the log"
            )
        else:
            source = (
                f"NO snapshot at version {self.events:,} after the first load (newest: "
                f"{self.snapshot_version}): the timed loads replay the log"
            )
        return Figure(
            bar="P6",
            variant=variant,
            store=self.store,
            value=value,
            unit="ms",
            baseline=median(self.baselines),
            baseline_unit="ms",
            ratio=ratio,
            target=f"≤ {P6_BAR_RATIO:g}x baseline, ≤ {P6_BAR_MS:g} ms",
            met=ratio <= P6_BAR_RATIO and value <= P6_BAR_MS,
            runs=self.values,
            size=size,
            note=(
                f"{workload}; p50 of {self.loads} ledger.load calls of each per run, the two "
                f"taken in turn, median of {len(self.values)} run(s), ratio = median of per-run "
                f"ratios; {source}"
            ),
        )


def _timed_loads(
    opsledger: Opsledger,
    kind: AggregateKind,
    *,
    large: uuid.UUID,
    events: int,
    small: uuid.UUID,
    small_events: int,
    sizes: Sizes,
    runs: int,
    progress: Progress,
    label: str,
    check: Callable[[Any], None] | None = None,
) -> _Loads:
    """Load the large aggregate once untimed (replaying its log and leaving a snapshot), then
    time loads of it and of the small one in turn, `sizes.loads` of each per run."""
    store = opsledger.store.kind
    ledger = opsledger.ledger
    replayed = ledger.load(kind, large)  # also warms caches, untimed
    if replayed.version != events:
        raise BenchError(f"the bench's {kind.name} has {replayed.version} events, not {events}")
    if check is not None:
        check(replayed.state)
    snapshot = opsledger.snapshots.latest(kind, large, upto_version=None)
    if ledger.load(kind, small).version != small_events:
        raise BenchError(f"the bench's small {kind.name} does not have {small_events} events")
    values: list[float] = []
    baselines: list[float] = []
    ratios: list[float] = []
    for run in range(1, runs + 1):
        timings: dict[uuid.UUID, list[float]] = {large: [], small: []}
        for number in range(sizes.loads):
            for aggregate in (large, small) if number % 2 == 0 else (small, large):
                before = time.perf_counter()
                ledger.load(kind, aggregate)
                timings[aggregate].append((time.perf_counter() - before) * 1000)
        values.append(median(timings[large]))
        baselines.append(median(timings[small]))
        ratios.append(values[-1] / baselines[-1])
        progress(
            f"{store} {label} run {run}/{runs}: p50 {values[-1]:.3f} ms at {events:,} events, "
            f"{baselines[-1]:.3f} ms at {small_events}, ratio {ratios[-1]:.3f} "
            f"over {sizes.loads} loads of each"
        )
    reloaded = ledger.load(kind, large)
    if reloaded.version != events or reloaded.state != replayed.state:
        raise BenchError(
            f"loading the bench's {kind.name} from its snapshot gives another state than "
            "replaying its log"
        )
    return _Loads(
        store=store,
        events=events,
        values=tuple(values),
        baselines=tuple(baselines),
        ratios=tuple(ratios),
        loads=sizes.loads,
        snapshot_version=None if snapshot is None else snapshot.version,
    )
