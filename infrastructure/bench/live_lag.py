"""P4: how long after a command is stored every read model shows it, at 200 commands/s, with
`projections run` following the log (woken by NOTIFY on PostgreSQL, polling SQLite)."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

from infrastructure.bench.errors import BenchError, WorkloadRefused
from infrastructure.bench.p1_commands import complaint_commands
from infrastructure.bench.report import Figure
from infrastructure.opsledger import Opsledger
from infrastructure.projection_follower import follow

#: DESIGN §5: the 99th percentile of the live lag at 200 commands/s, at most 50 ms.
P4_BAR_MS = 50.0
RATE = 200

#: How often the watcher looks at the read models' positions, and SQLite's runner at the log.
WATCH_SECONDS = 0.001
POLL_SECONDS = 0.005


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.99 * len(ordered)) - 1)]


def _slowest_position(opsledger: Opsledger) -> int:
    rows = opsledger.database.query(
        "SELECT MIN(position) FROM projection_builds WHERE state = 'live'"
    )
    return int(rows[0][0] or 0)


def measure_p4(opsledger: Opsledger, *, commands: int, progress: Callable[[str], None]) -> Figure:
    """Submit `commands` commands paced at RATE a second while a runner follows the log; for
    each, the time from its answer (its transaction committed) until every read model has
    applied its position, as seen by a watcher looking every millisecond."""
    store = opsledger.store.kind
    opsledger.projections.catch_up()
    stop = threading.Event()
    seen: list[tuple[int, float]] = []  # (slowest read model's position, when first seen)

    def watch() -> None:
        last = -1
        while not stop.is_set():
            position = _slowest_position(opsledger)
            if position != last:
                seen.append((position, time.perf_counter()))
                last = position
            time.sleep(WATCH_SECONDS)

    with Opsledger(opsledger.store) as follower_store:
        follower = threading.Thread(
            target=follow,
            args=(follower_store.projections, follower_store.wakener()),
            kwargs={
                "name": None,
                "interval": POLL_SECONDS if store == "sqlite" else 1.0,
                "on_applied": lambda applied: None,
                "on_trouble": lambda line: progress(f"{store} P4 runner: {line}"),
                "stop": stop,
            },
            daemon=True,
        )
        watcher = threading.Thread(target=watch, daemon=True)
        follower.start()
        watcher.start()
        stored: list[tuple[int, float]] = []
        try:
            started = time.perf_counter()
            for number, body in enumerate(complaint_commands(commands)):
                due = started + number / RATE
                pause = due - time.perf_counter()
                if pause > 0:
                    time.sleep(pause)
                result = opsledger.submit(body)
                if not result.ok or result.position is None:
                    raise WorkloadRefused(f"P4's command was refused: {result.message}")
                stored.append((result.position, time.perf_counter()))
            sent_seconds = time.perf_counter() - started
            deadline = time.perf_counter() + 30
            while _slowest_position(opsledger) < stored[-1][0]:
                if time.perf_counter() > deadline:
                    raise BenchError("the read models did not catch up within 30 s")
                time.sleep(0.01)
            time.sleep(0.05)
        finally:
            stop.set()
            follower.join(timeout=10)
            watcher.join(timeout=10)
    lags = []
    for position, at in stored:
        shown = next(when for reached, when in seen if reached >= position)
        lags.append(max(0.0, shown - at) * 1000)
    worst = p99(lags)
    rate = commands / sent_seconds
    progress(
        f"{store} P4: {commands} commands at {rate:,.0f}/s, live lag p99 {worst:.1f} ms, "
        f"median {sorted(lags)[len(lags) // 2]:.1f} ms, max {max(lags):.1f} ms"
    )
    names = [projection.name for projection in opsledger.projections.projectors(None)]
    wakes = (
        "woken by NOTIFY" if store == "postgresql" else f"polling every {POLL_SECONDS * 1000:g} ms"
    )
    return Figure(
        bar="P4",
        store=store,
        value=worst,
        unit="ms",
        target=f"≤ {P4_BAR_MS:g} ms",
        met=worst <= P4_BAR_MS,
        runs=(worst,),
        size={"commands": commands, "rate": RATE, "projections": len(names)},
        note=(
            f"{commands:,} complaint commands sent one by one, paced at {RATE}/s (achieved "
            f"{rate:,.0f}/s), while `projections run` followed the log in another connection "
            f"({wakes}) "
            f"keeping all {len(names)} read models; lag = from a command's answer (its "
            "transaction committed) until the slowest read model has applied its position, "
            f"seen by a watcher looking every {WATCH_SECONDS * 1000:g} ms; 99th percentile "
            "(nearest rank) of the commands' lags"
        ),
    )
