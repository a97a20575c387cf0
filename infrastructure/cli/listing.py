"""`opsledger list TYPE`: find records by status, department, customer, deadline or opening."""

from __future__ import annotations

import argparse
from typing import Any

from domain.kinds import KINDS
from infrastructure.cli.arguments import add_wait, as_json, instant, open_store, positive
from infrastructure.presentation.records import show_records
from infrastructure.reporting.records import RecordQuery, find_records


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "list",
        help="find records by status, department, customer, overdue deadline or opening time",
        description="Records of one kind from the records read model, oldest opened first "
        "(run `opsledger projections catch-up` first to include the newest events).",
    )
    parser.add_argument(
        "kind",
        choices=[kind.name for kind in KINDS],
        metavar="TYPE",
        help="order, complaint, project, budget, risk or rectification",
    )
    parser.add_argument("--status", metavar="S", help="only records in this status")
    parser.add_argument("--department", metavar="D", help="only this department's records")
    parser.add_argument("--customer", metavar="C", help="only this customer's records")
    parser.add_argument(
        "--overdue", action="store_true", help="only records whose next deadline has passed"
    )
    parser.add_argument(
        "--from", dest="start", type=instant, metavar="T", help="opened at or after (business time)"
    )
    parser.add_argument(
        "--to", dest="end", type=instant, metavar="T", help="opened before (business time)"
    )
    parser.add_argument("--limit", type=positive, metavar="N", help="at most N records")
    add_wait(parser)
    parser.set_defaults(run=_list)


def _list(arguments: argparse.Namespace) -> int:
    with open_store(arguments) as opsledger:
        rows = find_records(
            opsledger.database,
            RecordQuery(
                kind=arguments.kind,
                status=arguments.status,
                department=arguments.department,
                customer=arguments.customer,
                overdue_at=opsledger.clock.now() if arguments.overdue else None,
                start=arguments.start,
                end=arguments.end,
                limit=arguments.limit,
            ),
        )
    show_records(rows, as_json=as_json(arguments))
    return 0
