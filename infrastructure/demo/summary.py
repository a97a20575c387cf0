"""The demo's summary, the same for every kind of record: short tables and the showcase
histories for people, or one JSON object."""

from __future__ import annotations

import sys
from typing import Any, TextIO

import attrs

from infrastructure.demo.figures import SHOWN
from infrastructure.presentation.documents import emit_json
from infrastructure.presentation.history import emit_history
from infrastructure.presentation.tables import emit_table


@attrs.frozen(kw_only=True)
class Refused:
    """A command the demo saw refused: deliberately (`deliberate` says what it shows and
    `expected_code` how it must be refused) or not."""

    kind: str
    record_id: str
    command_type: str
    actor_id: str
    actor_roles: tuple[str, ...]
    code: str
    message: str
    expected_code: str | None
    deliberate: str | None


@attrs.frozen(kw_only=True)
class Record:
    """One record of a kind that derives figures from its state, as it stood at quarter end."""

    id: str
    label: str
    department: str | None
    path: str
    status: str
    figures: dict[str, str | None]


@attrs.frozen(kw_only=True)
class KindSummary:
    """One kind of record over the quarter: how many, the paths they took, where they stand
    at its end, the events appended, what the sweep found, and one record's full history."""

    kind: str
    count: int
    paths: dict[str, int]
    statuses: dict[str, int]
    #: Counts by something other than the status (a risk's level), each under its title.
    tallies: dict[str, dict[str, int]]
    departments: dict[str, int]
    appended: dict[str, int]
    breaches_noticed: dict[str, int]
    #: How many records the plan predicted the sweep to find late (None: not predicted).
    breaches_predicted: int | None
    deliberate_refusals: int
    records: tuple[Record, ...]
    showcase_id: str
    showcase_path: str
    showcase_history: tuple[dict[str, Any], ...]

    @property
    def plural(self) -> str:
        return f"{self.kind}s"


@attrs.frozen(kw_only=True)
class Summary:
    """The facts of one demo run."""

    company: str
    quarter: str
    seed: int
    store: str
    elapsed_seconds: float
    commands_sent: int
    sweeps: int
    kinds: tuple[KindSummary, ...]
    command_records: int
    refusals: tuple[Refused, ...]
    unexpected: tuple[str, ...]
    #: The refusals this run wrote to the security log, in the chain.
    security_log_entries: int
    audit_trail_position: int
    log_head: int

    @property
    def events_appended(self) -> int:
        return sum(sum(kind.appended.values()) for kind in self.kinds)

    def kind(self, name: str) -> KindSummary:
        return next(kind for kind in self.kinds if kind.kind == name)

    def to_json(self) -> dict[str, Any]:
        """The summary as one JSON object; each kind's summary under its name."""
        document = attrs.asdict(self, recurse=True)
        document["events_appended"] = self.events_appended
        document["kinds"] = {
            kind["kind"]: {**kind, "showcase_history": list(kind["showcase_history"])}
            for kind in document["kinds"]
        }
        return document


def print_summary(summary: Summary, *, as_json: bool, out: TextIO | None = None) -> None:
    """One JSON object, or the summary as short tables followed by the showcase histories."""
    out = out if out is not None else sys.stdout  # looked up now, so redirection is honoured
    if as_json:
        emit_json(summary.to_json(), out=out)
        return
    write = out.write
    counts = ", ".join(f"{kind.count} {kind.plural}" for kind in summary.kinds)
    write(
        f"opsledger demo: {summary.quarter} of operations at {summary.company}\n"
        f"seed {summary.seed}: {counts}; {summary.commands_sent} commands, "
        f"{summary.sweeps} deadline sweeps, {summary.elapsed_seconds:.1f} s\n"
        f"store: {summary.store}\n"
    )
    for kind in summary.kinds:
        _print_kind(kind, out)
    write("\n")
    if summary.events_appended:
        write(
            f"events appended: {summary.events_appended} "
            f"(plus {summary.command_records} command records for idempotency)\n"
        )
    else:
        write(
            "events appended: none; the store already held this run's events, and every "
            "command was answered with its first result (same command ids).\n"
            "The deliberate mistakes are refused again, possibly for another reason now that "
            "their records have moved on.\n"
        )
    _print_refusals(summary, out)
    write(
        f"\naudit trail caught up: position {summary.audit_trail_position} "
        f"of log head {summary.log_head}\n"
    )
    for kind in summary.kinds:
        if kind.showcase_history:
            write(
                f"\nfull history of {kind.kind} {kind.showcase_id} ({kind.showcase_path});"
                f" `opsledger audit history {kind.showcase_id}` shows the same:\n"
            )
            emit_history(kind.showcase_history, out=out)
    if summary.unexpected:
        write("\nTHE QUARTER DID NOT GO AS PLANNED:\n")
        for problem in summary.unexpected:
            write(f"unexpected: {problem}\n")


def _print_kind(kind: KindSummary, out: TextIO) -> None:
    write = out.write
    write(f"\n== {kind.plural}: {kind.count} ==\n")
    emit_table(("path", kind.plural), list(kind.paths.items()), out=out)
    write("\n")
    emit_table(("status at quarter end", kind.plural), list(kind.statuses.items()), out=out)
    for title, counts in kind.tallies.items():
        write("\n")
        emit_table((title, kind.plural), list(counts.items()), out=out)
    if len(kind.departments) > 1:
        write("\n")
        emit_table(("department", kind.plural), list(kind.departments.items()), out=out)
    write("\n")
    emit_table(("event", "appended"), list(kind.appended.items()), out=out)
    noticed = ", ".join(f"{n} {what}" for what, n in kind.breaches_noticed.items())
    predicted = (
        ""
        if kind.breaches_predicted is None
        else f" ({kind.breaches_predicted} predicted by the plan, each checked)"
    )
    write(
        f"\ndeadline breaches noticed by the sweep: {noticed or 'none new'}{predicted}\n"
        f"deliberate mistakes refused: {kind.deliberate_refusals}\n"
    )
    if kind.records:
        shown = [name for name in SHOWN.get(kind.kind, ()) if name in kind.records[0].figures]
        write(f"\n{kind.plural} at quarter end:\n")
        emit_table(
            ("name", "department", "status", *(name.upper() for name in shown)),
            [
                (
                    record.label,
                    record.department,
                    record.status,
                    *(record.figures.get(name) or "-" for name in shown),
                )
                for record in kind.records
            ],
            out=out,
        )


def _print_refusals(summary: Summary, out: TextIO) -> None:
    deliberate = [r for r in summary.refusals if r.deliberate is not None]
    out.write(
        f"\nrefused commands: {len(summary.refusals)} ({len(deliberate)} deliberate mistakes "
        "to show refusals, each checked for its error code); each is in the chained log as "
        f"its security-log entry ({summary.security_log_entries} written), see "
        "`opsledger audit security`\n"
    )
    if summary.refusals:
        emit_table(
            ("command", "actor", "code", "expected", "shows"),
            [
                (
                    r.command_type,
                    r.actor_id,
                    r.code,
                    r.expected_code or "accepted",
                    r.deliberate or "UNEXPECTED",
                )
                for r in summary.refusals
            ],
            out=out,
        )
