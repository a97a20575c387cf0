"""`opsledger audit export` through the installed program: the bundle it writes verifies with a
bare interpreter; bad directories and ranges are one-line errors with their exit status; and
progress shows only on a terminal."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

from infrastructure.presentation.progress import Progress
from tests.bundle.bundle_files import Demo, digest, events, run_verifier
from tests.integrity.raw_log import head_hash

OPSLEDGER = Path(sys.executable).with_name("opsledger")


def opsledger(*argv: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "OPSLEDGER_STORE"}
    return subprocess.run(
        [str(OPSLEDGER), *argv], capture_output=True, text=True, timeout=120, env=env, check=False
    )


class TestAuditExport:
    def test_exports_a_range_that_verifies(self, demo: Demo, bundle: Path) -> None:
        done = opsledger(
            "--store",
            demo.url,
            "audit",
            "export",
            str(bundle),
            "--from-position",
            "5",
            "--to-position",
            "60",
        )

        assert done.returncode == 0, done.stderr
        assert done.stdout == (
            f"exported 56 events (positions 5 to 60) to {bundle}; check it there with: "
            "python3 -I verify_bundle.py\n"
        )
        assert done.stderr == ""  # not a terminal: no progress
        assert [line["position"] for line in events(bundle)] == list(range(5, 61))
        assert digest(bundle)["hash"] == head_hash(demo.rows[:60]).hex()
        assert run_verifier(bundle).status == 0

    def test_the_whole_log_by_default(self, demo: Demo, bundle: Path) -> None:
        done = opsledger("--store", demo.url, "audit", "export", str(bundle))

        assert done.returncode == 0, done.stderr
        assert digest(bundle)["position"] == len(demo.rows)
        assert run_verifier(bundle).status == 0

    def test_json_gives_the_digest_and_the_directory(self, demo: Demo, bundle: Path) -> None:
        done = opsledger(
            "--store", demo.url, "--format", "json", "audit", "export", str(bundle),
            "--to-position", "30",
        )  # fmt: skip

        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout) == {"directory": str(bundle), **digest(bundle)}
        assert digest(bundle)["to_position"] == 30
        assert digest(bundle)["hash"] == head_hash(demo.rows[:30]).hex()

    def test_a_directory_holding_files_is_a_usage_error(self, demo: Demo, bundle: Path) -> None:
        bundle.mkdir()
        (bundle / "old.jsonl").write_text("{}\n")

        done = opsledger("--store", demo.url, "audit", "export", str(bundle))

        assert done.returncode == 2
        assert done.stdout == ""
        assert done.stderr == (
            f"opsledger audit export: {bundle} is not empty; export into a new directory\n"
        )

    def test_a_range_backwards_is_a_usage_error(self, demo: Demo, bundle: Path) -> None:
        done = opsledger(
            "--store",
            demo.url,
            "audit",
            "export",
            str(bundle),
            "--from-position",
            "9",
            "--to-position",
            "3",
        )

        assert done.returncode == 2
        assert done.stderr == (
            "opsledger audit export: --to-position 3 lies before --from-position 9\n"
        )
        assert not bundle.exists()

    def test_a_range_after_the_log_is_refused(self, demo: Demo, bundle: Path) -> None:
        done = opsledger(
            "--store", demo.url, "audit", "export", str(bundle), "--from-position", "999999"
        )

        assert done.returncode == 1
        assert done.stderr == (
            f"opsledger audit export: nothing to export: the log ends at position "
            f"{len(demo.rows)}\n"
        )


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class TestProgress:
    def test_a_terminal_sees_the_count_and_a_pipe_nothing(self) -> None:
        terminal, pipe = _Terminal(), io.StringIO()
        for stream in (terminal, pipe):
            progress = Progress("exporting", stream=stream)
            progress(100, 200)
            progress(200, 200)
            progress.finish()

        assert terminal.getvalue() == ("\rexporting: 100/200 events\rexporting: 200/200 events\n")
        assert pipe.getvalue() == ""
