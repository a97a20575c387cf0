"""`opsledger sweep`: append breach events for deadlines passed at the clock's now."""

from __future__ import annotations

import argparse
from typing import Any

from infrastructure.cli.arguments import as_json, open_store
from infrastructure.presentation.reports import show_sweep


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
    show_sweep(report, as_json=as_json(arguments))
    return 0
