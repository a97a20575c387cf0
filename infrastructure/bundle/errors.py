"""Why an export could not be written."""

from __future__ import annotations


class BundleError(Exception):
    """The bundle's directory or one of its files cannot be written."""


class DirectoryNotEmpty(BundleError):
    """The directory named for the bundle already holds something: a bundle goes into a new
    or empty one, so that nothing in it is left from before."""
