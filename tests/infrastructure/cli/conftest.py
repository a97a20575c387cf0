"""Fixtures of the command-line tests: `opsledger` run in-process, and a store of each kind."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from infrastructure.cli.main import main
from tests.infrastructure.cli.command_line import Cli, Outcome
from tests.pg import throwaway_database


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Cli:
    """Runs `opsledger ARGS` in-process and returns its outcome."""
    monkeypatch.chdir(tmp_path)  # a stray default store would land here, not in the repo
    monkeypatch.delenv("OPSLEDGER_STORE", raising=False)

    def run(*argv: str, stdin: str | bytes | None = None) -> Outcome:
        if stdin is not None:
            # Like the real one: text over bytes, which `submit` reads through `.buffer`.
            data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
        status = main(list(argv))
        captured = capsys.readouterr()
        return Outcome(status, captured.out, captured.err)

    return run


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """One store of each kind for this module; every test works on records of its own (a fresh
    PostgreSQL database per test would cost more than the tests)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('cli') / 'opsledger.db'}"
        return
    with throwaway_database() as url:
        yield url
