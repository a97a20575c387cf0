"""An encrypted store opened without its key: the chain still verifies, and every read of a
payload is the one clear error naming the setting, through the Python API. Both stores."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from uuid import UUID

import attrs
import orjson
import pytest

from application.errors import PayloadKeyMissing
from infrastructure.integrity.snapshot_check import verify_snapshots
from infrastructure.integrity.verify import verify
from infrastructure.opsledger import Opsledger
from infrastructure.sql import audit_trail_table
from tests.application.complaint_envelopes import CS_AGENT, command
from tests.bundle.bundle_files import export, run_verifier
from tests.clocks import FixedClock
from tests.infrastructure.encryption.keys import key_id, new_key, use_keys
from tests.infrastructure.encryption.workload import ESCALATIONS, STORED, SUMMARY, fill


@attrs.frozen
class Encrypted:
    url: str
    key: str
    complaint: UUID

    @property
    def missing(self) -> str:
        return (
            f"stored payloads are encrypted with key id {key_id(self.key)}; set "
            "OPSLEDGER_CIPHER_KEY (or OPSLEDGER_CIPHER_OLD_KEYS) to that key"
        )


@pytest.fixture
def encrypted(store_url: str, clock: FixedClock, monkeypatch: pytest.MonkeyPatch) -> Encrypted:
    """A store filled with one key (log, trail and a snapshot), and no key set afterwards."""
    key = new_key()
    use_keys(monkeypatch, key)
    with Opsledger.open(store_url, clock=clock) as ledger:
        complaint = fill(ledger)
    use_keys(monkeypatch, None)
    return Encrypted(url=store_url, key=key, complaint=complaint)


@pytest.fixture(params=["no key", "another key"])
def keyless(
    request: pytest.FixtureRequest,
    encrypted: Encrypted,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Opsledger]:
    """The encrypted store opened with no key, or with a key that is not the one it used."""
    use_keys(monkeypatch, None if request.param == "no key" else new_key())
    with Opsledger.open(encrypted.url, clock=clock) as ledger:
        yield ledger


class TestTheChainNeedsNoKey:
    def test_verify_passes_and_counts_the_snapshot_it_cannot_compare(
        self, encrypted: Encrypted, keyless: Opsledger
    ) -> None:
        result = verify(keyless.database)
        assert result.ok
        assert result.checked == STORED
        snapshots = verify_snapshots(keyless.ledger, keyless.snapshots)
        assert (snapshots.ok, snapshots.checked, snapshots.unchecked) == (True, 0, 1)

    def test_with_the_key_the_snapshot_is_compared(
        self, encrypted: Encrypted, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        use_keys(monkeypatch, encrypted.key)
        with Opsledger.open(encrypted.url, clock=clock) as ledger:
            snapshots = verify_snapshots(ledger.ledger, ledger.snapshots)
        assert (snapshots.ok, snapshots.checked, snapshots.unchecked) == (True, 1, 0)


class TestReadingIsOneClearError:
    def test_history_and_state(self, encrypted: Encrypted, keyless: Opsledger) -> None:
        with pytest.raises(PayloadKeyMissing) as raised:
            keyless.history(encrypted.complaint)
        assert raised.value.code == "cipher_key_missing"
        assert raised.value.message == encrypted.missing
        with pytest.raises(PayloadKeyMissing, match=key_id(encrypted.key)):
            keyless.state(encrypted.complaint)

    def test_a_command_to_an_encrypted_record_is_refused_and_stores_nothing(
        self, encrypted: Encrypted, keyless: Opsledger
    ) -> None:
        head = verify(keyless.database).head
        refusals = len(keyless.security_log.entries())
        envelope = command("escalate", encrypted.complaint, payload={"level": ESCALATIONS + 1})
        for result in (keyless.submit(envelope), *keyless.submit_batch([envelope])):
            assert result.to_json() == {
                "ok": False,
                "error": {
                    "code": "cipher_key_missing",
                    "message": encrypted.missing,
                    "details": {"key_id": key_id(encrypted.key)},
                },
            }
        assert verify(keyless.database).head == head
        assert len(keyless.security_log.entries()) == refusals

    def test_the_audit_trail_and_its_projection(
        self, encrypted: Encrypted, keyless: Opsledger
    ) -> None:
        with pytest.raises(PayloadKeyMissing, match=key_id(encrypted.key)):
            audit_trail_table.by_actor(
                keyless.database, CS_AGENT["id"], keyring=keyless.keyring, start=None, end=None
            )
        with pytest.raises(PayloadKeyMissing, match=key_id(encrypted.key)):
            keyless.projections.rebuild()


class TestTheBundleNeedsNoKey:
    def test_an_export_without_the_key_verifies_and_holds_no_reading(
        self, encrypted: Encrypted, keyless: Opsledger, tmp_path: Path
    ) -> None:
        """The lines carry the encrypted bytes and no decoded payload; the auditor's bare
        `python3 -I verify_bundle.py` recomputes every link all the same."""
        bundle = tmp_path / "bundle"
        export(encrypted.url, bundle)
        verdict = run_verifier(bundle)
        assert verdict.status == 0, verdict.out + verdict.err
        lines = (bundle / "events.jsonl").read_bytes().splitlines()
        assert len(lines) == STORED
        assert all(orjson.loads(line)["decoded"] is None for line in lines)
        assert SUMMARY.encode() not in (bundle / "events.jsonl").read_bytes()
