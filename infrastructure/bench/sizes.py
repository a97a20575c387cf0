"""How much work each benchmark does: full (the figures DESIGN §5 asks for), quick, tiny."""

from __future__ import annotations

from typing import Literal

import attrs

SizeName = Literal["full", "quick", "tiny"]


@attrs.frozen(kw_only=True)
class Sizes:
    """The amount of work per run of each benchmark."""

    name: SizeName
    #: P1: commands submitted per timed run (the raw baseline inserts as many rows).
    commands: int
    #: P1: untimed commands first, to warm connections and sample the rows the baseline copies.
    warmup_commands: int
    #: P2: commands in the JSON-lines file submitted per run.
    bulk_commands: int
    #: P2: lines per `submit_batch` (one transaction), and raw rows per transaction.
    bulk_batch: int
    #: P6: events in the complaint that is loaded, and spends in the budget that is loaded
    #: (four more events: its approval). At least SNAPSHOT_AFTER_EVENTS (100), so that even
    #: the tiny run times loads that start from a snapshot.
    aggregate_events: int
    #: P6: timed loads per run.
    loads: int
    #: P10: closed complaints beside the open ones in the larger of the two stores.
    sweep_closed: int
    #: P10: open complaints past their acknowledgement deadline, in both stores.
    sweep_open: int
    #: P4: commands sent at 200 a second while a runner follows the log.
    live_commands: int


SIZES: dict[SizeName, Sizes] = {
    "full": Sizes(
        name="full",
        commands=2_000,
        warmup_commands=40,
        bulk_commands=10_000,
        bulk_batch=1_000,
        aggregate_events=10_000,
        loads=15,
        sweep_closed=100_000,
        sweep_open=1_000,
        live_commands=2_000,
    ),
    "quick": Sizes(
        name="quick",
        commands=200,
        warmup_commands=20,
        bulk_commands=2_000,
        bulk_batch=1_000,
        aggregate_events=1_000,
        loads=10,
        sweep_closed=10_000,
        sweep_open=100,
        live_commands=400,
    ),
    "tiny": Sizes(
        name="tiny",
        commands=12,
        warmup_commands=4,
        bulk_commands=60,
        bulk_batch=20,
        aggregate_events=120,
        loads=3,
        sweep_closed=20,
        sweep_open=4,
        live_commands=20,
    ),
}
