"""Concurrent writers on the same complaints (DESIGN §5, reliability bar 1).

Several processes, each with its own opsledger on the same store, send conflicting commands to
the same few complaints at the same time:

(a) contested: escalate and classify with the `expected_version` read just before, and escalate
    and assign without it (the handler re-decides those after losing a race);
(b) races only one can win: every process registers and then acknowledges the same new
    complaint, each with its own command id;
(c) idempotency under race: every process sends the very same envelope (same command id).

The parent then checks the outcome against the log: every answer is accepted or refused with
`concurrency_conflict`, `rule_violation` or `invalid_transition`, never anything else; no update
is lost and no command is applied twice; versions are gap-free; replaying the accepted commands
in version order through their decisions gives exactly the stored events and the final state;
and the global log holds every stored event exactly once, in strictly increasing positions.
"""

from __future__ import annotations

from collections import Counter

import pytest

from tests.reliability.concurrent_writers.outcome_checks import check_answers, check_log, summarise
from tests.reliability.concurrent_writers.scenario import prepare, run_workers


def run_scenario(
    url: str, *, workers: int, contested: int, rounds: int, seconds: float, races: int, shared: int
) -> None:
    scenario = prepare(url, contested=contested, races=races, shared=shared)
    outcomes = run_workers(scenario, workers=workers, rounds=rounds, seconds=seconds)
    summary = summarise(outcomes)
    print(*sorted(summary.items()), sep="\n")
    check_answers(outcomes, workers=workers)
    check_log(scenario, outcomes)
    # The contest was real: something was accepted and some writer lost on the contested ones.
    codes = Counter[str]()
    for (phase, _, code), count in summary.items():
        if phase == "contested":
            codes[code] += count
    assert codes["ok"] > 0, summary
    assert codes.total() > codes["ok"], summary


@pytest.mark.slow
@pytest.mark.postgres
def test_concurrent_writers_on_postgresql(pg_url: str) -> None:
    run_scenario(pg_url, workers=4, contested=3, rounds=80, seconds=20.0, races=10, shared=10)


@pytest.mark.slow
def test_concurrent_writers_on_sqlite(sqlite_url: str) -> None:
    run_scenario(sqlite_url, workers=2, contested=2, rounds=60, seconds=10.0, races=6, shared=6)
