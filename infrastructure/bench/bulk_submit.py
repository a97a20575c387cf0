"""P2: bulk submit of a JSON-lines file, events/s, beside raw `executemany` of the same rows.

Each run starts from a fresh, empty store of the kind benchmarked, opened untimed. The timed
part is what `opsledger submit FILE --batch N` does short of printing: read the file, parse
each line with the CLI's own reader, hand the lines to `Opsledger.submit_batch` N at a time
(each batch's accepted commands stored in one transaction), and keep every answer, each
checked ok once the clock has stopped. The run
must store exactly the events the workload names, one append per batch, or the bench stops.
The baseline then writes exactly the rows that run stored, read back from its log, into a table
of the log's shape in the same store with `executemany`, one transaction per N rows.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from statistics import median
from typing import Any, TypeVar

import attrs

from application.ledger import Ledger
from application.ports import Clock
from application.results import Result
from infrastructure.bench.baselines import LogRow, raw_bulk_inserts
from infrastructure.bench.bulk_workload import IN_FLIGHT, BulkWorkload, Line, bulk_workload
from infrastructure.bench.errors import BenchError, WorkloadRefused
from infrastructure.bench.report import Figure, StoreKind
from infrastructure.bench.sizes import Sizes
from infrastructure.bench.stores import ScratchStores
from infrastructure.cli.json_lines import envelopes
from infrastructure.integrity.log_pages import stored_rows
from infrastructure.opsledger import Opsledger
from infrastructure.store.url import StoreUrl

#: DESIGN §5: bulk submit at half the rate of raw `executemany` of the same rows, or better.
P2_BAR_RATIO = 0.5

#: Lines of the untimed first run, which warms the code paths and the server.
WARMUP_COMMANDS = 200

Progress = Callable[[str], None]

T = TypeVar("T")


@attrs.frozen(kw_only=True)
class BulkRun:
    """One timed submit of the whole file on a fresh store, and what it stored."""

    seconds: float
    results: tuple[Result, ...]
    #: Entries each `Ledger.append` stored: one append per batch.
    appends: tuple[int, ...]
    #: The log afterwards, row by row as stored (the baseline writes these).
    stored: tuple[LogRow, ...]


def batches(lines: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of `size` items (the last may be shorter)."""
    batch: list[T] = []
    for line in lines:
        batch.append(line)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def submit_file(opsledger: Opsledger, path: Path, *, batch: int) -> tuple[float, list[Result]]:
    """Read the file as `opsledger submit` does (each line parsed by the CLI's reader, a line
    it cannot read refused in its place) and submit it `batch` lines at a time; the seconds it
    took and every answer, in order."""
    results: list[Result] = []
    started = time.perf_counter()
    with open(path, "rb") as stream:
        items: Iterator[object] = (entry.item() for entry in envelopes(stream))
        for chunk in batches(items, batch):
            results += opsledger.submit_batch(chunk)
    return time.perf_counter() - started, results


@contextmanager
def counted_appends(ledger: Ledger) -> Iterator[list[int]]:
    """The number of entries of each `append` made on this ledger while inside."""
    sizes: list[int] = []
    append = ledger.append

    def counted(recorded: Sequence[Any], **options: Any) -> list[int]:
        sizes.append(len(recorded))
        return append(recorded, **options)

    ledger.append = counted  # type: ignore[method-assign]
    try:
        yield sizes
    finally:
        del ledger.append


def expected_appends(lines: Sequence[Line], batch: int) -> list[int]:
    """One append per batch, of each accepted command's events and its record."""
    return [sum(line.events + 1 for line in chunk) for chunk in batches(lines, batch)]


def bulk_run(
    store: StoreUrl,
    path: Path,
    workload: BulkWorkload,
    *,
    batch: int,
    clock: Clock | None = None,
) -> BulkRun:
    """Open the store (untimed), submit the file (timed), then check that every line was
    accepted with the events the workload names, one append per batch, and that the log holds
    exactly those entries."""
    with Opsledger(store, clock=clock) as opsledger:
        with counted_appends(opsledger.ledger) as appends:
            seconds, results = submit_file(opsledger, path, batch=batch)
        stored = tuple(tuple(row) for row in stored_rows(opsledger.database))
    refused = [(n, r) for n, r in enumerate(results) if not r.ok]
    if refused:
        number, result = refused[0]
        raise WorkloadRefused(
            f"opsledger refused line {number + 1} of the bench's file: "
            f"{result.code}: {result.message}"
        )
    events = sum(len(result.events) for result in results)
    if len(results) != workload.commands or events != workload.events:
        raise BenchError(
            f"the bench's file of {workload.commands} commands and {workload.events} events "
            f"was answered with {len(results)} results and {events} events"
        )
    wanted = expected_appends(workload.lines, batch)
    if list(appends) != wanted:
        raise BenchError(
            f"submit_batch stored the file in {len(appends)} append(s), not in one per batch "
            f"of {batch} lines ({len(wanted)})"
        )
    if len(stored) != workload.rows:
        raise BenchError(
            f"the log holds {len(stored)} entries after the bench's file, not {workload.rows}"
        )
    return BulkRun(seconds=seconds, results=tuple(results), appends=tuple(appends), stored=stored)


def raw_run(store: StoreUrl, rows: Sequence[LogRow], *, per_transaction: int) -> tuple[float, str]:
    """Seconds for `executemany` of the rows into a table of the log's shape in this store,
    `per_transaction` rows per transaction, and the store's durability settings; the table is
    dropped afterwards."""
    raw = raw_bulk_inserts(store)
    try:
        seconds = raw.insert_in_transactions(rows, per_transaction=per_transaction)
        if raw.count() != len(rows):
            raise BenchError(f"the raw baseline stored {raw.count()} rows, not {len(rows)}")
        return seconds, raw.durability()
    finally:
        raw.close()


def _paired_run(
    scratch: ScratchStores, path: Path, workload: BulkWorkload, *, batch: int
) -> tuple[float, float, str]:
    """opsledger then the raw baseline on one fresh store; their seconds, the durability."""
    store = scratch.new()
    try:
        run = bulk_run(store, path, workload, batch=batch)
        raw_seconds, durability = raw_run(store, run.stored, per_transaction=batch)
    finally:
        scratch.drop(store)
    return run.seconds, raw_seconds, durability


def measure_p2(
    kind: StoreKind, scratch: ScratchStores, *, sizes: Sizes, runs: int, progress: Progress
) -> Figure:
    """Median events/s of bulk submit and raw rows/s of the same rows, each run on a fresh
    store, and the median of their per-run ratios."""
    count, batch = sizes.bulk_commands, sizes.bulk_batch
    workload = bulk_workload(count)
    warmup = bulk_workload(min(count, WARMUP_COMMANDS))
    with tempfile.TemporaryDirectory(prefix="opsledger-bench-p2-") as directory:
        path, warmup_path = Path(directory) / "commands.jsonl", Path(directory) / "warmup.jsonl"
        path.write_bytes(workload.json_lines())
        warmup_path.write_bytes(warmup.json_lines())
        _paired_run(scratch, warmup_path, warmup, batch=batch)
        values: list[float] = []
        baselines: list[float] = []
        ratios: list[float] = []
        durability = ""
        for run in range(1, runs + 1):
            lib_seconds, raw_seconds, durability = _paired_run(scratch, path, workload, batch=batch)
            values.append(workload.rows / lib_seconds)
            baselines.append(workload.rows / raw_seconds)
            ratios.append(raw_seconds / lib_seconds)
            progress(
                f"{kind} P2 run {run}/{runs}: bulk submit {values[-1]:,.0f} events/s "
                f"({count / lib_seconds:,.0f} commands/s), raw executemany "
                f"{baselines[-1]:,.0f} rows/s, ratio {ratios[-1]:.3f}"
            )
    ratio = median(ratios)
    types = [line.command["type"] for line in workload.lines]
    transactions = len(expected_appends(workload.lines, batch))
    return Figure(
        bar="P2",
        store=kind,
        value=median(values),
        unit="events/s",
        baseline=median(baselines),
        baseline_unit="rows/s",
        ratio=ratio,
        target=f"≥ {P2_BAR_RATIO:g}x baseline",
        met=ratio >= P2_BAR_RATIO,
        runs=tuple(values),
        size={
            "commands": count,
            "batch": batch,
            "events": workload.rows,
            "domain_events": workload.events,
            "command_records": workload.commands,
        },
        note=(
            f"a JSON-lines file of {count:,} commands (lives of {types.count('complaint.register')}"
            f" complaints and {types.count('order.draft')} orders, register to close and draft "
            f"to close, {min(IN_FLIGHT, max(1, count // 20))} in flight, so later lines act on "
            f"aggregates earlier lines created or changed) submitted through "
            f"Opsledger.submit_batch in-process, {batch:,} lines per batch, each batch's "
            f"commands stored in one transaction ({transactions} per run, counted); timed: "
            "reading the file and parsing each line with the CLI's reader "
            "(json_lines.envelopes), handling and storing, keeping every answer (each checked "
            "ok after the clock stops); not opening the store, not printing answers; events = "
            "every entry stored in the log, "
            f"{workload.events:,} domain events + {count:,} command records = "
            f"{workload.rows:,}, counted in the log after each run; baseline: executemany of "
            "exactly those rows as stored (position, originator id, version, topic, state, "
            "chain hash, read back from the log) into a table of the log's shape in the same "
            f"store, one transaction per {batch:,} rows, right after the opsledger run "
            "(opsledger's transactions also chain each entry's hash and move the deadline "
            f"index); a fresh empty store per run, opened untimed, after one untimed warm-up "
            f"run of {min(count, WARMUP_COMMANDS)} lines; medians of {runs} run(s), ratio = "
            f"median of per-run ratios; {durability}"
        ),
    )
