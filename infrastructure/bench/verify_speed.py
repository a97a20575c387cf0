"""P5: `audit verify` events per second, beside a raw paged SELECT of the same log rows."""

from __future__ import annotations

import time
from collections.abc import Callable
from statistics import median

from infrastructure.bench.errors import BenchError
from infrastructure.bench.report import Figure
from infrastructure.integrity.verify import PAGE, stored_rows, verify
from infrastructure.opsledger import Opsledger

#: DESIGN §5: verify at 0.7 times the speed of a raw SELECT of the log, or better.
P5_BAR = 0.7


def _raw_select(opsledger: Opsledger) -> int:
    """Read every log row in pages, exactly as verify reads them, and do nothing with them."""
    return sum(1 for _ in stored_rows(opsledger.database))


def measure_p5(opsledger: Opsledger, *, runs: int, progress: Callable[[str], None]) -> Figure:
    """Median over the runs of verify's events/s, and of its ratio to the raw SELECT."""
    store = opsledger.store.kind
    values: list[float] = []
    baselines: list[float] = []
    ratios: list[float] = []
    events = 0
    for run in range(1, runs + 1):
        before = time.perf_counter()
        events = _raw_select(opsledger)
        raw_seconds = time.perf_counter() - before
        before = time.perf_counter()
        result = verify(opsledger.database)
        verify_seconds = time.perf_counter() - before
        if not result.ok or result.checked != events:
            raise BenchError(f"verify did not pass on the bench's own log: {result.finding}")
        values.append(events / verify_seconds)
        baselines.append(events / raw_seconds)
        ratios.append(values[-1] / baselines[-1])
        progress(
            f"{store} P5 run {run}/{runs}: verify {values[-1]:,.0f} events/s, "
            f"raw SELECT {baselines[-1]:,.0f} rows/s, ratio {ratios[-1]:.3f}"
        )
    ratio = median(ratios)
    return Figure(
        bar="P5",
        store=store,
        value=median(values),
        unit="events/s",
        baseline=median(baselines),
        baseline_unit="rows/s",
        ratio=ratio,
        target=f"≥ {P5_BAR:g}x baseline",
        met=ratio >= P5_BAR,
        runs=tuple(values),
        size={"events": events},
        note=(
            f"the whole log of {events:,} events (the P1 and P6 workloads), pages of {PAGE:,}; "
            "verify recomputes every SHA-256 link; baseline: the same paged SELECT with no work; "
            f"medians of {runs} run(s), ratio = median of per-run ratios"
        ),
    )
