"""`opsledger demo`: a realistic quarter of a company's operations, end to end."""

from __future__ import annotations

import argparse
from typing import Any

from infrastructure.cli.arguments import positive
from infrastructure.demo.run import run_demo


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "demo",
        help="simulate a quarter of operations, check it, catch up the read models, summarise",
        description="Simulates a quarter of a company's operations (deterministic from "
        "--seed): sales orders from contract review to cash, projects from proposal to "
        "closing, complaint handling, each department's budget from compiling to control and "
        "adjustment, the risk register, and the supervision group's rectification notices, "
        "with deadline sweeps as the quarter goes and deliberate mistakes that must be "
        "refused. Exits 1 if anything goes other than planned. Catches up the audit trail "
        "and prints a summary per kind of record (each project's earned value, each "
        "budget's figures, risks by level), and one full history of each kind.",
    )
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    parser.add_argument(
        "--complaints", type=positive, default=240, help="how many complaints (default 240)"
    )
    parser.add_argument(
        "--orders", type=positive, default=320, help="how many orders (default 320)"
    )
    parser.add_argument(
        "--projects", type=positive, default=24, help="how many projects (default 24)"
    )
    parser.add_argument("--risks", type=positive, default=60, help="how many risks (default 60)")
    parser.add_argument(
        "--rectifications",
        type=positive,
        default=24,
        help="how many rectification notices (default 24)",
    )
    parser.add_argument(
        "--no-budgets",
        dest="budgets",
        action="store_false",
        help="leave out the departments' budgets (one per department with a head)",
    )
    parser.set_defaults(run=_run)


def _run(arguments: argparse.Namespace) -> int:
    return run_demo(
        store=arguments.store,
        seed=arguments.seed,
        complaints=arguments.complaints,
        orders=arguments.orders,
        projects=arguments.projects,
        risks=arguments.risks,
        rectifications=arguments.rectifications,
        budgets=arguments.budgets,
        as_json=arguments.format == "json",
    )
