"""The real clock; tests inject their own or freeze this one."""

from __future__ import annotations

from datetime import UTC, datetime


class SystemClock:
    """Now, in UTC, from the operating system."""

    def now(self) -> datetime:
        # freezegun returns its FakeDatetime subclass; normalise so serialisers see a datetime.
        current = datetime.now(UTC)
        return datetime.fromtimestamp(current.timestamp(), UTC)
