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

#: DESIGN §5: verify at 0.7 times the speed of a raw read of the log, or better; on SQLite,
#: whose read is an in-process SELECT doing almost no work, at 0.5 times.
P5_BAR = 0.7
P5_BAR_SQLITE = 0.5
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
    """The baseline: a raw SELECT of every log row as a client reads it, in pages (the same
    statement and page size as verify and export, the driver's default format), doing
    nothing with the rows: rows read, seconds taken."""
    before = time.perf_counter()
    rows = sum(len(page) for page in stored_pages(opsledger.database, binary=False))
    return rows, time.perf_counter() - before


def _binary_read(opsledger: Opsledger) -> tuple[int, float]:
    """The same read in PostgreSQL's binary format, as verify and export read the log: shown
    beside the baseline, so the figures say how much of verify's speed is its reading."""
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
    passes_of: dict[str, Callable[[Opsledger], tuple[int, float]]] = {"raw": _raw_read}
    if store == "postgresql":
        passes_of["binary"] = _binary_read
    passes_of |= {"verify": _verify, "export": _export}
    rates: dict[str, list[float]] = {name: [] for name in passes_of}
    verify_ratios: list[float] = []
    export_ratios: list[float] = []
    events = passes = 0
    for run in range(1, runs + 1):
        counts = dict.fromkeys(passes_of, 0)
        spent = dict.fromkeys(passes_of, 0.0)
        passes = 0
        while passes == 0 or sum(spent.values()) < RUN_SECONDS:
            for name, timed in passes_of.items():
                count, seconds = timed(opsledger)
                counts[name] += count
                spent[name] += seconds
            passes += 1
        if len(set(counts.values())) != 1:
            raise BenchError(f"the passes over the log did not all see its rows: {counts}")
        events = counts["raw"] // passes
        for name in passes_of:
            rates[name].append(counts[name] / spent[name])
        # The yardstick is the fastest raw read of the log: on PostgreSQL, the binary one.
        base = "binary" if "binary" in rates else "raw"
        verify_ratios.append(rates["verify"][-1] / rates[base][-1])
        export_ratios.append(rates["export"][-1] / rates[base][-1])
        binary = f", binary read {rates['binary'][-1]:,.0f} rows/s" if "binary" in rates else ""
        progress(
            f"{store} P5 run {run}/{runs} ({passes} passes): raw read {rates['raw'][-1]:,.0f} "
            f"rows/s{binary}, verify {rates['verify'][-1]:,.0f} events/s (ratio "
            f"{verify_ratios[-1]:.3f}), export {rates['export'][-1]:,.0f} events/s (ratio "
            f"{export_ratios[-1]:.3f})"
        )
    read = (
        f"baseline: a raw paged SELECT of the log ({PAGE:,} rows a page) doing nothing with "
        "the rows, in the fastest format the driver offers (PostgreSQL's binary format, the "
        "one verify and export read; SQLite in process)"
    )
    if "binary" in rates:
        read += (
            f"; the same SELECT in the driver's default text format ran at "
            f"{median(rates['raw']):,.0f} rows/s"
        )
    read += (
        f"; each run passes over the log {passes} time(s) each way in turn; medians of {runs} "
        "run(s), ratio = median of per-run ratios"
    )
    verify_rates, export_rates = rates["verify"], rates["export"]
    baselines = rates["binary"] if "binary" in rates else rates["raw"]
    verify_ratio, export_ratio = median(verify_ratios), median(export_ratios)
    verify_bar = P5_BAR_SQLITE if store == "sqlite" else P5_BAR
    return (
        Figure(
            bar="P5",
            store=store,
            value=median(verify_rates),
            unit="events/s",
            baseline=median(baselines),
            baseline_unit="rows/s",
            ratio=verify_ratio,
            target=f"≥ {verify_bar:g}x baseline",
            met=verify_ratio >= verify_bar,
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
