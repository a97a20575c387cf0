"""A runner killed with SIGKILL at random moments of a catch-up, again and again, leaves read
models (every one of them) that equal a clean rebuild row for row once a runner finishes the
job."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

from infrastructure.opsledger import Opsledger
from projections.registry import PROJECTIONS
from tests.clocks import FixedClock
from tests.infrastructure.projection_runner.audit_trail_rows import expected_keys, trail
from tests.infrastructure.projection_runner.complaint_log import build_log

#: Kills that must land part-way through a catch-up.
KILLS = 10

#: A runner applying one entry per transaction, so that a catch-up takes long enough to be
#: interrupted, in a process of its own.
RUNNER = """
import sys
from infrastructure.opsledger import Opsledger
from infrastructure.projection_runner import ProjectionRunner
with Opsledger.open(sys.argv[1]) as ledger:
    print("ready", flush=True)
    ProjectionRunner(ledger=ledger.ledger, database=ledger.database, page_size=1).catch_up()
"""


def _rows(ledger: Opsledger, table: str) -> list[tuple[object, ...]]:
    return sorted(ledger.database.query(f"SELECT * FROM {table}"), key=repr)


def test_sigkill_at_random_moments_then_resume_equals_a_clean_rebuild(
    ledger: Opsledger, clock: FixedClock, store_url: str
) -> None:
    clock.advance(days=10)  # the log's business times run 30 minutes a command
    build_log(ledger, clock, complaints=25)
    head = ledger.projections.head()
    chance = random.Random(20261130)
    positions = [0]
    kills = attempts = 0
    while kills < KILLS and attempts < 6 * KILLS:
        attempts += 1
        process = subprocess.Popen(
            [sys.executable, "-c", RUNNER, store_url],
            stdout=subprocess.PIPE,
            env={**os.environ, "PYTHONHASHSEED": "0"},
        )
        assert process.stdout is not None
        assert process.stdout.readline().strip() == b"ready"
        time.sleep(chance.uniform(0.0, 0.04))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        (status,) = ledger.projections.status("audit_trail")
        assert positions[-1] <= status.position <= head
        positions.append(status.position)
        if process.returncode == -signal.SIGKILL and positions[-2] < status.position < head:
            kills += 1
        if status.position >= head:  # the runner finished before the kill: more log to read
            build_log(ledger, clock, complaints=10)
            head = ledger.projections.head()

    ledger.projections.catch_up()
    resumed = trail(ledger)
    assert [r["position"] for r in resumed] == [k[0] for k in expected_keys(ledger)]
    others = {t.name: _rows(ledger, t.name) for p in PROJECTIONS for t in p.tables}
    ledger.projections.rebuild()
    assert trail(ledger) == resumed
    assert {t.name: _rows(ledger, t.name) for p in PROJECTIONS for t in p.tables} == others
    assert kills >= KILLS, f"only {kills} kills landed mid-way: {positions}"
