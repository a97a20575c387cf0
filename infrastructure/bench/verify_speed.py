"""P5: `audit verify` events per second beside a raw paged read of the same log rows; and
`audit export` events per second beside the same raw read (`P5.export`)."""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from statistics import median

from infrastructure.bench.budget_workload import build_budget
from infrastructure.bench.errors import BenchError, WorkloadRefused
from infrastructure.bench.load_time import build_complaint
from infrastructure.bench.p1_commands import complaint_commands
from infrastructure.bench.report import Figure
from infrastructure.bench.sizes import Sizes
from infrastructure.bundle.export import export_bundle
from infrastructure.integrity.log_pages import PAGE, stored_pages
from infrastructure.integrity.verify import verify
from infrastructure.opsledger import Opsledger

#: DESIGN §5: verify at 0.7 times the speed of a raw read of the log, or better.
P5_BAR = 0.7
#: Issue 10: the export streams at 0.3 times the speed of the same raw read, or better.
EXPORT_BAR = 0.3


def fill_log(opsledger: Opsledger, *, sizes: Sizes) -> None:
    """The log P5 reads when P1 and P6 are not measured first: their workloads, untimed (the
    commands of P1's warm-up and timed runs, P6's complaint and budget of N events)."""
    for command in complaint_commands(sizes.warmup_commands + sizes.commands):
        result = opsledger.submit(command)
        if not result.ok:
            raise WorkloadRefused(
                f"opsledger refused the bench's {command['type']}: {result.message}"
            )
    build_complaint(opsledger, events=sizes.aggregate_events)
    build_budget(opsledger, spends=sizes.aggregate_events)


def _raw_read(opsledger: Opsledger) -> int:
    """Read every log row in pages, exactly as verify and export read them (the same statement,
    format and page size), and do nothing with them."""
    return sum(len(page) for page in stored_pages(opsledger.database))


def _timed_export(opsledger: Opsledger) -> tuple[int, float]:
    """Events exported and seconds taken, exporting the whole log into a new temporary
    directory (made before and removed after the timing)."""
    scratch = Path(tempfile.mkdtemp(prefix="opsledger-bench-export-"))
    try:
        before = time.perf_counter()
        exported = export_bundle(
            opsledger.database,
            opsledger.ledger.mapper,
            scratch / "bundle",
            exported_at=opsledger.clock.now(),
        )
        return exported.events, time.perf_counter() - before
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def measure_p5(
    opsledger: Opsledger, *, runs: int, progress: Callable[[str], None]
) -> tuple[Figure, Figure]:
    """Median over the runs of verify's and export's events/s, and of their ratios to the raw
    read timed just before them in the same run."""
    store = opsledger.store.kind
    verify_rates: list[float] = []
    export_rates: list[float] = []
    baselines: list[float] = []
    verify_ratios: list[float] = []
    export_ratios: list[float] = []
    events = 0
    for run in range(1, runs + 1):
        before = time.perf_counter()
        events = _raw_read(opsledger)
        raw_seconds = time.perf_counter() - before
        before = time.perf_counter()
        result = verify(opsledger.database)
        verify_seconds = time.perf_counter() - before
        if not result.ok or result.checked != events:
            raise BenchError(f"verify did not pass on the bench's own log: {result.finding}")
        exported, export_seconds = _timed_export(opsledger)
        if exported != events:
            raise BenchError(f"the export wrote {exported} events of the log's {events}")
        baselines.append(events / raw_seconds)
        verify_rates.append(events / verify_seconds)
        export_rates.append(events / export_seconds)
        verify_ratios.append(verify_rates[-1] / baselines[-1])
        export_ratios.append(export_rates[-1] / baselines[-1])
        progress(
            f"{store} P5 run {run}/{runs}: raw read {baselines[-1]:,.0f} rows/s, "
            f"verify {verify_rates[-1]:,.0f} events/s (ratio {verify_ratios[-1]:.3f}), "
            f"export {export_rates[-1]:,.0f} events/s (ratio {export_ratios[-1]:.3f})"
        )
    read = (
        f"baseline: the same paged read of the log ({PAGE:,} rows a page"
        f"{', binary format' if store == 'postgresql' else ''}) doing nothing with the rows; "
        f"medians of {runs} run(s), ratio = median of per-run ratios"
    )
    verify_ratio, export_ratio = median(verify_ratios), median(export_ratios)
    return (
        Figure(
            bar="P5",
            store=store,
            value=median(verify_rates),
            unit="events/s",
            baseline=median(baselines),
            baseline_unit="rows/s",
            ratio=verify_ratio,
            target=f"≥ {P5_BAR:g}x baseline",
            met=verify_ratio >= P5_BAR,
            runs=tuple(verify_rates),
            size={"events": events},
            note=(
                f"the whole log of {events:,} events (the P1 and P6 workloads); verify "
                f"recomputes every SHA-256 link; {read}"
            ),
        ),
        Figure(
            bar="P5",
            variant="export",
            store=store,
            value=median(export_rates),
            unit="events/s",
            baseline=median(baselines),
            baseline_unit="rows/s",
            ratio=export_ratio,
            target=f"≥ {EXPORT_BAR:g}x baseline",
            met=export_ratio >= EXPORT_BAR,
            runs=tuple(export_rates),
            size={"events": events},
            note=(
                f"`audit export` of the same {events:,} events into a new directory (each line "
                f"with base64 bytes and the decoded JSON), removed after each run; {read}"
            ),
        ),
    )
