"""`opsledger` on an encrypted store: without the key, `audit verify` passes and every read of a
payload is one line naming the setting; with it, everything reads. Both stores."""

from __future__ import annotations

from uuid import UUID

import attrs
import orjson
import pytest

from infrastructure.opsledger import Opsledger
from tests.application.complaint_envelopes import CS_AGENT, command
from tests.clocks import FixedClock
from tests.infrastructure.cli.command_line import Cli
from tests.infrastructure.encryption.keys import key_id, new_key, use_keys
from tests.infrastructure.encryption.workload import (
    CUSTOMER,
    ESCALATIONS,
    REASON,
    STORED,
    SUMMARY,
    fill,
)


@attrs.frozen
class Encrypted:
    url: str
    key: str
    complaint: UUID

    @property
    def message(self) -> str:
        return (
            f"stored payloads are encrypted with key id {key_id(self.key)}; set "
            "OPSLEDGER_CIPHER_KEY (or OPSLEDGER_CIPHER_OLD_KEYS) to that key"
        )

    @property
    def error_line(self) -> str:
        return f"opsledger: cipher_key_missing: {self.message}\n"


@pytest.fixture
def encrypted(store_url: str, clock: FixedClock, monkeypatch: pytest.MonkeyPatch) -> Encrypted:
    """A store filled with a key (log, trail, a snapshot); no key set afterwards."""
    key = new_key()
    use_keys(monkeypatch, key)
    with Opsledger.open(store_url, clock=clock) as ledger:
        complaint = fill(ledger)
    use_keys(monkeypatch, None)
    return Encrypted(url=store_url, key=key, complaint=complaint)


class TestWithoutTheKey:
    def test_reads_are_one_line_naming_the_setting(self, cli: Cli, encrypted: Encrypted) -> None:
        complaint = str(encrypted.complaint)
        for words in (
            ("audit", "history", complaint),
            ("audit", "state", complaint),
            ("audit", "state", complaint, "--version", "1"),
            ("--format", "json", "audit", "history", complaint),
            ("audit", "actor", CS_AGENT["id"]),
            ("projections", "rebuild"),
        ):
            outcome = cli("--store", encrypted.url, *words)
            expected = (2, encrypted.error_line, "")
            assert (outcome.status, outcome.err, outcome.out) == expected, words

    def test_a_command_to_an_encrypted_record_is_refused_with_the_code(
        self, cli: Cli, encrypted: Encrypted
    ) -> None:
        envelope = command("escalate", encrypted.complaint, payload={"level": ESCALATIONS + 1})
        outcome = cli(
            "--store", encrypted.url, "--format", "json", "submit", stdin=orjson.dumps(envelope)
        )
        assert outcome.status == 1
        assert outcome.json()["error"]["code"] == "cipher_key_missing"
        assert outcome.json()["error"]["message"] == encrypted.message
        assert outcome.err == ""

    def test_verify_passes_and_says_the_snapshot_was_not_compared(
        self, cli: Cli, encrypted: Encrypted
    ) -> None:
        events = STORED
        table = cli("--store", encrypted.url, "audit", "verify")
        assert table.status == 0, table.err
        assert table.out.startswith(f"ok: {events} events verified; head {events} ")
        assert "not checked: 1 snapshots, encrypted with a key not given" in table.out
        document = cli("--store", encrypted.url, "--format", "json", "audit", "verify").json()
        assert document["ok"] is True
        assert document["snapshots"] == {"checked": 0, "unchecked": 1, "finding": None}

    def test_list_finds_records_by_what_stays_in_the_clear(
        self, cli: Cli, encrypted: Encrypted
    ) -> None:
        """`list` reads identifiers, status and times alone: it needs no key."""
        words = ("--format", "json", "list", "complaint", "--customer", CUSTOMER)
        outcome = cli("--store", encrypted.url, *words)
        assert outcome.status == 0, outcome.err
        (record,) = outcome.json()
        assert record["aggregate_id"] == str(encrypted.complaint)
        assert SUMMARY not in outcome.out


class TestWithTheKey:
    def test_everything_reads(
        self, cli: Cli, encrypted: Encrypted, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        use_keys(monkeypatch, encrypted.key)
        complaint = str(encrypted.complaint)
        history = cli("--store", encrypted.url, "--format", "json", "audit", "history", complaint)
        assert history.status == 0
        assert history.json()[0]["payload"]["summary"] == SUMMARY
        state = cli("--store", encrypted.url, "--format", "json", "audit", "state", complaint)
        assert state.status == 0
        actor = cli("--store", encrypted.url, "--format", "json", "audit", "actor", CS_AGENT["id"])
        assert actor.json()[0]["reason"] == REASON
        verified = cli("--store", encrypted.url, "--format", "json", "audit", "verify").json()
        assert verified["snapshots"] == {"checked": 1, "unchecked": 0, "finding": None}
