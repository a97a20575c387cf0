"""Command-line usage errors: bad arguments, unreadable files, unparseable times."""

from __future__ import annotations


class UsageError(Exception):
    """The command line itself is wrong; exit status 2."""
