"""`opsledger sweep`: append breach events for deadlines passed at the clock's now."""

from __future__ import annotations

import argparse
from typing import Any

from infrastructure.cli.arguments import open_store
from infrastructure.presentation.documents import emit_json
from infrastructure.presentation.tables import emit_table


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "sweep",
        help="deadline sweep at the clock's now (system actor)",
        description="Append one breach event (e.g. ComplaintSlaBreached) per item that is open "
        "past a deadline and not yet reported. Running it again appends nothing new.",
    )
    parser.set_defaults(run=run)


def run(arguments: argparse.Namespace) -> int:
    with open_store(arguments) as ledger:
        report = ledger.sweep()
    rows = [
        (b.aggregate_type, str(b.aggregate_id), b.event_type, b.detail) for b in report.breaches
    ]
    if arguments.format == "json":
        emit_json(
            {
                "examined": report.examined,
                "breaches": [
                    dict(zip(("type", "id", "event", "which"), r, strict=True)) for r in rows
                ],
            }
        )
    else:
        print(f"examined {report.examined}, appended {len(report.breaches)} breach event(s)")
        if rows:
            emit_table(("aggregate", "id", "event", "which"), rows)
    return 0
