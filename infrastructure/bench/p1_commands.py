"""P1: commands per second from one client, each command its own durable transaction."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Sequence
from statistics import median
from typing import Any

from infrastructure.bench.baselines import RawInserts, Row, cycled, sample_rows
from infrastructure.bench.errors import WorkloadRefused
from infrastructure.bench.report import Figure
from infrastructure.bench.sizes import Sizes
from infrastructure.opsledger import Opsledger

#: DESIGN §5: at least 0.6 of the raw rate (the library's default save is 0.26).
P1_BAR_RATIO = 0.6

#: Commands (and raw rows) per block; the two sides take turns block by block.
P1_BLOCK = 50

ACTOR = {"id": "bench-agent", "roles": ["customer_service"], "department": "service"}
_CHANNELS = ("phone", "email", "online", "in_person")
_SUMMARIES = (
    "Parcel arrived with the outer box crushed and two items broken",
    "Invoice charged twice for the same delivery in March",
    "Technician did not turn up for the booked installation slot",
    "Replacement part is a different model from the one ordered",
)


def complaint_commands(count: int) -> list[dict[str, Any]]:
    """A service desk's stream of `count` commands: each new complaint is registered and
    acknowledged, and the two registered before it are escalated one level more, so a quarter
    of the commands create a complaint and the rest change one that has a few events."""
    commands: list[dict[str, Any]] = []
    complaints: list[str] = []
    while len(commands) < count:
        number = len(complaints)
        complaint = str(uuid.uuid4())
        complaints.append(complaint)
        commands.append(
            _envelope(
                "complaint.register",
                complaint,
                {
                    "customer_id": f"customer-{number % 97}",
                    "channel": _CHANNELS[number % len(_CHANNELS)],
                    "summary": _SUMMARIES[number % len(_SUMMARIES)],
                    "remedy_sought": "refund" if number % 2 else "replacement",
                },
            )
        )
        commands.append(
            _envelope(
                "complaint.acknowledge",
                complaint,
                {"message": "Thank you, we have your complaint and will reply within 2 days."},
            )
        )
        for level, earlier in enumerate(reversed(complaints[-3:-1]), start=1):
            commands.append(
                _envelope(
                    "complaint.escalate",
                    earlier,
                    {"level": level},
                    reason="no reply from the carrier within the promised time",
                )
            )
    return commands[:count]


def _envelope(
    kind: str, aggregate_id: str, payload: dict[str, Any], *, reason: str | None = None
) -> dict[str, Any]:
    envelope: dict[str, Any] = {
        "type": kind,
        "command_id": str(uuid.uuid4()),
        "aggregate_id": aggregate_id,
        "actor": ACTOR,
        "payload": payload,
    }
    if reason is not None:
        envelope["reason"] = reason
    return envelope


def submit_all(opsledger: Opsledger, commands: Sequence[dict[str, Any]]) -> float:
    """Submit each command in turn; the seconds it took. Any refusal stops the bench."""
    started = time.perf_counter()
    for command in commands:
        result = opsledger.submit(command)
        if not result.ok:
            raise WorkloadRefused(
                f"opsledger refused the bench's {command['type']}: {result.code}: {result.message}"
            )
    return time.perf_counter() - started


def _interleaved_run(
    opsledger: Opsledger, raw: RawInserts, rows: Sequence[Row], *, count: int
) -> tuple[float, float]:
    """Seconds for `count` commands and for `count` raw rows, timed in alternating blocks so
    that both sides meet the same moments of a noisy machine."""
    commands = complaint_commands(count)
    lib_seconds = raw_seconds = 0.0
    for number, start in enumerate(range(0, count, P1_BLOCK)):
        block = commands[start : start + P1_BLOCK]
        raw_rows = cycled(rows, len(block))
        if number % 2:
            raw_seconds += raw.insert_one_per_transaction(raw_rows)
            lib_seconds += submit_all(opsledger, block)
        else:
            lib_seconds += submit_all(opsledger, block)
            raw_seconds += raw.insert_one_per_transaction(raw_rows)
    return lib_seconds, raw_seconds


def measure_p1(
    opsledger: Opsledger,
    raw: RawInserts,
    *,
    sizes: Sizes,
    runs: int,
    progress: Callable[[str], None],
) -> Figure:
    """Median commands/s and raw rows/s over the runs, and the median of their per-run ratios."""
    store = opsledger.store.kind
    submit_all(opsledger, complaint_commands(sizes.warmup_commands))
    rows = sample_rows(opsledger.ledger, limit=2 * sizes.warmup_commands)
    raw.insert_one_per_transaction(cycled(rows, sizes.warmup_commands))
    rates: list[float] = []
    baselines: list[float] = []
    ratios: list[float] = []
    for run in range(1, runs + 1):
        lib_seconds, raw_seconds = _interleaved_run(opsledger, raw, rows, count=sizes.commands)
        rate = sizes.commands / lib_seconds
        baseline = sizes.commands / raw_seconds
        rates.append(rate)
        baselines.append(baseline)
        ratios.append(rate / baseline)
        progress(
            f"{store} P1 run {run}/{runs}: opsledger {rate:,.0f} commands/s, "
            f"raw {baseline:,.0f} rows/s, ratio {rate / baseline:.3f}"
        )
    ratio = median(ratios)
    average_state = sum(len(state) for _, state in rows) / len(rows)
    return Figure(
        bar="P1",
        store=store,
        value=median(rates),
        unit="commands/s",
        baseline=median(baselines),
        baseline_unit="rows/s",
        ratio=ratio,
        target=f"≥ {P1_BAR_RATIO}x baseline",
        met=ratio >= P1_BAR_RATIO,
        runs=tuple(rates),
        size={"commands": sizes.commands},
        note=(
            f"{sizes.commands:,} commands per run (1/4 register, 1/4 acknowledge, 1/2 escalate), "
            "1 client; each submit decides on the complaint as this process last saw it "
            "(read from the store when not cached) and appends its events with the command's "
            "record in one transaction, one round trip; baseline: one INSERT per "
            "committed transaction of a copied opsledger row "
            f"(state {average_state:.0f} bytes on average) into a table of the log's shape; "
            f"the two take turns in blocks of {P1_BLOCK}; medians of {runs} run(s), ratio = "
            f"median of per-run ratios; {raw.durability()}"
        ),
    )
