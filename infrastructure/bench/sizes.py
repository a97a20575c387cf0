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
    #: P6: events in the aggregate that is loaded.
    aggregate_events: int
    #: P6: timed loads per run.
    loads: int


SIZES: dict[SizeName, Sizes] = {
    "full": Sizes(
        name="full", commands=2_000, warmup_commands=40, aggregate_events=10_000, loads=15
    ),
    "quick": Sizes(
        name="quick", commands=200, warmup_commands=20, aggregate_events=1_000, loads=10
    ),
    "tiny": Sizes(name="tiny", commands=12, warmup_commands=4, aggregate_events=30, loads=3),
}
