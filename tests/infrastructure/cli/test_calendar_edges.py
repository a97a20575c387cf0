"""Times at the edges of the calendar on the command line: one outside the years 1 to 9999 in UTC
is a usage error (exit 2, one line), never an OverflowError; the edges themselves work."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.infrastructure.cli.command_line import Cli
from tests.infrastructure.cli.complaint_story import accepted_lines

#: Command lines that read a time T, for a record with id ID.
Argv = Callable[[str, str], list[str]]
TIME_OPTIONS: dict[str, Argv] = {
    "history --as-of": lambda record, t: ["audit", "history", record, "--as-of", t],
    "state --as-of": lambda record, t: ["audit", "state", record, "--as-of", t],
    "actor --from": lambda _, t: ["audit", "actor", "u-cs-ok", "--from", t],
    "actor --to": lambda _, t: ["audit", "actor", "u-cs-ok", "--to", t],
}

#: Times that lie before the year 1 or after 9999 once moved to UTC (the company's zone is
#: ahead of UTC: +08:05:43, local mean time, in the year 1, and +08:00 in 9999).
OUTSIDE = (
    "0001-01-01",
    "0001-01-01T07:59:59",
    "0001-01-01T00:00:00+00:01",
    "9999-12-31T23:59:59-00:01",
    "9999-12-31T20:00:00-05:00",
)

#: The first and last instants there are, and times just inside them.
INSIDE = (
    "0001-01-01T00:00:00+00:00",
    "0001-01-01T09:00:00",
    "9999-12-31",
    "9999-12-31T23:59:59.999999",
    "9999-12-31T23:59:59.999999+00:00",
)


@pytest.fixture
def record(cli: Cli, store: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """The id of one registered complaint; the company's zone set to Asia/Shanghai."""
    monkeypatch.setenv("OPSLEDGER_TIMEZONE", "Asia/Shanghai")
    outcome = cli("--store", store, "--format", "json", "submit", stdin=accepted_lines(1))
    aggregate_id: str = outcome.json()["aggregate_id"]
    return aggregate_id


class TestTimesOutsideTheCalendar:
    """Exit 2 with one clear line, for every option that reads a time."""

    @pytest.mark.parametrize("option", sorted(TIME_OPTIONS))
    @pytest.mark.parametrize("time", OUTSIDE)
    def test_is_a_usage_error(
        self, cli: Cli, store: str, record: str, option: str, time: str
    ) -> None:
        outcome = cli("--store", store, *TIME_OPTIONS[option](record, time))

        assert outcome.status == 2, outcome
        assert outcome.out == ""
        assert outcome.err.count("\n") == 1, outcome.err
        assert "outside the years 1 to 9999 in UTC" in outcome.err
        assert "Traceback" not in outcome.err
        assert "internal error" not in outcome.err
        assert "failed unexpectedly" not in outcome.err


class TestTimesAtTheEdges:
    """The first and last instants of the calendar are ordinary times."""

    @pytest.mark.parametrize("time", INSIDE)
    def test_history_and_state_as_of(self, cli: Cli, store: str, record: str, time: str) -> None:
        """Before the record existed: not found (exit 1); after: its history and state."""
        expected = 1 if time.startswith("0001") else 0
        for option in ("history --as-of", "state --as-of"):
            outcome = cli("--store", store, *TIME_OPTIONS[option](record, time))

            assert outcome.status == expected, (option, outcome)
            assert "internal error" not in outcome.err
            assert "failed unexpectedly" not in outcome.err

    @pytest.mark.parametrize("time", INSIDE)
    def test_actor_from_and_to(self, cli: Cli, store: str, record: str, time: str) -> None:
        """An actor's events from or to either end of the calendar: exit 0."""
        for option in ("actor --from", "actor --to"):
            outcome = cli("--store", store, *TIME_OPTIONS[option](record, time))

            assert outcome.status == 0, (option, outcome)


class TestVersionBeyondAStore:
    """--version beyond what a store holds is a usage error, not an overflow."""

    def test_beyond_64_bits(self, cli: Cli, store: str, record: str) -> None:
        outcome = cli("--store", store, "audit", "history", record, "--version", str(2**63))

        assert outcome.status == 2, outcome
        assert "must be at most" in outcome.err

    def test_the_largest_is_fine(self, cli: Cli, store: str, record: str) -> None:
        outcome = cli("--store", store, "audit", "history", record, "--version", str(2**63 - 1))

        assert outcome.status == 0, outcome
