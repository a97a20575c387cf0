"""User mistakes on the command line: each gets one clear line, never a traceback."""

from __future__ import annotations

from pathlib import Path
from uuid import uuid4

from tests.infrastructure.cli.command_line import UNREACHABLE, Cli
from tests.infrastructure.cli.complaint_story import accepted_lines


def _bad_inputs(tmp: Path, store: str) -> list[tuple[str, list[str], int, str]]:
    """(label, argv, exit status, stdin) for user mistakes of every kind."""
    missing = tmp / "missing.jsonl"
    latin1 = tmp / "latin1.jsonl"
    latin1.write_bytes('{"summary": "café"}'.encode("latin-1"))
    broken = tmp / "broken.jsonl"
    broken.write_text(accepted_lines(1) + "{not json\n", encoding="utf-8")
    return [
        ("unreadable file", ["--store", store, "submit", str(missing)], 2, ""),
        ("a directory", ["--store", store, "submit", str(tmp)], 2, ""),
        ("a line not UTF-8", ["--store", store, "submit", str(latin1)], 1, ""),
        ("invalid JSON line", ["--store", store, "submit", str(broken)], 1, ""),
        ("binary on stdin", ["--store", store, "submit", "-"], 1, "\x00\x01\x02"),
        ("unreachable store", ["--store", UNREACHABLE, "projections", "status"], 1, ""),
        ("unreachable store submit", ["--store", UNREACHABLE, "submit", "-"], 1, accepted_lines(1)),
        ("missing sqlite dir", ["--store", f"sqlite:///{tmp}/no/such/dir.db", "sweep"], 1, ""),
        ("unknown projection", ["--store", store, "projections", "status", "kpi_nope"], 2, ""),
        ("unknown projection catch-up", ["--store", store, "projections", "catch-up", "x"], 2, ""),
        ("unknown record", ["--store", store, "audit", "history", str(uuid4())], 1, ""),
        ("unknown record state", ["--store", store, "audit", "state", str(uuid4())], 1, ""),
        ("bad store URL", ["--store", "sqlite://", "sweep"], 2, ""),
        ("bad uuid", ["--store", store, "audit", "state", "12"], 2, ""),
    ]


class TestNoTraceback:
    """No user mistake ever shows a traceback or an internal error; each gets one clear line."""

    def test_bad_inputs(self, cli: Cli, store: str, tmp_path: Path) -> None:
        """Each bad input exits with its status and a short message, never a traceback."""
        for label, argv, status, stdin in _bad_inputs(tmp_path, store):
            outcome = cli(*argv, stdin=stdin)
            assert outcome.status == status, (label, outcome)
            assert "Traceback" not in outcome.err + outcome.out, label
            assert "internal error" not in outcome.err, (label, outcome.err)
            assert "failed unexpectedly" not in outcome.err, (label, outcome.err)
            if status == 2 or not outcome.out:
                assert len(outcome.err.strip().splitlines()) == 1, (label, outcome.err)

    def test_an_unknown_record_says_not_found(self, cli: Cli, store: str) -> None:
        """A history of an id nobody used says not_found."""
        outcome = cli("--store", store, "audit", "history", str(uuid4()))
        assert "not_found" in outcome.err

    def test_an_unreachable_store_names_the_store(self, cli: Cli) -> None:
        """The one line names the store that could not be opened."""
        outcome = cli("--store", UNREACHABLE, "sweep")
        assert outcome.err.startswith("opsledger: ")
        assert "127.0.0.1:1" in outcome.err
