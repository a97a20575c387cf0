"""scripts/bench (DESIGN §5) in its smallest configuration: the figures it prints on each store,
and that it never writes beside events a store already holds. Speed itself is not tested."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest

from infrastructure.bench.baselines import RAW_TABLE
from infrastructure.bench.cli import main
from infrastructure.bench.p1_commands import complaint_commands
from infrastructure.bench.sizes import SIZES
from infrastructure.opsledger import Opsledger

TINY = ["--tiny", "--runs", "1"]
ROOT = Path(__file__).resolve().parents[2]


def _suffix(store_url: str) -> str:
    return ".sqlite" if store_url.startswith("sqlite") else ""


def _kind(store_url: str) -> str:
    return "sqlite" if store_url.startswith("sqlite") else "postgresql"


def _bench_json(store_url: str, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    status = main(["--store", store_url, *TINY, "--json"])
    out = capsys.readouterr().out
    assert status == 0
    figures: dict[str, Any] = json.loads(out)
    return figures


def _is_positive_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value > 0


def _has_raw_table(store_url: str) -> bool:
    with Opsledger.open(store_url) as opsledger:
        if opsledger.database.dialect == "sqlite":
            statement = "SELECT 1 FROM sqlite_master WHERE name = %s"
        else:
            statement = "SELECT 1 FROM information_schema.tables WHERE table_name = %s"
        return bool(opsledger.database.query(statement, (RAW_TABLE,)))


class TestFigures:
    """`--json` prints one object keyed by bar id, P1, P5, P6 per store, with positive numbers."""

    def test_p1_and_p6_are_keyed_by_bar_and_store_with_positive_figures(
        self, store_url: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """PostgreSQL figures are keyed `P1`, `P6`, SQLite ones `P1.sqlite`, `P6.sqlite`. P1 is
        commands/s beside the raw rows/s of the same run and their ratio, met at 0.6; P6 is the
        p50 milliseconds to load the N-event aggregate it names, with no baseline.
        The baseline's scratch table is gone afterwards."""
        figures = _bench_json(store_url, capsys)
        suffix = _suffix(store_url)
        assert set(figures) == {f"P1{suffix}", f"P5{suffix}", f"P6{suffix}"}
        assert {figure["store"] for figure in figures.values()} == {_kind(store_url)}

        p1 = figures[f"P1{suffix}"]
        assert (p1["unit"], p1["baseline_unit"]) == ("commands/s", "rows/s")
        for field in ("value", "baseline", "ratio"):
            assert _is_positive_number(p1[field]), field
        assert p1["met"] is (p1["ratio"] >= 0.6)
        assert p1["size"] == {"commands": SIZES["tiny"].commands}
        assert len(p1["runs"]) == 1

        p6 = figures[f"P6{suffix}"]
        assert p6["unit"] == "ms"
        assert _is_positive_number(p6["value"])
        assert (p6["baseline"], p6["ratio"]) == (None, None)
        assert p6["met"] is (p6["value"] <= 2.0)
        assert p6["size"]["events"] == SIZES["tiny"].aggregate_events
        assert f"N={SIZES['tiny'].aggregate_events}" in p6["note"]
        assert not _has_raw_table(store_url), "the baseline's scratch table outlived the run"

        p5 = figures[f"P5{suffix}"]
        assert (p5["unit"], p5["baseline_unit"]) == ("events/s", "rows/s")
        for field in ("value", "baseline", "ratio"):
            assert _is_positive_number(p5[field]), field
        assert p5["met"] is (p5["ratio"] >= 0.7)
        assert p5["size"]["events"] > SIZES["tiny"].aggregate_events


class TestTable:
    """Without --json the figures are a table for people."""

    def test_table_has_a_row_per_bar_and_its_notes(
        self, sqlite_url: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Headings, one row for P1 and one for P6, and a note naming the aggregate's N."""
        assert main(["--store", sqlite_url, *TINY]) == 0
        lines = capsys.readouterr().out.splitlines()
        assert lines[0].split() == [
            "bar",
            "store",
            "value",
            "unit",
            "baseline",
            "ratio",
            "bar",
            "target",
            "met",
        ]
        assert [line.split()[:2] for line in lines[2:5]] == [
            ["P1", "sqlite"],
            ["P5", "sqlite"],
            ["P6", "sqlite"],
        ]
        assert any(line.startswith("P6.sqlite: N=") for line in lines)

    def test_module_runs_as_a_script(self, sqlite_url: str) -> None:
        """`python -m infrastructure.bench`, as scripts/bench runs it, prints JSON and exits 0."""
        done = subprocess.run(
            [sys.executable, "-m", "infrastructure.bench", "--store", sqlite_url, *TINY, "--json"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert set(json.loads(done.stdout)) == {"P1.sqlite", "P5.sqlite", "P6.sqlite"}


class TestUsersData:
    """A store named by --store is benchmarked only while it holds no events."""

    def test_store_with_events_is_refused_in_one_line(
        self, store_url: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The bench exits 1 with one line on stderr and writes nothing."""
        with Opsledger.open(store_url) as opsledger:
            assert opsledger.submit(complaint_commands(1)[0]).ok
            before = len(opsledger.ledger.recorder.select_notifications(start=None, limit=100))
        status = main(["--store", store_url, *TINY])
        captured = capsys.readouterr()
        assert status == 1
        assert captured.out == ""
        assert captured.err.count("\n") == 1
        assert "already holds events" in captured.err
        with Opsledger.open(store_url) as opsledger:
            after = opsledger.ledger.recorder.select_notifications(start=None, limit=100)
        assert len(after) == before

    def test_bad_url_is_one_line(self, capsys: pytest.CaptureFixture[str]) -> None:
        """An unusable URL is a one-line error, not a traceback."""
        assert main(["--store", f"mysql://{uuid.uuid4().hex}", *TINY]) == 1
        err = capsys.readouterr().err
        assert err.startswith("bench: unsupported store URL")
        assert err.count("\n") == 1


class TestWorkload:
    """P1's commands are a service desk's mix that opsledger accepts in order."""

    def test_about_a_quarter_register_a_quarter_acknowledge_half_escalate(self) -> None:
        """Out of 400 commands, each kind is within one percent of its share."""
        kinds = [command["type"] for command in complaint_commands(400)]
        shares = {
            "complaint.register": 0.25,
            "complaint.acknowledge": 0.25,
            "complaint.escalate": 0.5,
        }
        assert len(kinds) == 400
        for kind, share in shares.items():
            assert abs(kinds.count(kind) / 400 - share) <= 0.01, kind

    def test_each_command_follows_its_complaints_registration(self) -> None:
        """Acknowledge and escalate name a complaint registered earlier; levels rise from 1."""
        registered: set[str] = set()
        levels: dict[str, int] = {}
        for command in complaint_commands(200):
            complaint = command["aggregate_id"]
            if command["type"] == "complaint.register":
                registered.add(complaint)
                continue
            assert complaint in registered
            if command["type"] == "complaint.escalate":
                assert command["payload"]["level"] == levels.get(complaint, 0) + 1
                assert command["reason"]
                levels[complaint] = command["payload"]["level"]
