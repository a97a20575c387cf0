"""Running `opsledger` in-process for the command-line tests: what one command line gave."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
import orjson

UNREACHABLE = "postgresql://postgres@127.0.0.1:1/postgres"


@attrs.frozen
class Outcome:
    """What one command line gave: exit status, standard output and standard error."""

    status: int
    out: str
    err: str

    def json_lines(self) -> list[Any]:
        # Split on newline alone: U+2028 and its kind are text inside JSON, not line ends.
        return [orjson.loads(line) for line in self.out.split("\n") if line.strip()]

    def json(self) -> Any:
        (document,) = self.json_lines()
        return document


Cli = Callable[..., Outcome]
