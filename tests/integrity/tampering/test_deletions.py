"""A deleted event is found where it was (DOMAIN §8, DESIGN §5): the log is gap-free, so
the hole itself is the finding."""

from __future__ import annotations

import pytest

from tests.integrity.raw_log import RawLog
from tests.integrity.stores import Populated
from tests.integrity.tampering.verification import assert_found, verified


class TestADeletedEventIsFoundWhereItWas:
    """A position without an event: the log is gap-free, so the hole itself is the finding."""

    @pytest.mark.parametrize("where", ["first", "middle", "second-to-last"])
    def test_one_event_deleted(self, populated: Populated, where: str) -> None:
        position = {"first": 1, "middle": populated.size // 2, "second-to-last": -1}[where]
        position = position if position > 0 else populated.size - 1
        with RawLog(populated.url) as raw:
            raw.delete(position)

        assert_found(verified(populated.url), populated, at=position, problem="missing")

    def test_several_events_deleted(self, populated: Populated) -> None:
        with RawLog(populated.url) as raw:
            raw.delete(30, 31, 50)

        assert_found(verified(populated.url), populated, at=30, problem="missing")
