"""`opsledger report kpi`: KPI figures by period and department."""

from __future__ import annotations

import argparse
from typing import Any

from domain.shared.period import InvalidPeriod, Period
from infrastructure.cli.arguments import instant, open_store
from infrastructure.presentation.kpi import show_kpi
from infrastructure.reporting.kpi import kpi_report
from infrastructure.settings import company_timezone


def period(text: str) -> Period:
    """A month `2026-07`, a quarter `2026-Q3` or a year `2026`."""
    try:
        return Period.parse(text)
    except InvalidPeriod as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def register(commands: Any) -> None:
    parser = commands.add_parser("report", help="KPI figures by period and department")
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True
    kpi = actions.add_parser(
        "kpi",
        help="every KPI of one month, quarter or year, by department and company-wide",
        description="Every KPI key of one period (business time, in the company's time zone), "
        "one column per department and one for the whole company; from the read models "
        "(run `opsledger projections catch-up` first to include the newest events), or with "
        "--known-at, from the log as it stood at that recorded time.",
    )
    kpi.add_argument(
        "--period", type=period, required=True, metavar="P", help="2026-07|2026-Q3|2026"
    )
    kpi.add_argument("--department", metavar="D", help="only this department")
    kpi.add_argument(
        "--known-at",
        type=instant,
        metavar="T",
        help="the report as it would have been printed at this recorded time",
    )
    kpi.set_defaults(run=_kpi)


def _kpi(arguments: argparse.Namespace) -> int:
    with open_store(arguments) as opsledger:
        rows = kpi_report(
            database=opsledger.database,
            ledger=opsledger.ledger,
            period=arguments.period,
            zone=company_timezone(),
            department=arguments.department,
            known_at=arguments.known_at,
        )
    show_kpi(rows, form=arguments.format)
    return 0
