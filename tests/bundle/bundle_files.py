"""A bundle's files as tests read and change them, and its verifier run as an auditor runs it:
a bare interpreter (`-I`, no environment) in the bundle's directory."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import attrs
import orjson

from infrastructure.bundle.export import Exported, export_bundle
from infrastructure.opsledger import Opsledger
from tests.integrity.raw_log import StoredRow

EXPORTED_AT = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@attrs.frozen(kw_only=True)
class Demo:
    """A store filled by a short demo, and its rows as written."""

    url: str
    rows: tuple[StoredRow, ...]


@attrs.frozen
class Verdict:
    status: int
    out: str
    err: str


def export(url: str, directory: Path, *, first: int = 1, last: int | None = None) -> Exported:
    with Opsledger.open(url) as ledger:
        return export_bundle(
            ledger.database,
            ledger.ledger.mapper,
            directory,
            first=first,
            last=last,
            exported_at=EXPORTED_AT,
        )


def run_verifier(directory: Path) -> Verdict:
    """`python3 -I verify_bundle.py` in the bundle, with an empty environment."""
    done = subprocess.run(
        [sys.executable, "-I", "verify_bundle.py"],
        cwd=directory,
        env={},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return Verdict(done.returncode, done.stdout, done.stderr)


def finding(verdict: Verdict) -> str:
    """The one line the verifier prints when it exits 1, without its "NOT INTACT: "."""
    assert verdict.status == 1, verdict
    assert verdict.out.startswith("NOT INTACT: "), verdict
    assert len(verdict.out.splitlines()) == 1
    return verdict.out.removeprefix("NOT INTACT: ").strip()


def lines(directory: Path) -> list[bytes]:
    """events.jsonl's lines, each with its newline."""
    return (directory / "events.jsonl").read_bytes().splitlines(keepends=True)


def events(directory: Path) -> list[dict[str, Any]]:
    return [orjson.loads(line) for line in lines(directory)]


def write_lines(directory: Path, changed: list[bytes]) -> None:
    (directory / "events.jsonl").write_bytes(b"".join(changed))


def digest(directory: Path) -> dict[str, Any]:
    document: dict[str, Any] = orjson.loads((directory / "digest.json").read_bytes())
    return document


def as_line(event: dict[str, Any]) -> bytes:
    return orjson.dumps(event) + b"\n"
