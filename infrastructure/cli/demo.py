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
        "closing, and complaint handling, with deadline sweeps as the quarter goes and "
        "deliberate mistakes that must be refused. Exits 1 if anything goes other than "
        "planned. Catches up the audit trail and prints a summary per kind of record, each "
        "project's earned value, and one full history of each kind.",
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
    parser.set_defaults(run=_run)


def _run(arguments: argparse.Namespace) -> int:
    return run_demo(
        store=arguments.store,
        seed=arguments.seed,
        complaints=arguments.complaints,
        orders=arguments.orders,
        projects=arguments.projects,
        as_json=arguments.format == "json",
    )
