"""P3: catch-up of every projection from an empty read side, beside a raw read and decode of
the same log."""

from __future__ import annotations

import time
from collections.abc import Callable
from statistics import median
from typing import cast

from domain.shared.recorded import Recorded
from infrastructure.bench.errors import BenchError
from infrastructure.bench.report import Figure
from infrastructure.opsledger import Opsledger

#: DESIGN §5: catch-up of all projections at a quarter of the speed of reading and decoding
#: the log, or better.
P3_BAR = 0.25

#: Entries per page, for the baseline as for the runner.
PAGE = 1000


def raw_read_and_decode(opsledger: Opsledger) -> int:
    """Read the whole log in pages and decode each entry into its event, doing nothing more."""
    recorder, mapper = opsledger.ledger.recorder, opsledger.ledger.mapper
    position = count = 0
    while True:
        page = recorder.select_notifications(start=position, limit=PAGE, inclusive_of_start=False)
        if not page:
            return count
        for notification in page:
            cast(Recorded, mapper.to_domain_event(notification))
        count += len(page)
        position = page[-1].id


def measure_p3(opsledger: Opsledger, *, runs: int, progress: Callable[[str], None]) -> Figure:
    """Median over the runs of the events/s at which every projection is built anew from the
    whole log, and of its ratio to the raw read and decode."""
    store = opsledger.store.kind
    names = [projection.name for projection in opsledger.projections.projectors(None)]
    values: list[float] = []
    baselines: list[float] = []
    ratios: list[float] = []
    events = 0
    for run in range(1, runs + 1):
        before = time.perf_counter()
        events = raw_read_and_decode(opsledger)
        raw_seconds = time.perf_counter() - before
        before = time.perf_counter()
        applied = opsledger.projections.rebuild()
        seconds = time.perf_counter() - before
        if set(applied) != set(names) or any(count != events for count in applied.values()):
            raise BenchError(f"a rebuild of {events} entries applied {applied}")
        values.append(events / seconds)
        baselines.append(events / raw_seconds)
        ratios.append(values[-1] / baselines[-1])
        progress(
            f"{store} P3 run {run}/{runs}: catch-up of {len(names)} projections "
            f"{values[-1]:,.0f} events/s, raw read and decode {baselines[-1]:,.0f} events/s, "
            f"ratio {ratios[-1]:.3f}"
        )
    ratio = median(ratios)
    return Figure(
        bar="P3",
        store=store,
        value=median(values),
        unit="events/s",
        baseline=median(baselines),
        baseline_unit="events/s",
        ratio=ratio,
        target=f"≥ {P3_BAR:g}x baseline",
        met=ratio >= P3_BAR,
        runs=tuple(values),
        size={"events": events, "projections": len(names)},
        note=(
            f"every projection ({', '.join(names)}) built anew from the whole log of "
            f"{events:,} entries (the other bars' workloads) into new tables beside the live "
            "ones, then swapped in; baseline: the same log read in pages of "
            f"{PAGE:,} and each entry decoded into its event, nothing more; medians of {runs} "
            "run(s), ratio = median of per-run ratios"
        ),
    )
