"""Reading command-line values: instants, ids, and opening the store a command names."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from uuid import UUID

from infrastructure.cli.errors import UsageError
from infrastructure.opsledger import Opsledger
from infrastructure.settings import SettingError, company_timezone


def instant(text: str) -> datetime:
    """An ISO 8601 date or timestamp. A date means the start of that day, and a time without
    offset is read, in the company's time zone (OPSLEDGER_TIMEZONE, default Asia/Shanghai).
    It must lie within the years 1 to 9999 once moved to UTC."""
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 time: {text!r}") from None
    try:
        zone = company_timezone()
    except SettingError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    try:
        return (parsed if parsed.tzinfo else parsed.replace(tzinfo=zone)).astimezone(UTC)
    except OverflowError:  # e.g. 0001-01-01 at +08:00 falls in the year 0 in UTC
        raise argparse.ArgumentTypeError(
            f"{text!r} lies outside the years 1 to 9999 in UTC"
        ) from None


def identifier(text: str) -> UUID:
    try:
        return UUID(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a UUID: {text!r}") from None


def as_json(arguments: argparse.Namespace) -> bool:
    """Whether the command line asked for JSON (`--format json`) rather than tables."""
    return bool(arguments.format == "json")


def open_store(arguments: argparse.Namespace) -> Opsledger:
    """The store named by --store, OPSLEDGER_STORE, or the default SQLite file. A command that
    offers --wait-for returns it once the read models have reached that log position."""
    opsledger = Opsledger.open(arguments.store)
    position = getattr(arguments, "wait_for", None)
    if position is not None:
        try:
            opsledger.projections.wait_for(position, timeout=arguments.timeout)
        except BaseException:
            opsledger.close()
            raise
    return opsledger


def add_wait(parser: argparse.ArgumentParser) -> None:
    """--wait-for POSITION [--timeout S]: read-your-writes for a query over the read models."""
    parser.add_argument(
        "--wait-for",
        type=positive,
        metavar="POSITION",
        help="first wait until the read models have applied the log up to this position "
        "(the `position` of a submit's result)",
    )
    parser.add_argument(
        "--timeout",
        type=seconds,
        default=10.0,
        metavar="S",
        help="how long --wait-for waits before giving up (default 10)",
    )


def seconds(text: str) -> float:
    """A number of seconds, 0 or more."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError("must be 0 or more seconds")
    return value


#: The largest whole number a store holds (a signed 64-bit integer), e.g. as a version.
LARGEST = 2**63 - 1


def positive(text: str) -> int:
    """A whole number from 1 up to the largest a store holds."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    if value > LARGEST:
        raise argparse.ArgumentTypeError(f"must be at most {LARGEST}")
    return value


__all__ = [
    "UsageError",
    "add_wait",
    "as_json",
    "identifier",
    "instant",
    "open_store",
    "positive",
    "seconds",
]
