"""Progress of a long export on the terminal: one line, rewritten, on stderr, and only when
stderr is a terminal (nothing in a pipe or a log file)."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class TerminalProgress:
    """Shows `done of total` at most a few times a second."""

    _EVERY_SECONDS = 0.2

    def __init__(self, label: str, *, total: int, stream: TextIO | None = None) -> None:
        self._stream = stream if stream is not None else sys.stderr
        self._shown = self._stream.isatty()
        self._label, self._total = label, total
        self._last = 0.0

    def update(self, done: int) -> None:
        if self._shown and time.monotonic() - self._last >= self._EVERY_SECONDS:
            self._show(done)

    def finish(self, done: int) -> None:
        """The final count, and the line ended; nothing if nothing was shown."""
        if self._shown and self._last:
            self._show(done)
            self._stream.write("\n")
            self._stream.flush()

    def _show(self, done: int) -> None:
        self._last = time.monotonic()
        share = done / self._total if self._total else 1.0
        self._stream.write(f"\r{self._label}: {done:,} of {self._total:,} events ({share:.0%})")
        self._stream.flush()
