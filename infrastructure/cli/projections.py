"""`opsledger projections status|catch-up|run|rebuild [NAME]`: keep the read models current."""

from __future__ import annotations

import argparse
import time
from typing import Any

from infrastructure.cli.arguments import open_store
from infrastructure.presentation.documents import emit_json
from infrastructure.presentation.tables import emit_table


def register(commands: Any) -> None:
    parser = commands.add_parser("projections", help="read-model positions, catch-up, rebuild")
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True
    for name, helptext, run in (
        ("status", "each read model's position in the log and its lag", _status),
        ("catch-up", "apply every event not yet applied, then stop", _catch_up),
        ("rebuild", "clear a read model and rebuild it from the whole log", _rebuild),
        ("run", "keep catching up until interrupted (polls the log)", _run),
    ):
        action = actions.add_parser(name, help=helptext, description=helptext)
        action.add_argument("name", nargs="?", help="one projection (default: all)")
        if name == "run":
            action.add_argument("--interval", type=float, default=0.2, help="seconds between polls")
        action.set_defaults(run=run)


def _status(arguments: argparse.Namespace) -> int:
    with open_store(arguments) as ledger:
        rows = ledger.projections.status(arguments.name)
    if arguments.format == "json":
        emit_json(
            [{"name": s.name, "position": s.position, "head": s.head, "lag": s.lag} for s in rows]
        )
    else:
        emit_table(
            ("projection", "position", "head", "lag"),
            [(s.name, s.position, s.head, s.lag) for s in rows],
        )
    return 0


def _report(arguments: argparse.Namespace, applied: dict[str, int], verb: str) -> None:
    if arguments.format == "json":
        emit_json(applied)
    else:
        for name, count in applied.items():
            print(f"{name}: {verb} {count} event(s)")


def _catch_up(arguments: argparse.Namespace) -> int:
    with open_store(arguments) as ledger:
        _report(arguments, ledger.projections.catch_up(arguments.name), "applied")
    return 0


def _rebuild(arguments: argparse.Namespace) -> int:
    with open_store(arguments) as ledger:
        _report(arguments, ledger.projections.rebuild(arguments.name), "rebuilt from")
    return 0


def _run(arguments: argparse.Namespace) -> int:
    with open_store(arguments) as ledger:
        while True:
            applied = ledger.projections.catch_up(arguments.name)
            if any(applied.values()):
                _report(arguments, applied, "applied")
            time.sleep(arguments.interval)
