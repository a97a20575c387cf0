"""`opsledger submit [FILE|-]`: one envelope, or JSON lines, one result line each."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from typing import Any

import orjson

from application.results import Result
from infrastructure.cli.arguments import open_store
from infrastructure.cli.errors import UsageError
from infrastructure.cli.output import emit_json


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "submit",
        help="send commands: one JSON envelope, or one per line (JSON lines)",
        description="Send command envelopes. Each line is handled in order, on its own: it is "
        "accepted or refused, and later lines see the effects of earlier ones. One result "
        "line is printed per envelope. Exit status 1 when any was refused.",
    )
    parser.add_argument("file", nargs="?", default="-", help="a file, or - for standard input")
    parser.set_defaults(run=run)


def _read(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except OSError as error:
        raise UsageError(f"opsledger submit: cannot read {path}: {error.strerror}") from None
    except UnicodeDecodeError:
        raise UsageError(f"opsledger submit: {path} is not UTF-8 text") from None


def envelopes(text: str) -> Iterator[tuple[int, Any]]:
    """(line number, parsed JSON or the parse error) for a whole document or each JSON line."""
    stripped = text.strip()
    if not stripped:
        return
    try:
        yield 1, orjson.loads(stripped)
        return
    except orjson.JSONDecodeError:
        pass
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield number, orjson.loads(line)
        except orjson.JSONDecodeError as error:
            yield number, ValueError(f"line {number} is not valid JSON: {error}")


def run(arguments: argparse.Namespace) -> int:
    text = _read(arguments.file)
    refused = False
    with open_store(arguments) as ledger:
        for _, envelope in envelopes(text):
            if isinstance(envelope, ValueError):
                result = ledger.refuse_unreadable(str(envelope))
            else:
                result = ledger.submit(envelope)
            refused = refused or not result.ok
            if arguments.format == "json":
                emit_json(result.to_json())
            else:
                print(_line(result))
            sys.stdout.flush()
    return 1 if refused else 0


def _line(result: Result) -> str:
    if result.ok:
        return f"ok       {result.aggregate_id} v{result.version} {' '.join(result.events)}"
    return f"refused  {result.code}: {result.message}"
