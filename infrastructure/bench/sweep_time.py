"""P10: how long `sweep` takes beside 100,000 closed complaints, against the open ones alone.

Two stores are filled in the same run, on the store kind benchmarked: one with N closed
complaints and M open ones whose acknowledgement deadline has passed, one with the same M open
ones alone. A sweep appends a breach to each open complaint and takes it out of the deadline
index, so no store is swept twice: each timed sweep runs on a fresh copy of its store, and the
two sides take turns. Each sweep must examine the M open complaints and append exactly one
acknowledgement breach to each, or the bench stops: the time measured is that work.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from statistics import median
from uuid import UUID

from application.sweep import SweepReport
from domain.complaint.events import ComplaintSlaBreached
from domain.complaint.values import SlaKind
from infrastructure.bench.errors import BenchError
from infrastructure.bench.report import Figure, StoreKind
from infrastructure.bench.sizes import Sizes
from infrastructure.bench.stores import ScratchStores
from infrastructure.bench.sweep_workload import Commands, Workload, fill, sweep_workload
from infrastructure.clock import SystemClock
from infrastructure.opsledger import Opsledger
from infrastructure.store.url import StoreUrl

#: DESIGN §5: the sweep beside 100,000 closed complaints within twice its time on the open alone.
P10_BAR_RATIO = 2.0

Progress = Callable[[str], None]


def check_breaches(report: SweepReport, expected: frozenset[UUID]) -> None:
    """The sweep examined exactly the open complaints and appended one acknowledgement breach
    to each of them, and nothing else."""
    wanted = (ComplaintSlaBreached.type_name(), SlaKind.ACKNOWLEDGEMENT.value)
    breached = [b.aggregate_id for b in report.breaches if (b.event_type, b.detail) == wanted]
    if (
        report.examined != len(expected)
        or len(report.breaches) != len(expected)
        or set(breached) != expected
        or len(breached) != len(expected)
    ):
        raise BenchError(
            f"the sweep examined {report.examined} complaint(s) and appended "
            f"{len(report.breaches)} breach(es), not one acknowledgement breach for each of the "
            f"{len(expected)} open complaints"
        )


def timed_sweep(store: StoreUrl, *, expected: frozenset[UUID]) -> tuple[float, SweepReport]:
    """Open the store (untimed), time one sweep at the clock's now, check what it appended."""
    with Opsledger(store) as opsledger:
        before = time.perf_counter()
        report = opsledger.sweep()
        seconds = time.perf_counter() - before
    check_breaches(report, expected)
    return seconds, report


def prepare(store: StoreUrl, complaints: Iterable[Commands], *, progress: Progress) -> int:
    """Fill an empty store with these complaints; the number of events and records stored."""
    with Opsledger(store) as opsledger:
        return fill(opsledger, complaints, progress=progress)


def measure_p10(
    kind: StoreKind, scratch: ScratchStores, *, sizes: Sizes, runs: int, progress: Progress
) -> Figure:
    """Median sweep seconds beside N closed complaints and with the M open alone, and the
    median of their per-run ratios."""
    closed, opened = sizes.sweep_closed, sizes.sweep_open
    both = sweep_workload(closed=closed, open_=opened, now=SystemClock().now())
    alone = Workload(now=both.now, closed=0, opened=both.opened)
    expected = both.open_ids
    started = time.perf_counter()
    small = scratch.new()
    prepare(small, alone.complaints(), progress=progress)
    large = scratch.new()
    stored = prepare(large, both.complaints(), progress=progress)
    filled = time.perf_counter() - started
    progress(
        f"{kind} P10: {closed:,} closed + {opened:,} open complaints ({stored:,} events and "
        f"records) and {opened:,} open alone, written in {filled:.1f} s"
    )
    values: list[float] = []
    baselines: list[float] = []
    ratios: list[float] = []
    for run in range(1, runs + 1):
        seconds: dict[str, float] = {}
        # The two sides take turns going first.
        for side in ("large", "small") if run % 2 else ("small", "large"):
            copy = scratch.copy(large if side == "large" else small)
            try:
                seconds[side], _ = timed_sweep(copy, expected=expected)
            finally:
                scratch.drop(copy)
        values.append(seconds["large"])
        baselines.append(seconds["small"])
        ratios.append(seconds["large"] / seconds["small"])
        progress(
            f"{kind} P10 run {run}/{runs}: sweep {values[-1]:.3f} s beside {closed:,} closed, "
            f"{baselines[-1]:.3f} s alone, ratio {ratios[-1]:.3f}; {opened:,} breaches each"
        )
    ratio = median(ratios)
    return Figure(
        bar="P10",
        store=kind,
        value=median(values),
        unit="s",
        baseline=median(baselines),
        baseline_unit="s",
        ratio=ratio,
        target=f"≤ {P10_BAR_RATIO:g}x baseline",
        met=ratio <= P10_BAR_RATIO,
        runs=tuple(values),
        size={"closed": closed, "open": opened},
        note=(
            f"one sweep over {closed:,} closed + {opened:,} open complaints "
            f"({stored:,} events and command records); baseline: one sweep over the same "
            f"{opened:,} open complaints alone. The open ones are registered, never "
            "acknowledged and past their acknowledgement deadline, spread evenly through the "
            "log; the closed ones went register to close in 8 commands and have no deadline "
            "entry. Both stores are written through the command path, appended in batches. "
            "A sweep breaches what it finds, so each timed sweep runs on a fresh copy of its "
            "store, opened untimed (the database's own caches start empty on both sides), and "
            "must append exactly one "
            f"acknowledgement breach to each of the {opened:,}; the two sides take turns "
            f"going first; medians of {runs} run(s), ratio = median of per-run ratios"
        ),
    )
