"""`scripts/bench`: parse the options, run each benchmark on each store, print the figures."""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
from collections.abc import Callable, Sequence

import psycopg

from application.errors import StoreUnavailable
from infrastructure.bench.baselines import raw_inserts
from infrastructure.bench.bulk_submit import measure_p2
from infrastructure.bench.catch_up_speed import measure_p3
from infrastructure.bench.errors import BenchError
from infrastructure.bench.live_lag import measure_p4
from infrastructure.bench.load_time import measure_p6, measure_p6_budget
from infrastructure.bench.p1_commands import measure_p1
from infrastructure.bench.report import Figure, as_json, as_table
from infrastructure.bench.sizes import SIZES, Sizes
from infrastructure.bench.stores import (
    DEFAULT_PG_ADMIN,
    PG_ADMIN_ENV,
    PostgresUnreachable,
    ScratchStoresUnavailable,
    fresh_sqlite,
    refuse_if_holding_events,
    scratch_stores,
    throwaway_postgres,
)
from infrastructure.bench.sweep_time import measure_p10
from infrastructure.bench.verify_speed import fill_log, measure_p5
from infrastructure.opsledger import Opsledger
from infrastructure.store.url import StoreConfigError, StoreUrl

EXIT_OK, EXIT_FAILED = 0, 1

#: The bars the bench measures.
BARS = ("P1", "P2", "P3", "P4", "P5", "P6", "P10")

Progress = Callable[[str], None]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scripts/bench",
        description="Measure the speed bars of DESIGN §5 beside raw baselines in the same run. "
        "Benchmarks report; they never fail on a missed bar.",
    )
    parser.add_argument(
        "--store",
        metavar="URL",
        help="run on this store only (it must hold no events; the bench writes into it). P2 "
        "and P10 fill scratch stores of the same kind beside it and remove them afterwards: SQLite "
        "files in a temporary directory next to it, or databases on the same server (the "
        "role needs CREATEDB). Default: a fresh SQLite file and a throwaway PostgreSQL "
        f"database created through ${PG_ADMIN_ENV} (else {DEFAULT_PG_ADMIN}) and dropped "
        "afterwards",
    )
    size = parser.add_mutually_exclusive_group()
    size.add_argument(
        "--quick",
        action="store_true",
        help="smaller sizes for a fast look (about a minute per store)",
    )
    size.add_argument(
        "--tiny", action="store_true", help="the smallest sizes, for the test suite only"
    )
    parser.add_argument(
        "--runs", type=_positive, default=3, metavar="N", help="runs per figure (default 3)"
    )
    parser.add_argument(
        "--only",
        type=_bars,
        default=BARS,
        metavar="BARS",
        help=f"measure only these bars, comma-separated (of {','.join(BARS)}; P5 includes "
        "the export figure P5.export). Without P1 and P6, P5 reads a log filled with their "
        "workloads, untimed",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object by bar id")
    return parser


def _bars(text: str) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(word.strip().upper() for word in text.split(",") if word.strip()))
    unknown = [bar for bar in chosen if bar not in BARS]
    if unknown or not chosen:
        named = ", ".join(unknown) if unknown else repr(text)
        raise argparse.ArgumentTypeError(f"not a bar: {named} (the bars: {', '.join(BARS)})")
    return chosen


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmarks; a store that cannot be used ends it with one line on stderr."""
    arguments = build_parser().parse_args(argv)
    sizes = SIZES["tiny" if arguments.tiny else "quick" if arguments.quick else "full"]
    try:
        figures = measure(
            arguments.store,
            sizes=sizes,
            runs=arguments.runs,
            progress=_progress,
            bars=arguments.only,
        )
    except (BenchError, StoreConfigError, StoreUnavailable) as error:
        print(f"bench: {error}", file=sys.stderr)
        return EXIT_FAILED
    except (psycopg.Error, sqlite3.Error) as error:
        lines = str(error).strip().splitlines() or [type(error).__name__]
        print(f"bench: the database failed: {lines[0]}", file=sys.stderr)
        return EXIT_FAILED
    print(
        json.dumps(as_json(figures), indent=2, ensure_ascii=False)
        if arguments.json
        else as_table(figures)
    )
    return EXIT_OK


def measure(
    url: str | None,
    *,
    sizes: Sizes,
    runs: int,
    progress: Progress,
    bars: Sequence[str] = BARS,
) -> list[Figure]:
    """Every figure (or those of `bars`) on the store given, or on a fresh SQLite file and a
    throwaway PostgreSQL."""
    if url is not None:
        store = StoreUrl.parse(url)
        refuse_if_holding_events(store)
        return measure_store(store, sizes=sizes, runs=runs, progress=progress, bars=bars)
    figures: list[Figure] = []
    with fresh_sqlite() as store:
        figures += measure_store(store, sizes=sizes, runs=runs, progress=progress, bars=bars)
    try:
        with throwaway_postgres(os.environ.get(PG_ADMIN_ENV) or DEFAULT_PG_ADMIN) as store:
            figures += measure_store(store, sizes=sizes, runs=runs, progress=progress, bars=bars)
    except PostgresUnreachable as error:
        progress(f"no PostgreSQL figures: {error}")
    return figures


def measure_store(
    store: StoreUrl,
    *,
    sizes: Sizes,
    runs: int,
    progress: Progress,
    bars: Sequence[str] = BARS,
) -> list[Figure]:
    """P1, P5 (with P5.export) and P6 (on a complaint and on a budget) on one store; P2 (a
    fresh store per run) and P10 on scratch stores of its kind beside it. Only `bars`, when
    fewer are asked for."""
    progress(f"{store.kind}: {sizes.name} sizes on {store.display()}")
    figures: list[Figure] = []
    with Opsledger(store) as opsledger:
        if "P1" in bars:
            raw = raw_inserts(store)
            try:
                figures.append(
                    measure_p1(opsledger, raw, sizes=sizes, runs=runs, progress=progress)
                )
            finally:
                raw.close()
        if "P6" in bars:
            figures.append(measure_p6(opsledger, sizes=sizes, runs=runs, progress=progress))
            figures.append(measure_p6_budget(opsledger, sizes=sizes, runs=runs, progress=progress))
        if "P5" in bars:
            if "P1" not in bars or "P6" not in bars:
                progress(f"{store.kind}: filling the log with the P1 and P6 workloads, untimed")
                fill_log(opsledger, sizes=sizes)
            figures.extend(measure_p5(opsledger, runs=runs, progress=progress))
        if "P3" in bars:
            if not opsledger.projections.head():
                progress(f"{store.kind}: filling the log with the P1 and P6 workloads, untimed")
                fill_log(opsledger, sizes=sizes)
            figures.append(measure_p3(opsledger, runs=runs, progress=progress))
        if "P4" in bars:
            figures.append(measure_p4(opsledger, commands=sizes.live_commands, progress=progress))
    if "P2" not in bars and "P10" not in bars:
        return figures
    try:
        with scratch_stores(store) as scratch:
            if "P2" in bars:
                figures.append(
                    measure_p2(store.kind, scratch, sizes=sizes, runs=runs, progress=progress)
                )
            if "P10" in bars:
                figures.append(
                    measure_p10(store.kind, scratch, sizes=sizes, runs=runs, progress=progress)
                )
    except ScratchStoresUnavailable as error:
        measured = {figure.bar for figure in figures}
        missing = " and ".join(bar for bar in ("P2", "P10") if bar in bars and bar not in measured)
        progress(f"no {store.kind} {missing} figure: {error}")
    return figures


def _progress(line: str) -> None:
    print(f"bench: {line}", file=sys.stderr, flush=True)
