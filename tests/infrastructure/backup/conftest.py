"""Stores for the backup tests: a filled source of each kind, written once per module, and
empty targets of each kind."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from infrastructure.cli.main import main
from tests.infrastructure.backup.filled import Filled, fill
from tests.infrastructure.cli.command_line import Cli, Outcome
from tests.pg import throwaway_database


@pytest.fixture(scope="module")
def sqlite_source(tmp_path_factory: pytest.TempPathFactory) -> Filled:
    return fill(f"sqlite:///{tmp_path_factory.mktemp('source') / 'source.db'}")


@pytest.fixture(scope="module")
def pg_source() -> Iterator[Filled]:
    with throwaway_database(durable=False) as url:
        yield fill(url)


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def source(request: pytest.FixtureRequest) -> Filled:
    """A filled store of each kind in turn; tests read it and never write to it."""
    name = "sqlite_source" if request.param == "sqlite" else "pg_source"
    filled: Filled = request.getfixturevalue(name)
    return filled


@pytest.fixture
def sqlite_target(tmp_path: Path) -> str:
    """Where a restore may go: a SQLite file that does not exist yet."""
    return f"sqlite:///{tmp_path / 'restored.db'}"


@pytest.fixture
def pg_target() -> Iterator[str]:
    """Where a restore may go: a new PostgreSQL database, no table in it."""
    with throwaway_database(durable=False) as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def target(request: pytest.FixtureRequest) -> str:
    """An empty store of each kind in turn."""
    name = "sqlite_target" if request.param == "sqlite" else "pg_target"
    url: str = request.getfixturevalue(name)
    return url


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Cli:
    """Runs `opsledger ARGS` in-process, through its real entry point, and returns its outcome."""
    monkeypatch.chdir(tmp_path)  # a stray default store would land here, not in the repo
    monkeypatch.delenv("OPSLEDGER_STORE", raising=False)

    def run(*argv: str) -> Outcome:
        status = main(list(argv))
        captured = capsys.readouterr()
        return Outcome(status, captured.out, captured.err)

    return run
