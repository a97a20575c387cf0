"""What the demo reports when it is done: as tables for people or one JSON object."""

from __future__ import annotations

import sys
from typing import Any, TextIO

import attrs

from infrastructure.presentation.documents import emit_json
from infrastructure.presentation.history import emit_history
from infrastructure.presentation.tables import emit_table


@attrs.frozen(kw_only=True)
class Refused:
    """A command the demo saw refused: deliberately (`deliberate` says what it shows) or not."""

    complaint_id: str
    command_type: str
    actor_id: str
    actor_roles: tuple[str, ...]
    code: str
    message: str
    deliberate: str | None


@attrs.frozen(kw_only=True)
class Summary:
    """The facts of one demo run."""

    company: str
    quarter: str
    seed: int
    complaints: int
    store: str
    elapsed_seconds: float
    paths: dict[str, int]
    statuses: dict[str, int]
    commands_sent: int
    sweeps: int
    breaches_noticed: dict[str, int]
    appended: dict[str, int]
    command_records: int
    refusals: tuple[Refused, ...]
    unexpected: tuple[str, ...]
    security_log_entries: int
    audit_trail_position: int
    log_head: int
    showcase_id: str | None
    showcase_path: str | None
    showcase_history: tuple[dict[str, Any], ...]

    @property
    def events_appended(self) -> int:
        return sum(self.appended.values())

    def to_json(self) -> dict[str, Any]:
        """The summary as one JSON object."""
        document = attrs.asdict(self, recurse=True)
        document["events_appended"] = self.events_appended
        document["showcase_history"] = list(self.showcase_history)
        return document


def print_summary(summary: Summary, *, as_json: bool, out: TextIO | None = None) -> None:
    """One JSON object, or the summary as short tables followed by one complaint's history."""
    out = out if out is not None else sys.stdout  # looked up now, so redirection is honoured
    if as_json:
        emit_json(summary.to_json(), out=out)
        return
    write = out.write
    write(
        f"opsledger demo: {summary.quarter} of complaint handling at {summary.company}\n"
        f"seed {summary.seed}, {summary.complaints} complaints, "
        f"{summary.commands_sent} commands, {summary.sweeps} deadline sweeps, "
        f"{summary.elapsed_seconds:.1f} s\nstore: {summary.store}\n\n"
    )
    emit_table(("path", "complaints"), list(summary.paths.items()), out=out)
    write("\n")
    emit_table(("status at quarter end", "complaints"), list(summary.statuses.items()), out=out)
    write("\n")
    if summary.events_appended:
        write(
            f"events appended: {summary.events_appended} "
            f"(plus {summary.command_records} command records for idempotency)\n"
        )
        by_count = sorted(summary.appended.items(), key=lambda item: (-item[1], item[0]))
        emit_table(("event", "appended"), by_count, out=out)
    else:
        write(
            "events appended: none; the store already held this run's events, and every "
            "command was answered with its first result (same command ids).\n"
            "The deliberate mistakes are refused again, possibly for another reason now that "
            "their complaints have moved on.\n"
        )
    breaches = ", ".join(f"{n} {which}" for which, n in sorted(summary.breaches_noticed.items()))
    write(f"\nSLA breaches noticed by the sweep: {breaches or 'none new'}\n")
    _print_refusals(summary, out)
    write(
        f"\naudit trail caught up: position {summary.audit_trail_position} "
        f"of log head {summary.log_head}\n"
    )
    if summary.showcase_id is not None:
        write(
            f"\nfull history of complaint {summary.showcase_id} ({summary.showcase_path});"
            f" `opsledger audit history {summary.showcase_id}` shows the same:\n"
        )
        emit_history(summary.showcase_history, out=out)


def _print_refusals(summary: Summary, out: TextIO) -> None:
    deliberate = [r for r in summary.refusals if r.deliberate is not None]
    out.write(
        f"\nrefused commands: {len(summary.refusals)} ({len(deliberate)} deliberate mistakes "
        "to show refusals); the security log holds "
        f"{summary.security_log_entries} refusal(s), see `opsledger audit security`\n"
    )
    if summary.refusals:
        emit_table(
            ("command", "actor", "code", "message", "shows"),
            [
                (r.command_type, r.actor_id, r.code, r.message, r.deliberate or "UNEXPECTED")
                for r in summary.refusals
            ],
            out=out,
        )
    for problem in summary.unexpected:
        out.write(f"unexpected: {problem}\n")
