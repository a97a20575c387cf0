"""A command's result: one line for people, or its JSON document, as soon as it is known."""

from __future__ import annotations

import sys
from typing import TextIO

from application.results import Result
from infrastructure.presentation.documents import emit_json
from infrastructure.presentation.terminal import one_line


def result_line(result: Result) -> str:
    """`ok` with the record, its new version and the events appended; or `refused` with the
    error's code and message."""
    if result.ok:
        return f"ok       {result.aggregate_id} v{result.version} {' '.join(result.events)}"
    return one_line(f"refused  {result.code}: {result.message}")


def show_result(result: Result, *, as_json: bool, out: TextIO | None = None) -> None:
    """One line per result, in either form."""
    if as_json:
        emit_json(result.to_json(), out=out)
    else:
        (out if out is not None else sys.stdout).write(result_line(result) + "\n")
