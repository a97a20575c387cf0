"""A store filled with distinctive text, as the encryption tests need it: commands through the
handler, a long history that leaves a snapshot, and the audit trail caught up."""

from __future__ import annotations

from uuid import UUID

from application.commands.complaint import COMPLAINT
from application.snapshots import SNAPSHOT_AFTER_EVENTS
from infrastructure.opsledger import Opsledger
from tests.application import risk_envelopes
from tests.application.complaint_envelopes import PAYLOADS, command

#: Text that must never be found in the clear in a store written with a key.
SUMMARY = "扫地机器人外壳破裂·密文核对 CLEAR-SUMMARY-5d1e"
ACKNOWLEDGEMENT = "我们已收到您的投诉·回执 CLEAR-ACK-93b0"
REASON = "客户第三次来电·升级理由 CLEAR-REASON-e7c4"
#: A risk's description: its state is kept by the records and the risk KPI read models.
RISK = "芯片只有一家供应商·机密 CLEAR-RISK-41aa"
SECRETS = (SUMMARY, ACKNOWLEDGEMENT, REASON, RISK)

#: An identifier from the payload that stays searchable: the records table's `customer`.
CUSTOMER = "客户-0042"

#: Enough escalations for a load to replay past SNAPSHOT_AFTER_EVENTS and keep a snapshot.
ESCALATIONS = SNAPSHOT_AFTER_EVENTS + 5

#: How many entries `fill` stores: a risk's and a complaint's events, each with its command's
#: record.
STORED = 2 * (1 + 2 + ESCALATIONS)


def register(ledger: Opsledger, *, summary: str = SUMMARY) -> UUID:
    """A complaint received with distinctive text; its id."""
    payload = {**PAYLOADS["register"], "summary": summary, "customer_id": CUSTOMER}
    result = ledger.submit(command("register", payload=payload, reason=REASON))
    assert result.ok, result.to_json()
    assert result.aggregate_id is not None
    return result.aggregate_id


def acknowledge(ledger: Opsledger, complaint: UUID) -> None:
    result = ledger.submit(command("acknowledge", complaint, payload={"message": ACKNOWLEDGEMENT}))
    assert result.ok, result.to_json()


def escalate(ledger: Opsledger, complaint: UUID, levels: range) -> None:
    """Escalations in one batch, each with the distinctive reason."""
    envelopes = [
        command("escalate", complaint, payload={"level": level}, reason=REASON) for level in levels
    ]
    results = ledger.submit_batch(envelopes)
    assert all(result.ok for result in results), results[0].to_json()


def fill(ledger: Opsledger) -> UUID:
    """Identify a risk; register, acknowledge and escalate one complaint past the snapshot
    threshold, load it (which keeps a snapshot), and catch the read models up; the complaint's
    id."""
    identify = risk_envelopes.command(
        "identify", payload={**risk_envelopes.PAYLOADS["identify"], "description": RISK}
    )
    assert ledger.submit(identify).ok
    complaint = register(ledger)
    acknowledge(ledger, complaint)
    escalate(ledger, complaint, range(1, ESCALATIONS + 1))
    ledger.ledger.load(COMPLAINT, complaint)
    assert [s.version for s in ledger.snapshots.all()] == [ESCALATIONS + 2]
    ledger.projections.catch_up()
    return complaint
