"""Tampering through the command line: `opsledger audit digest` prints the verified head and
`opsledger audit verify [--digest FILE]` exits 0 when intact, 1 with the finding, 2 on a bad
digest file."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import orjson
import pytest

from infrastructure.cli.main import main
from tests.integrity.raw_log import RawLog, head_hash
from tests.integrity.stores import Populated
from tests.integrity.tampering.history_rows import first, severity_raised


@attrs.frozen
class Outcome:
    status: int
    out: str
    err: str

    def json(self) -> Any:
        (line,) = self.out.splitlines()
        return orjson.loads(line)


Cli = Callable[..., Outcome]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Cli:
    """Runs `opsledger ARGS` in-process."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("OPSLEDGER_STORE", raising=False)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))

    def run(*argv: str) -> Outcome:
        status = main(list(argv))
        captured = capsys.readouterr()
        return Outcome(status, captured.out, captured.err)

    return run


@pytest.fixture
def digest_file(populated: Populated, cli: Cli, tmp_path: Path) -> Path:
    """The head printed by `opsledger audit digest`, kept in a file outside the store."""
    printed = cli("--store", populated.url, "audit", "digest")
    assert printed.status == 0, printed
    path = tmp_path / "digest.json"
    path.write_text(printed.out)
    return path


class TestCliDigest:
    """`opsledger audit digest` prints the verified head as {"position", "hash"}."""

    def test_prints_the_head(self, populated: Populated, cli: Cli) -> None:
        printed = cli("--store", populated.url, "audit", "digest")

        assert printed.status == 0, printed
        assert printed.json() == {
            "position": populated.size,
            "hash": head_hash(populated.rows).hex(),
        }

    def test_refuses_a_tampered_log_with_the_finding(self, populated: Populated, cli: Cli) -> None:
        with RawLog(populated.url) as raw:
            raw.delete(10)

        printed = cli("--store", populated.url, "audit", "digest")

        assert printed.status == 1, printed
        assert printed.out.startswith("FAILED after 9 good events")
        assert "position 10" in printed.out
        assert '"hash"' not in printed.out


class TestCliVerify:
    """`opsledger audit verify [--digest FILE]`: exit 0 when intact, 1 with the finding."""

    def test_intact_exits_0(self, populated: Populated, cli: Cli, digest_file: Path) -> None:
        printed = cli("--store", populated.url, "audit", "verify", "--digest", str(digest_file))

        assert printed.status == 0, printed
        assert printed.out.startswith(f"ok: {populated.size} events verified")

    def test_tampered_exits_1_naming_the_event(
        self, populated: Populated, cli: Cli, digest_file: Path
    ) -> None:
        row = first(populated, "ComplaintClassified")
        with RawLog(populated.url) as raw:
            raw.update(row.position, state=severity_raised(row.state))

        printed = cli("--store", populated.url, "audit", "verify", "--digest", str(digest_file))

        assert printed.status == 1, printed
        assert f"FAILED after {row.position - 1} good events" in printed.out
        assert (
            f"position {row.position}, ComplaintClassified of {row.originator_id} version "
            f"{row.version}"
        ) in printed.out

    def test_truncated_exits_1_only_with_the_digest(
        self, populated: Populated, cli: Cli, digest_file: Path
    ) -> None:
        with RawLog(populated.url) as raw:
            raw.delete(populated.size)

        assert cli("--store", populated.url, "audit", "verify").status == 0
        printed = cli("--store", populated.url, "audit", "verify", "--digest", str(digest_file))
        assert printed.status == 1, printed
        assert f"position {populated.size}" in printed.out

    def test_json_when_intact(self, populated: Populated, cli: Cli, digest_file: Path) -> None:
        printed = cli(
            "--store",
            populated.url,
            "--format",
            "json",
            "audit",
            "verify",
            "--digest",
            str(digest_file),
        )

        assert printed.status == 0, printed
        assert printed.json() == {
            "ok": True,
            "checked": populated.size,
            "head": {"position": populated.size, "hash": head_hash(populated.rows).hex()},
            "finding": None,
            "snapshots": {"checked": 0, "unchecked": 0, "finding": None},
        }

    def test_json_with_the_finding(self, populated: Populated, cli: Cli) -> None:
        row = populated.rows[29]
        with RawLog(populated.url) as raw:
            raw.update(row.position, topic="ComplaintEscalated")

        printed = cli("--store", populated.url, "--format", "json", "audit", "verify")

        assert printed.status == 1, printed
        document = printed.json()
        assert document["ok"] is False
        assert document["checked"] == 29
        assert document["head"] == {"position": 29, "hash": head_hash(populated.rows[:29]).hex()}
        assert document["finding"] == {
            "position": 30,
            "problem": document["finding"]["problem"],
            "aggregate_id": str(row.originator_id),
            "version": row.version,
            "event_type": "ComplaintEscalated",
        }
        assert isinstance(document["finding"]["problem"], str)


class TestCliMalformedDigestFile:
    """A digest file that is not a digest is a usage error: exit 2, one line, no traceback."""

    @pytest.mark.parametrize(
        "content",
        [
            "",
            "not json",
            "[]",
            "42",
            '{"position": 3}',
            '{"hash": "00"}',
            '{"position": "three", "hash": "00"}',
            '{"position": null, "hash": "00"}',
        ],
    )
    def test_not_a_digest(
        self, populated: Populated, cli: Cli, tmp_path: Path, content: str
    ) -> None:
        path = tmp_path / "digest.json"
        path.write_text(content)

        printed = cli("--store", populated.url, "audit", "verify", "--digest", str(path))

        assert printed.status == 2, printed
        assert printed.out == ""
        assert printed.err.strip().splitlines() == [
            f'opsledger audit verify: {path} is not a digest ({{"position": N, "hash": "..."}})'
        ]

    def test_missing_file(self, populated: Populated, cli: Cli, tmp_path: Path) -> None:
        path = tmp_path / "no-such-digest.json"

        printed = cli("--store", populated.url, "audit", "verify", "--digest", str(path))

        assert printed.status == 2, printed
        assert len(printed.err.strip().splitlines()) == 1
        assert f"cannot read {path}" in printed.err
        assert "Traceback" not in printed.err
