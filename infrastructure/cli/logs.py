"""Where the command line's log goes: one line per incident on stderr, tracebacks to a file."""

from __future__ import annotations

import logging
import os
import sys

LOG_FILE_ENV = "OPSLEDGER_LOG_FILE"


class OneLine(logging.Formatter):
    """A record as one line for a person: what happened and the error's type and message,
    never a traceback."""

    def format(self, record: logging.LogRecord) -> str:
        text = f"opsledger: {record.getMessage()}"
        error = record.exc_info[1] if record.exc_info else None
        if error is not None:
            words = " ".join(str(error).split())
            text += f": {type(error).__name__}: {words[:300]}"
        return text


class _Stderr(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever `sys.stderr` is when a record comes, not when it was made."""

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)


def configure() -> None:
    """Send the `opsledger` log to stderr, one line a record; with OPSLEDGER_LOG_FILE set, also
    to that file, tracebacks included, for whoever looks into an incident."""
    logger = logging.getLogger("opsledger")
    if logger.handlers:
        return
    to_stderr = _Stderr(sys.stderr)
    to_stderr.setFormatter(OneLine())
    logger.addHandler(to_stderr)
    path = os.environ.get(LOG_FILE_ENV)
    if path:
        to_file = logging.FileHandler(path, encoding="utf-8")
        to_file.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        logger.addHandler(to_file)
    logger.propagate = False
