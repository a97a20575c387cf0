"""The `opsledger` program installed by `pip install .`, run as a separate process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import orjson

from tests.infrastructure.cli.command_line import UNREACHABLE
from tests.infrastructure.cli.complaint_story import story

OPSLEDGER = Path(sys.executable).with_name("opsledger")


class TestInstalledEntryPoint:
    """The `opsledger` program installed by `pip install .` behaves like main()."""

    def _run(self, *argv: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if k != "OPSLEDGER_STORE"}
        return subprocess.run(
            [str(OPSLEDGER), *argv],
            input=stdin,
            capture_output=True,
            text=True,
            timeout=60,
            env=env,
            check=False,
        )

    def test_submit_from_stdin(self, store: str) -> None:
        """JSON lines on stdin give one JSON result per line, exit status 1 with refusals."""
        told = story()
        done = self._run("--store", store, "--format", "json", "submit", "-", stdin=told.text)
        assert done.returncode == 1, done.stderr
        results = [orjson.loads(line) for line in done.stdout.splitlines()]
        assert [r["ok"] for r in results] == [line.code is None for line in told.lines]
        assert done.stderr == ""

    def test_errors_are_one_line_without_traceback(self, tmp_path: Path) -> None:
        """An unreachable store, a bad URL and a bad argument: one line each, no traceback."""
        for argv, status in (
            (["--store", UNREACHABLE, "sweep"], 1),
            (["--store", "mysql://h/db", "sweep"], 2),
            (["--store", f"sqlite:///{tmp_path / 'o.db'}", "audit", "history", "x"], 2),
        ):
            done = self._run(*argv)
            assert done.returncode == status, (argv, done.stderr)
            assert "Traceback" not in done.stderr
            assert len(done.stderr.strip().splitlines()) == 1, done.stderr
