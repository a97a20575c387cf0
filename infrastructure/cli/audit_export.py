"""`opsledger audit export DIR`: the log, or a range of it, as a bundle an auditor can check
anywhere with `python3 -I verify_bundle.py`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from infrastructure.bundle.errors import BundleError, DirectoryNotEmpty
from infrastructure.bundle.export import VERIFIER, export_bundle
from infrastructure.cli.arguments import as_json, open_store, positive
from infrastructure.cli.errors import UsageError
from infrastructure.presentation.documents import emit_json

EXIT_OK, EXIT_FAILED = 0, 1


def register(actions: Any) -> None:
    helptext = "write the log (or a range of positions) as a bundle an auditor checks anywhere"
    export = actions.add_parser(
        "export",
        help=helptext,
        description="Write the log as stored into DIR: events.jsonl (one event a line: "
        "position, ids, version, type, recorded_at, stored bytes in base64, the decoded JSON "
        "when readable, hash and previous hash), digest.json, README.md for the auditor, and "
        "verify_bundle.py, which checks the bundle with Python's standard library alone "
        "(`python3 -I verify_bundle.py` in DIR). DIR must be new or empty.",
    )
    export.add_argument("directory", metavar="DIR", help="where to write the bundle")
    export.add_argument(
        "--from-position", type=positive, default=1, metavar="N", help="first position (default 1)"
    )
    export.add_argument(
        "--to-position", type=positive, metavar="M", help="last position (default: the newest)"
    )
    export.set_defaults(run=_export)


def _export(arguments: argparse.Namespace) -> int:
    first, last = arguments.from_position, arguments.to_position
    if last is not None and last < first:
        raise UsageError(
            f"opsledger audit export: --to-position {last} lies before --from-position {first}"
        )
    directory = Path(arguments.directory)
    with open_store(arguments) as ledger:
        try:
            exported = export_bundle(
                ledger.database,
                ledger.ledger.mapper,
                directory,
                first=first,
                last=last,
                exported_at=ledger.clock.now(),
            )
        except DirectoryNotEmpty as error:
            raise UsageError(f"opsledger audit export: {error}") from None
        except BundleError as error:
            print(f"opsledger audit export: {error}", file=sys.stderr)
            return EXIT_FAILED
    if as_json(arguments):
        emit_json({"directory": str(directory), **exported.digest_json()})
        return EXIT_OK
    print(
        f"exported {exported.events:,} events (positions {exported.first} to {exported.last}) "
        f"to {directory}; check it there with: python3 -I {VERIFIER}"
    )
    return EXIT_OK
