"""With a key set, no payload text lies in the clear anywhere in the database: not in the log,
the audit trail or the snapshots. Scanned below opsledger, on both stores."""

from __future__ import annotations

import re

import pytest

from application.commands.complaint import COMPLAINT
from domain.complaint.events import ComplaintReceived
from infrastructure.opsledger import Opsledger
from infrastructure.sql import audit_trail_table
from tests.application.complaint_envelopes import CS_AGENT, MANAGER
from tests.clocks import FixedClock
from tests.infrastructure.encryption.keys import new_key, use_keys
from tests.infrastructure.encryption.raw_scan import found_in_clear
from tests.infrastructure.encryption.workload import (
    ACKNOWLEDGEMENT,
    CUSTOMER,
    ESCALATIONS,
    REASON,
    SECRETS,
    SUMMARY,
    fill,
)


class TestAStoreWrittenWithAKey:
    def test_holds_none_of_the_text_in_the_clear(
        self, store_url: str, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Log, audit trail and snapshot all written; the raw data holds no secret."""
        use_keys(monkeypatch, new_key())
        with Opsledger.open(store_url, clock=clock) as ledger:
            fill(ledger)
        assert found_in_clear(store_url, SECRETS) == {text: [] for text in SECRETS}

    def test_reads_back_every_text_with_the_key(
        self, store_url: str, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """History, the snapshot and the audit trail (reason and payload) decrypt on read."""
        use_keys(monkeypatch, new_key())
        with Opsledger.open(store_url, clock=clock) as ledger:
            complaint = fill(ledger)
        with Opsledger.open(store_url, clock=clock) as ledger:
            history = ledger.history(complaint)
            assert len(history) == ESCALATIONS + 2
            received = history[0].event
            assert isinstance(received, ComplaintReceived)
            assert received.summary == SUMMARY
            assert {e.reason for e in history[2:]} == {REASON}

            snapshot = ledger.snapshots.latest(COMPLAINT, complaint, upto_version=None)
            assert snapshot is not None
            assert snapshot.state.summary == SUMMARY
            assert ledger.state(complaint)[1].state == snapshot.state

            (registered, acknowledged) = audit_trail_table.by_actor(
                ledger.database, CS_AGENT["id"], keyring=ledger.keyring, start=None, end=None
            )
            assert registered.payload["summary"] == SUMMARY
            assert registered.reason == REASON
            assert acknowledged.payload == {"message": ACKNOWLEDGEMENT}
            escalations = audit_trail_table.by_actor(
                ledger.database, MANAGER["id"], keyring=ledger.keyring, start=None, end=None
            )
            assert [e.payload["level"] for e in escalations] == list(range(1, ESCALATIONS + 1))
            assert {e.reason for e in escalations} == {REASON}


class TestTheScanItself:
    def test_finds_every_text_in_a_store_written_without_a_key(
        self, store_url: str, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The same workload with no key: the scan finds each secret, in the log, the trail
        and the snapshot, so its empty answer above means something."""
        use_keys(monkeypatch, None)
        with Opsledger.open(store_url, clock=clock) as ledger:
            fill(ledger)
        found = found_in_clear(store_url, SECRETS)
        assert all(found[text] for text in SECRETS), found
        if store_url.startswith("postgresql"):
            assert tables(found[SUMMARY]) == [
                "audit_trail.payload",
                "opsledger_events.state",
                "records.state",
                "snapshots.state",
            ]
            assert tables(found[REASON]) == ["audit_trail.reason", "opsledger_events.state"]


class TestIdentifiersStaySearchable:
    def test_the_customer_id_is_in_customer_columns_alone(
        self, store_url: str, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """`list --customer` finds records by an index, and KPIs count by customer: the
        customer id, an identifier, is kept in the clear in columns for it (README), and
        nowhere else."""
        use_keys(monkeypatch, new_key())
        with Opsledger.open(store_url, clock=clock) as ledger:
            fill(ledger)
        (where,) = found_in_clear(store_url, [CUSTOMER]).values()
        assert where
        if store_url.startswith("postgresql"):
            assert "records.customer" in tables(where)
            assert all(name.endswith((".customer", ".customer_id")) for name in where), where


def tables(found: list[str]) -> list[str]:
    """`table.column` names with a read model's build suffix taken off, sorted."""
    return sorted(re.sub(r"__g\d+\.", ".", name) for name in found)
