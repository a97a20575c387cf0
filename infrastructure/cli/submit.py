"""`opsledger submit [FILE|-]`: one envelope, or JSON lines, one result line each."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from infrastructure.cli.arguments import as_json, open_store, positive
from infrastructure.cli.errors import UsageError
from infrastructure.cli.json_lines import Entry, Readable, envelopes
from infrastructure.presentation.results import show_result


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "submit",
        help="send commands: one JSON envelope, or one per line (JSON lines)",
        description="Send command envelopes. Each line is handled in order, on its own: it is "
        "accepted or refused, and later lines see the effects of earlier ones. One result "
        "line is printed per envelope, as soon as it is handled; lines are split on newline "
        "only, and a line over 1 MiB, not UTF-8 or not JSON is refused by itself. A single "
        "envelope may also be pretty-printed over several lines. Exit status 1 when any was "
        "refused.",
    )
    parser.add_argument("file", nargs="?", default="-", help="a file, or - for standard input")
    parser.add_argument(
        "--batch",
        type=positive,
        metavar="N",
        help="store the accepted commands of up to N lines in one transaction, answering them "
        f"after it commits (default {FILE_BATCH} for a file, 1 for standard input, where each "
        "line is answered as it arrives)",
    )
    parser.set_defaults(run=run)


@contextmanager
def _input(path: str) -> Iterator[Readable]:
    """Standard input or the named file, as bytes: each line is decoded on its own."""
    if path == "-":
        yield sys.stdin.buffer
        return
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed by the with below
    except OSError as error:
        raise UsageError(f"opsledger submit: cannot read {path}: {error.strerror}") from None
    with handle:
        yield handle


#: How many lines of a file share one transaction unless --batch says otherwise.
FILE_BATCH = 500


def run(arguments: argparse.Namespace) -> int:
    size = arguments.batch or (1 if arguments.file == "-" else FILE_BATCH)
    refused = False
    with _input(arguments.file) as stream, open_store(arguments) as ledger:
        # Read, handled and answered a batch at a time: memory does not grow with the input.
        for batch in _batches(envelopes(stream), size):
            for result in ledger.submit_batch(batch):
                refused = refused or not result.ok
                show_result(result, as_json=as_json(arguments))
            sys.stdout.flush()
    return 1 if refused else 0


def _batches(entries: Iterator[Entry], size: int) -> Iterator[list[object]]:
    batch: list[object] = []
    for entry in entries:
        batch.append(entry.item())
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
