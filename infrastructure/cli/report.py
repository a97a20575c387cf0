"""`opsledger report kpi|compliance`: KPI figures and compliance findings by period and
department."""

from __future__ import annotations

import argparse
from typing import Any

from domain.shared.period import InvalidPeriod, Period
from infrastructure.cli.arguments import add_wait, instant, open_store
from infrastructure.presentation.compliance import show_compliance
from infrastructure.presentation.kpi import show_kpi
from infrastructure.reporting.compliance import compliance_report
from infrastructure.reporting.kpi import kpi_report
from infrastructure.settings import company_timezone
from projections.compliance.findings import Rule


def period(text: str) -> Period:
    """A month `2026-07`, a quarter `2026-Q3` or a year `2026`."""
    try:
        return Period.parse(text)
    except InvalidPeriod as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "report", help="KPI figures and compliance by period and department"
    )
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
    _period_options(kpi)
    add_wait(kpi)
    kpi.set_defaults(run=_kpi)
    compliance = actions.add_parser(
        "compliance",
        help="rule breaches open in one month, quarter or year, and the compliance rates",
        description="Every finding open at any time in the period (business time, in the "
        "company's time zone), open and closed, and per rule the compliance rate of each "
        "department and of the company: subjects without a finding ÷ subjects. From the read "
        "models (run `opsledger projections catch-up` first to include the newest events), or "
        "with --known-at, from the log as it stood at that recorded time.",
    )
    _period_options(compliance)
    compliance.add_argument(
        "--rule", choices=[rule.value for rule in Rule], metavar="R", help="only this rule"
    )
    add_wait(compliance)
    compliance.set_defaults(run=_compliance)


def _period_options(report: argparse.ArgumentParser) -> None:
    """--period, --department and --known-at, as every report takes them."""
    report.add_argument(
        "--period", type=period, required=True, metavar="P", help="2026-07|2026-Q3|2026"
    )
    report.add_argument("--department", metavar="D", help="only this department")
    report.add_argument(
        "--known-at",
        type=instant,
        metavar="T",
        help="the report as it would have been printed at this recorded time",
    )


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


def _compliance(arguments: argparse.Namespace) -> int:
    with open_store(arguments) as opsledger:
        report = compliance_report(
            database=opsledger.database,
            ledger=opsledger.ledger,
            period=arguments.period,
            zone=company_timezone(),
            department=arguments.department,
            rule=None if arguments.rule is None else Rule(arguments.rule),
            known_at=arguments.known_at,
        )
    show_compliance(report, form=arguments.format)
    return 0
