"""Why an export could not be written."""

from __future__ import annotations


class BundleError(Exception):
    """The bundle's directory or one of its files cannot be written."""
