"""However much a command sends, its refusal stays small: a bounded number of named fields, and a
few KB per security-log row, with the SHA-256 of anything cut. Both stores."""

from __future__ import annotations

import hashlib

from application.errors import NAMED_FIELDS
from infrastructure.opsledger import Opsledger
from tests.application.complaint_envelopes import PAYLOADS, command
from tests.application.ledger_reading import stored_row_bytes

#: "A few KB": the most one stored refusal may take, all its texts together.
ROW_BYTES = 16 * 1024


def unknown_keys(count: int, *, length: int = 8) -> dict[str, int]:
    return {f"k{index:0{length - 1}d}": index for index in range(count)}


class TestManyBadFields:
    """A refusal names the first NAMED_FIELDS bad fields and counts the rest."""

    def test_five_thousand_unknown_payload_keys(self, ledger: Opsledger) -> None:
        """5,000 unknown payload keys give a message of well under a KB, not 144 KB."""
        body = command("register", payload={**PAYLOADS["register"], **unknown_keys(5_000)})

        result = ledger.submit(body)

        assert result.code == "invalid_command"
        assert len(result.details["fields"]) == NAMED_FIELDS
        assert result.details["more_fields"] == 5_000 - NAMED_FIELDS
        assert (result.message or "").endswith(f"; and {5_000 - NAMED_FIELDS} more")
        assert len((result.message or "").encode()) < 1024
        (row_bytes,) = stored_row_bytes(ledger)
        assert row_bytes < 4 * 1024

    def test_five_thousand_unknown_envelope_keys(self, ledger: Opsledger) -> None:
        """The same for unknown keys of the envelope itself."""
        result = ledger.submit({**command("register"), **unknown_keys(5_000)})

        assert result.details["more_fields"] == 5_000 - NAMED_FIELDS
        assert len((result.message or "").encode()) < 1024

    def test_long_field_names_are_cut(self, ledger: Opsledger) -> None:
        """Twenty unknown keys of 100,000 characters each still give a short message."""
        long_keys = unknown_keys(20, length=100_000)
        body = command("register", payload={**PAYLOADS["register"], **long_keys})

        result = ledger.submit(body)

        assert result.code == "invalid_command"
        assert len((result.message or "").encode()) < 4 * 1024
        assert all(len(name) <= 100 for name in result.details["fields"])

    def test_a_few_bad_fields_are_all_named(self, ledger: Opsledger) -> None:
        """Up to NAMED_FIELDS bad fields, each is named and nothing is counted."""
        body = command("register", payload={**PAYLOADS["register"], **unknown_keys(3)})

        result = ledger.submit(body)

        assert set(result.details["fields"]) == {f"payload.{key}" for key in unknown_keys(3)}
        assert "more_fields" not in result.details


class TestTheSecurityLogKeepsAFewKilobytes:
    """Every text of a refusal is stored cut to a few KB, with the size and SHA-256 of the whole."""

    def test_a_twenty_megabyte_command_id(self, ledger: Opsledger) -> None:
        """A 20 MB command id is refused and stored in a few KB, naming its digest."""
        command_id = "x" * 20_000_000

        result = ledger.submit(command("register", command_id=command_id))

        assert result.code == "invalid_command"
        (stored,) = ledger.security_log.entries()
        assert stored.command_id is not None
        assert stored.command_id.startswith("xxxx")
        assert f"20000000 bytes, sha256 {hashlib.sha256(command_id.encode()).hexdigest()}" in (
            stored.command_id
        )
        assert stored_row_bytes(ledger)[0] <= ROW_BYTES

    def test_every_text_of_the_refusal_is_bounded(self, ledger: Opsledger) -> None:
        """Huge actor id, roles, department and command type: each cut, the row a few KB."""
        actor = {"id": "a" * 2_000_000, "roles": ["r" * 100] * 10_000, "department": "部" * 500_000}

        result = ledger.submit(command("register", actor=actor, type="t" * 1_000_000))

        assert not result.ok
        (stored,) = ledger.security_log.entries()
        assert stored.actor_id is not None
        assert "sha256" in stored.actor_id
        assert stored_row_bytes(ledger)[0] <= ROW_BYTES

    def test_cutting_keeps_whole_characters(self, ledger: Opsledger) -> None:
        """Multi-byte text is cut between characters: what is stored is valid text."""
        department = "部" * 500_000

        ledger.submit(command("register", type="x", actor={"id": department, "roles": ["x"]}))

        (stored,) = ledger.security_log.entries()
        assert stored.actor_id is not None
        assert stored.actor_id.startswith("部" * 100)
        assert "\ufffd" not in stored.actor_id

    def test_small_refusals_are_kept_whole(self, ledger: Opsledger) -> None:
        """An ordinary refusal is stored as it was given, uncut."""
        body = command("register", command_id="not-a-uuid")

        result = ledger.submit(body)

        (stored,) = ledger.security_log.entries()
        assert (stored.command_id, stored.message) == ("not-a-uuid", result.message)


def test_an_unknown_command_type_is_shown_by_its_start_alone(ledger: Opsledger) -> None:
    """A megabyte-long type is named in the answer by its first hundred characters."""
    long_type = "complaint." + "x" * 1_000_000
    refused = ledger.submit({**command("register"), "type": long_type})
    assert refused.code == "invalid_command"
    assert len(refused.message or "") < 300
