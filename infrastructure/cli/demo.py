"""`opsledger demo`: a realistic quarter of complaint handling, end to end."""

from __future__ import annotations

import argparse
from typing import Any

from infrastructure.cli.arguments import positive
from infrastructure.demo.run import run_demo


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "demo",
        help="simulate a quarter of operations, catch up the read models, show a summary",
        description="Simulates a quarter of complaint handling for a company with several "
        "departments (deterministic from --seed), sweeps deadlines as the quarter goes, catches "
        "up the audit trail, and prints a summary and one complaint's full history.",
    )
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    parser.add_argument(
        "--complaints", type=positive, default=240, help="how many complaints (default 240)"
    )
    parser.set_defaults(run=_run)


def _run(arguments: argparse.Namespace) -> int:
    return run_demo(
        store=arguments.store,
        seed=arguments.seed,
        complaints=arguments.complaints,
        as_json=arguments.format == "json",
    )
