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


#: Each run repeats its three passes over the log until they have taken this long together,
#: so that a small log is timed over more than a few milliseconds.
RUN_SECONDS = 0.3


def _raw_read(opsledger: Opsledger) -> tuple[int, float]:
    """Read every log row in pages, exactly as verify and export read them (the same statement,
    format and page size), and do nothing with them: rows read, seconds taken."""
    before = time.perf_counter()
    rows = sum(len(page) for page in stored_pages(opsledger.database))
    return rows, time.perf_counter() - before


def _verify(opsledger: Opsledger) -> tuple[int, float]:
    before = time.perf_counter()
    result = verify(opsledger.database)
    seconds = time.perf_counter() - before
    if not result.ok:
        raise BenchError(f"verify did not pass on the bench's own log: {result.finding}")
    return result.checked, seconds


def _export(opsledger: Opsledger) -> tuple[int, float]:
    """Export the whole log into a new temporary directory (made before and removed after the
    timing): events exported, seconds taken."""
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
    read in the same run. A run passes over the log raw, then verifying, then exporting, and
    again, until RUN_SECONDS are spent: each rate is its events over its seconds."""
    store = opsledger.store.kind
    verify_rates: list[float] = []
    export_rates: list[float] = []
    baselines: list[float] = []
    verify_ratios: list[float] = []
    export_ratios: list[float] = []
    events = passes = 0
    for run in range(1, runs + 1):
        counts = {"raw": 0, "verify": 0, "export": 0}
        spent = {"raw": 0.0, "verify": 0.0, "export": 0.0}
        passes = 0
        while passes == 0 or sum(spent.values()) < RUN_SECONDS:
            for name, timed in (("raw", _raw_read), ("verify", _verify), ("export", _export)):
                count, seconds = timed(opsledger)
                counts[name] += count
                spent[name] += seconds
            passes += 1
        if not counts["raw"] == counts["verify"] == counts["export"]:
            raise BenchError(
                f"verify checked {counts['verify']} and export wrote {counts['export']} events "
                f"where the raw read read {counts['raw']} rows"
            )
        events = counts["raw"] // passes
        baselines.append(counts["raw"] / spent["raw"])
        verify_rates.append(counts["verify"] / spent["verify"])
        export_rates.append(counts["export"] / spent["export"])
        verify_ratios.append(verify_rates[-1] / baselines[-1])
        export_ratios.append(export_rates[-1] / baselines[-1])
        progress(
            f"{store} P5 run {run}/{runs} ({passes} passes): raw read {baselines[-1]:,.0f} "
            f"rows/s, verify {verify_rates[-1]:,.0f} events/s (ratio {verify_ratios[-1]:.3f}), "
            f"export {export_rates[-1]:,.0f} events/s (ratio {export_ratios[-1]:.3f})"
        )
    read = (
        f"baseline: the same paged read of the log ({PAGE:,} rows a page"
        f"{', binary format' if store == 'postgresql' else ''}) doing nothing with the rows; "
        f"each run passes over the log {passes} time(s) each way, raw, verify and export in "
        f"turn; medians of {runs} run(s), ratio = median of per-run ratios"
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
