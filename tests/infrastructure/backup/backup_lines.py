"""A backup file's lines, read and written with the standard library alone: what someone
holding the file could do to it."""

from __future__ import annotations

import base64
import gzip
from pathlib import Path
from typing import Any

import orjson


def read_lines(path: Path) -> list[bytes]:
    """Every line of the decompressed file, each with its newline."""
    return gzip.decompress(path.read_bytes()).splitlines(keepends=True)


def write_lines(path: Path, lines: list[bytes]) -> Path:
    path.write_bytes(gzip.compress(b"".join(lines)))
    return path


def document(line: bytes) -> dict[str, Any]:
    parsed: dict[str, Any] = orjson.loads(line)
    return parsed


def line_of(value: dict[str, Any]) -> bytes:
    return orjson.dumps(value) + b"\n"


def state_of(entry: dict[str, Any]) -> bytes:
    return base64.b64decode(entry["state"])


def with_state(entry: dict[str, Any], state: bytes) -> dict[str, Any]:
    return {**entry, "state": base64.b64encode(state).decode()}
