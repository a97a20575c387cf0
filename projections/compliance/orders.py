"""Order rule: ORDER_DELIVERY_DUE (DOMAIN §2, §7): a signed order not delivered in full by the
end of its promised delivery date, until it is delivered (or cancelled, which ends what it owes)."""

from __future__ import annotations

from datetime import datetime

from domain.order import events as order
from projections.compliance.findings import Breach, Rule
from projections.compliance.lateness import first_missed, shown
from projections.compliance.marks import Facts, Mark, at, iso, mark
from projections.log import LogEntry

KIND = "order"
RULES = frozenset({Rule.ORDER_DELIVERY_DUE})


def fold(facts: Facts, entry: LogEntry) -> Facts:
    event = entry.recorded.event
    here = mark(entry)
    match event:
        case order.OrderDrafted():
            facts.update(
                due=iso(event.delivery_due),
                promised=event.promised_delivery_date.isoformat(),
                department=event.actor.department,
                signed=None,
                met=None,
                ended=None,
            )
        case order.OrderAmended() if event.delivery_due is not None:
            facts["due"] = iso(event.delivery_due)
            if event.promised_delivery_date is not None:
                facts["promised"] = event.promised_delivery_date.isoformat()
        case order.ContractSigned():
            facts["signed"] = here
        case order.OrderDelivered():
            facts["met"] = facts["met"] or here
        case order.OrderCancelled():
            facts["met"] = facts["met"] or here
            facts["ended"] = here
        case order.OrderClosed():
            facts["ended"] = here
        case _:
            pass
    return facts


def breaches(facts: Facts, latest: Mark) -> list[Breach]:
    signed: Mark | None = facts.get("signed")
    if signed is None:
        return []  # nothing is owed before the contract is signed
    due = datetime.fromisoformat(facts["due"])
    begins = first_missed([(at(signed), due)], owed_from=at(signed), strict=False)
    met: Mark | None = facts["met"]
    if not shown(begins=begins, met=met, latest=latest, strict=False):
        return []
    return [
        Breach(
            rule=Rule.ORDER_DELIVERY_DUE,
            severity="high",
            opened_at=begins,
            closed=met,
            detail=f"promised for {facts['promised']}, late from {iso(begins)}",
        )
    ]


def ended(facts: Facts) -> Mark | None:
    return facts.get("ended")


def department(facts: Facts) -> str | None:
    return facts.get("department")
