"""How far a long operation is, on one line of a terminal's standard error, and nowhere else."""

from __future__ import annotations

import sys
import time
from typing import TextIO

#: Seconds between two redraws of the line.
REDRAW = 0.25


class Progress:
    """`label: done/total events`, redrawn in place a few times a second while standard error
    is a terminal. Redirected to a file or a pipe, it writes nothing: logs and scripts see only
    the result."""

    def __init__(self, label: str, *, stream: TextIO | None = None) -> None:
        self._label = label
        self._stream = stream if stream is not None else sys.stderr
        self.shown = self._stream.isatty()
        self._drawn_at: float | None = None

    def __call__(self, done: int, total: int) -> None:
        if not self.shown:
            return
        now = time.monotonic()
        if self._drawn_at is not None and now - self._drawn_at < REDRAW and done < total:
            return
        self._drawn_at = now
        self._stream.write(f"\r{self._label}: {done:,}/{total:,} events")
        self._stream.flush()

    def finish(self) -> None:
        """End the line, if one was drawn."""
        if self._drawn_at is not None:
            self._stream.write("\n")
            self._stream.flush()
            self._drawn_at = None
