"""What the lifecycle tests submit: JSON lines, each with the result written beside it."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import attrs

from tests.infrastructure.cli.command_line import Cli, Outcome

Json = dict[str, Any]


@attrs.frozen
class Line:
    """One JSON line and the result it must give: events and version, or an error code."""

    text: str
    events: tuple[str, ...] = ()
    version: int | None = None
    code: str | None = None

    @property
    def expected(self) -> tuple[Any, ...]:
        return ("ok", self.events, self.version) if self.code is None else ("error", self.code)


def results(outcome: Outcome) -> list[tuple[Any, ...]]:
    """What `opsledger submit --format json` answered, line by line, in `Line.expected`'s form."""
    return [
        ("ok", tuple(r["events"]), r["version"]) if r["ok"] else ("error", r["error"]["code"])
        for r in outcome.json_lines()
    ]


def history_of(cli: Cli, store: str, aggregate_id: UUID) -> list[Json]:
    """`opsledger audit history` of one record, as JSON."""
    outcome = cli("--store", store, "--format", "json", "audit", "history", str(aggregate_id))
    assert outcome.status == 0, outcome.err
    history: list[Json] = outcome.json()
    return history
