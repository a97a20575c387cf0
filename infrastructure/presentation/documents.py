"""Results for machines: one JSON document per line."""

from __future__ import annotations

import sys
from typing import Any, TextIO

import orjson


def emit_json(value: Any, *, out: TextIO | None = None) -> None:
    """One JSON document on one line (to standard output unless told otherwise)."""
    out = out if out is not None else sys.stdout
    out.write(orjson.dumps(value, default=str).decode() + "\n")
