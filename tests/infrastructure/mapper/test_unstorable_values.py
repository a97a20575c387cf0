"""A command whose value the store cannot hold is refused, not crashed on."""

from __future__ import annotations

from uuid import uuid4

from infrastructure.opsledger import Opsledger
from tests.infrastructure.mapper.probe_events import register


class TestValuesTheStoreCannotHold:
    """A command whose value orjson cannot store is refused, not crashed on (an unbounded
    integer once passed validation and raised TypeError inside Opsledger.submit)."""

    def test_an_integer_beyond_64_bits_is_invalid_command(self, sqlite_url: str) -> None:
        """complaint.escalate with level 2**64 gives invalid_command and appends nothing."""
        with Opsledger.open(sqlite_url) as ledger:
            complaint_id = register(ledger)
            result = ledger.submit(
                {
                    "type": "complaint.escalate",
                    "command_id": str(uuid4()),
                    "aggregate_id": str(complaint_id),
                    "actor": {"id": "u-cs-1", "roles": ["customer_service"]},
                    "reason": "VIP",
                    "payload": {"level": 2**64},
                }
            )
            assert (result.ok, result.code) == (False, "invalid_command")
            assert len(ledger.history(complaint_id)) == 1
