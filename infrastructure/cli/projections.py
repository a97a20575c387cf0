"""`opsledger projections status|catch-up|run|rebuild [NAME]`: keep the read models current."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from infrastructure.cli.arguments import as_json, open_store
from infrastructure.presentation.read_models import show_projection_status
from infrastructure.presentation.reports import show_applied
from infrastructure.projection_follower import follow


def register(commands: Any) -> None:
    parser = commands.add_parser("projections", help="read-model positions, catch-up, rebuild")
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True
    for name, helptext, run in (
        ("status", "each read model's position in the log and its lag", _status),
        ("catch-up", "apply every event not yet applied, then stop", _catch_up),
        ("rebuild", "clear a read model and rebuild it from the whole log", _rebuild),
        (
            "run",
            "keep catching up until interrupted: woken by NOTIFY on PostgreSQL, polling SQLite;"
            " waits and retries while the store is away",
            _run,
        ),
    ):
        action = actions.add_parser(name, help=helptext, description=helptext)
        action.add_argument("name", nargs="?", help="one projection (default: all)")
        if name == "run":
            action.add_argument(
                "--interval",
                type=float,
                default=0.2,
                help="the longest wait between catch-ups, in seconds (default 0.2)",
            )
        action.set_defaults(run=run)


def _status(arguments: argparse.Namespace) -> int:
    with open_store(arguments) as ledger:
        rows = ledger.projections.status(arguments.name)
    show_projection_status(rows, as_json=as_json(arguments))
    return 0


def _catch_up(arguments: argparse.Namespace) -> int:
    with open_store(arguments) as ledger:
        applied = ledger.projections.catch_up(arguments.name)
    show_applied(applied, verb="applied", as_json=as_json(arguments))
    return 0


def _rebuild(arguments: argparse.Namespace) -> int:
    with open_store(arguments) as ledger:
        applied = ledger.projections.rebuild(arguments.name)
    show_applied(applied, verb="rebuilt from", as_json=as_json(arguments))
    return 0


def _run(arguments: argparse.Namespace) -> int:
    with open_store(arguments) as ledger:
        ledger.projections.projectors(arguments.name)  # an unknown name is a usage error now
        follow(
            ledger.projections,
            ledger.wakener(),
            name=arguments.name,
            interval=arguments.interval,
            on_applied=lambda applied: show_applied(
                dict(applied), verb="applied", as_json=as_json(arguments)
            ),
            on_trouble=lambda message: print(f"opsledger: {message}", file=sys.stderr, flush=True),
        )
    return 0
