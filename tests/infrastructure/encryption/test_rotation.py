"""Keys change over a store's life: plain before a key is set, key A, then key B with A kept in
OPSLEDGER_CIPHER_OLD_KEYS. Each stored event names the key that sealed it. Both stores."""

from __future__ import annotations

from uuid import UUID

import pytest

from application.errors import PayloadKeyMissing
from domain.complaint.events import ComplaintReceived
from infrastructure.integrity.log_pages import stored_rows
from infrastructure.integrity.verify import verify
from infrastructure.opsledger import Opsledger
from infrastructure.sql import audit_trail_table
from tests.application.complaint_envelopes import CS_AGENT, command
from tests.clocks import FixedClock
from tests.infrastructure.encryption.keys import key_id, new_key, use_keys
from tests.infrastructure.encryption.workload import register

PLAIN = "明文时期的投诉 written before any key"
UNDER_A = "密钥A时期的投诉 written with key A"
UNDER_B = "密钥B时期的投诉 written with key B"


def sealed_by(ledger: Opsledger, complaint: UUID) -> list[str]:
    """Per stored event of the complaint, in version order: the hex id of the key that sealed
    it (bytes 4-12 after the 00 'OL1' magic), or "plain" for JSON text."""
    rows = sorted(
        (row[2], bytes(row[4])) for row in stored_rows(ledger.database) if _id(row[1]) == complaint
    )
    return [state[4:12].hex() if state[:4] == b"\x00OL1" else "plain" for _, state in rows]


def _id(value: object) -> UUID:
    return value if isinstance(value, UUID) else UUID(str(value))


def escalate(ledger: Opsledger, complaint: UUID, level: int) -> None:
    result = ledger.submit(command("escalate", complaint, payload={"level": level}))
    assert result.ok, result.to_json()


def summary(ledger: Opsledger, complaint: UUID) -> str:
    received = ledger.history(complaint)[0].event
    assert isinstance(received, ComplaintReceived)
    return received.summary


def trail_summaries(ledger: Opsledger) -> list[str]:
    ledger.projections.catch_up()
    entries = audit_trail_table.by_actor(
        ledger.database, CS_AGENT["id"], keyring=ledger.keyring, start=None, end=None
    )
    return [entry.payload["summary"] for entry in entries]


class TestRotation:
    def test_old_keys_stay_readable_and_dropping_one_is_the_clear_error(
        self, store_url: str, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        a, b = new_key(), new_key()
        use_keys(monkeypatch, a)
        with Opsledger.open(store_url, clock=clock) as ledger:
            first = register(ledger, summary=UNDER_A)
            assert trail_summaries(ledger) == [UNDER_A]

        use_keys(monkeypatch, b, a)  # rotated: B writes, A still reads
        with Opsledger.open(store_url, clock=clock) as ledger:
            escalate(ledger, first, 1)  # decided on A's events, stored with B
            second = register(ledger, summary=UNDER_B)
            assert summary(ledger, first) == UNDER_A
            assert summary(ledger, second) == UNDER_B
            assert ledger.state(first)[1].state.escalation_level == 1
            assert trail_summaries(ledger) == [UNDER_A, UNDER_B]
            assert sealed_by(ledger, first) == [key_id(a), key_id(b)]
            assert sealed_by(ledger, second) == [key_id(b)]
            assert verify(ledger.database).ok

        use_keys(monkeypatch, b)  # A dropped
        with Opsledger.open(store_url, clock=clock) as ledger:
            assert summary(ledger, second) == UNDER_B
            with pytest.raises(PayloadKeyMissing) as raised:
                ledger.history(first)
            assert raised.value.message == (
                f"stored payloads are encrypted with key id {key_id(a)}; set "
                "OPSLEDGER_CIPHER_KEY (or OPSLEDGER_CIPHER_OLD_KEYS) to that key"
            )
            refused = ledger.submit(command("escalate", first, payload={"level": 2}))
            assert (refused.code, refused.details) == ("cipher_key_missing", {"key_id": key_id(a)})
            assert verify(ledger.database).ok


class TestAStoreWrittenBeforeAKeyWasSet:
    def test_keeps_its_plain_events_readable_beside_sealed_ones(
        self, store_url: str, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        a = new_key()
        use_keys(monkeypatch, None)
        with Opsledger.open(store_url, clock=clock) as ledger:
            before = register(ledger, summary=PLAIN)
            assert trail_summaries(ledger) == [PLAIN]

        use_keys(monkeypatch, a)
        with Opsledger.open(store_url, clock=clock) as ledger:
            escalate(ledger, before, 1)
            after = register(ledger, summary=UNDER_A)
            assert summary(ledger, before) == PLAIN
            assert ledger.state(before)[1].state.escalation_level == 1
            assert trail_summaries(ledger) == [PLAIN, UNDER_A]
            assert sealed_by(ledger, before) == ["plain", key_id(a)]
            assert sealed_by(ledger, after) == [key_id(a)]
            assert verify(ledger.database).ok

        use_keys(monkeypatch, None)  # the key removed again: plain still reads, sealed does not
        with Opsledger.open(store_url, clock=clock) as ledger:
            assert ledger.history(before, version=1)[0].event.summary == PLAIN  # type: ignore[attr-defined]
            with pytest.raises(PayloadKeyMissing, match=key_id(a)):
                ledger.history(after)
            assert verify(ledger.database).ok
