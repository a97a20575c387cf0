"""The drill with the installed `opsledger` program, each step a process of its own, as an
operator runs it: back up (the digest on standard output), restore into an empty store of the
other kind, `audit verify --digest`. Nothing is written to standard error when it is not a
terminal."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.infrastructure.backup.filled import Filled, raw_rows

OPSLEDGER = Path(sys.executable).with_name("opsledger")


def run(*argv: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "OPSLEDGER_STORE"}
    return subprocess.run(
        [str(OPSLEDGER), *argv], capture_output=True, text=True, timeout=120, env=env, check=False
    )


@pytest.mark.postgres
class TestInstalledProgram:
    def test_sqlite_to_postgres(
        self, sqlite_source: Filled, pg_target: str, tmp_path: Path
    ) -> None:
        backup_file = str(tmp_path / "move.jsonl.gz")
        digest_file = tmp_path / "move-digest.json"

        backed_up = run("--store", sqlite_source.url, "backup", backup_file)
        digest_file.write_text(backed_up.stdout)
        restored = run("--store", pg_target, "restore", backup_file)
        verified = run("--store", pg_target, "audit", "verify", "--digest", str(digest_file))

        assert (backed_up.returncode, backed_up.stderr) == (0, "")
        assert (restored.returncode, restored.stderr) == (0, "")
        assert (verified.returncode, verified.stderr) == (0, ""), verified.stdout
        assert raw_rows(pg_target) == raw_rows(sqlite_source.url)
