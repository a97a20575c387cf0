"""Reordered events are found (DOMAIN §8, DESIGN §5): moving events or their contents
around breaks the chain at the earlier position."""

from __future__ import annotations

import attrs

from tests.integrity.raw_log import RawLog
from tests.integrity.stores import Populated
from tests.integrity.tampering.history_rows import first
from tests.integrity.tampering.verification import assert_found, verified


class TestReorderedEventsAreFoundAtTheEarlierPosition:
    """Moving events or their contents around breaks the chain where the first one moved."""

    def test_two_events_states_swapped(self, populated: Populated) -> None:
        earlier, later = populated.rows[20], populated.rows[40]
        with RawLog(populated.url) as raw:
            raw.execute(
                (
                    "UPDATE {table} SET state = %s WHERE {position} = %s",
                    [later.state, earlier.position],
                ),
                (
                    "UPDATE {table} SET state = %s WHERE {position} = %s",
                    [earlier.state, later.position],
                ),
            )

        assert_found(
            verified(populated.url),
            populated,
            at=earlier.position,
            row=earlier,
            problem="does not match its chain hash",
        )

    def test_two_whole_events_swapped(self, populated: Populated) -> None:
        earlier, later = populated.rows[20], populated.rows[40]
        with RawLog(populated.url) as raw:
            raw.move({earlier.position: later.position, later.position: earlier.position})

        assert_found(
            verified(populated.url),
            populated,
            at=earlier.position,
            row=later,  # now stored at the earlier position
            problem="does not match its chain hash",
        )

    def test_two_events_of_one_complaint_swapped_in_its_history(self, populated: Populated) -> None:
        """Versions 2 and 3 of one complaint exchanged: its history now reads in another
        order, while the log order is unchanged."""
        complaint = first(populated, "ComplaintClassified").originator_id
        second, third = (
            row
            for row in populated.rows
            if row.originator_id == complaint and row.version in (2, 3)
        )
        with RawLog(populated.url) as raw:
            raw.execute(
                (
                    "UPDATE {table} SET originator_version = -1 WHERE {position} = %s",
                    [second.position],
                ),
                (
                    "UPDATE {table} SET originator_version = 2 WHERE {position} = %s",
                    [third.position],
                ),
                (
                    "UPDATE {table} SET originator_version = 3 WHERE {position} = %s",
                    [second.position],
                ),
            )

        assert_found(
            verified(populated.url),
            populated,
            at=second.position,
            row=attrs.evolve(second, version=3),
            problem="does not match its chain hash",
        )
