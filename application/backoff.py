"""Waiting between attempts: growing pauses with jitter, within a total time."""

from __future__ import annotations

import random
import time


class Backoff:
    """Pauses of 20 ms doubling to at most 500 ms, each jittered, until `seconds` have passed
    since the first attempt; short enough that a store back from an outage is used at once."""

    def __init__(self, *, seconds: float, first: float = 0.02, longest: float = 0.5) -> None:
        self._deadline = time.monotonic() + seconds
        self._pause = first
        self._longest = longest

    def wait(self) -> bool:
        """Pause before the next attempt; False, without pausing, when the time is spent."""
        left = self._deadline - time.monotonic()
        if left <= 0:
            return False
        time.sleep(min(left, self._pause * random.uniform(0.5, 1.5)))
        self._pause = min(self._pause * 2, self._longest)
        return True
