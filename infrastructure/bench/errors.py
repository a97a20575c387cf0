"""Why a benchmark could not be run; each message is one line for the user."""

from __future__ import annotations


class BenchError(Exception):
    """The benchmark could not be run as asked."""


class StoreNotEmpty(BenchError):
    """The store named by --store already holds events, and the bench never writes into those."""


class WorkloadRefused(BenchError):
    """opsledger refused one of the bench's own commands, so the figures would mean nothing."""
