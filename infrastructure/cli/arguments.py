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
    """The store named by --store, OPSLEDGER_STORE, or the default SQLite file."""
    return Opsledger.open(arguments.store)


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


__all__ = ["UsageError", "as_json", "identifier", "instant", "open_store", "positive"]
