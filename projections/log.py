"""What a projection reads: the events of the log with their global positions."""

from __future__ import annotations

import attrs

from domain.shared.recorded import Recorded


@attrs.frozen
class LogEntry:
    """One event at its position in the global log (positions rise; gaps are allowed)."""

    position: int
    recorded: Recorded
