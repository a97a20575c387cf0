"""The command line prints to the current sys.stdout, so callers can capture its output."""

from __future__ import annotations

import io
from contextlib import redirect_stdout
from pathlib import Path

import orjson

from infrastructure.cli.main import main


class TestOutputFollowsRedirectedStdout:
    """What the command prints goes to the current sys.stdout, so callers can capture it (JSON
    and tables once went to the stdout of import time)."""

    def test_json_output_is_captured_by_redirect_stdout(self, tmp_path: Path) -> None:
        """`--format json projections status` under redirect_stdout writes into the redirect."""
        buffer = io.StringIO()
        with redirect_stdout(buffer):
            status = main(
                [
                    "--store",
                    f"sqlite:///{tmp_path / 'o.db'}",
                    "--format",
                    "json",
                    "projections",
                    "status",
                ]
            )
        assert status == 0
        assert orjson.loads(buffer.getvalue())[0]["name"] == "audit_trail"
